import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { appendAudit } from '../audit/audit-log';
import { resolveRecipients, type Recipient } from '../organisation/recipients';

// The notify activity: decides who is told and writes everything that has to happen in one
// transaction (in-app rows, outbox rows, the audit entry). Delivery happens later, from the
// outbox, so a slow mail server never holds up a workflow and nothing is sent for a
// transaction that rolled back.

const orgRoles = ['liaison', 'unit_leader', 'commission_officer', 'commission_head', 'district_leader'] as const;

export const notifyRequestSchema = z.object({
  dedupKey: z.string().min(1).max(300),
  kind: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'kind looks like item.urge').max(100),
  title: z.string().min(1).max(500),
  body: z.string().max(20_000),
  itemId: z.string().min(1).optional(),
  targets: z.array(z.object({ role: z.enum(orgRoles), unitId: z.string().min(1) })),
  document: z.object({ title: z.string().min(1).max(500), html: z.string().min(1).max(1_000_000) }).optional(),
  at: z.iso.datetime({ offset: true }),
});

export type NotifyRequest = z.infer<typeof notifyRequestSchema>;

export interface NotifyResult {
  recipients: number;
  outbox: number;
}

export interface NotificationActivityOptions {
  /** False when SMTP_URL is unset: no e-mail is queued (in-app and webhooks still are). */
  emailEnabled?: boolean;
}

/** The webhook's JSON body: what an external system (e.g. the district OA) learns. */
export interface WebhookPayload {
  kind: string;
  dedupKey: string;
  title: string;
  body: string;
  itemId: string | null;
  at: string;
  recipients: { id: string; name: string; unitId: string }[];
  document: { title: string; html: string } | null;
}

const systemActorId = 'system';
// Two-key advisory locks live apart from the audit chain's one-key lock.
const notifyLockClass = 72_101_778;
const mailFooter = '\n\n——\n本邮件由专精特新督办平台自动发送，请勿直接回复。请登录督办平台查看和办理。';

function actingNote(recipient: Recipient, names: Map<string, string>): string {
  if (recipient.standingInFor.length === 0) return '';
  const absent = recipient.standingInFor.map((id) => names.get(id) ?? id).join('、');
  return `【代岗】您正在代${absent}接收此通知。\n\n`;
}

function parseRequest(input: unknown): NotifyRequest {
  const parsed = notifyRequestSchema.safeParse(input);
  if (!parsed.success) {
    // A malformed request is a bug in the caller; retrying cannot fix it.
    throw ApplicationFailure.nonRetryable(`notify: invalid request: ${z.prettifyError(parsed.error)}`, 'VALIDATION_FAILED');
  }
  return parsed.data;
}

export function createNotificationActivities(db: Db, options: NotificationActivityOptions = {}) {
  const emailEnabled = options.emailEnabled ?? true;

  return {
    /**
     * Notifies everyone holding the target roles (and their stand-ins) once per dedupKey. A
     * retry, or a concurrent call with the same key, inserts nothing and returns the counts
     * recorded the first time.
     */
    async notify(input: NotifyRequest): Promise<NotifyResult> {
      const request = parseRequest(input);
      const at = new Date(request.at);
      const auditKey = `notify:${request.dedupKey}`;

      return db.$transaction(async (tx) => {
        // Serialise calls with the same key, so the second one sees the first one's audit row.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${notifyLockClass}::int, hashtext(${request.dedupKey}))`;
        const done = await tx.auditEvent.findUnique({ where: { dedupKey: auditKey }, select: { detail: true } });
        if (done) {
          const detail = done.detail as { recipientIds?: string[]; outbox?: number };
          return { recipients: detail.recipientIds?.length ?? 0, outbox: detail.outbox ?? 0 };
        }

        const recipients = await resolveRecipients(tx, request.targets, at);
        const names = await absentColleagueNames(tx, recipients);
        const unresolvedTargets = await targetsReachingNobody(tx, request, recipients, at);

        await tx.notification.createMany({
          data: recipients.map((recipient) => ({
            id: randomUUID(),
            recipientId: recipient.id,
            kind: request.kind,
            title: request.title,
            body: actingNote(recipient, names) + request.body,
            itemId: request.itemId ?? null,
            documentTitle: request.document?.title ?? null,
            document: request.document?.html ?? null,
            createdAt: at,
            dedupKey: `${request.dedupKey}:${recipient.id}`,
          })),
          skipDuplicates: true,
        });

        const emails: Prisma.OutboxMessageCreateManyInput[] = emailEnabled
          ? recipients
              .filter((recipient) => recipient.email)
              .map((recipient) => ({
                id: randomUUID(),
                channel: 'email',
                target: recipient.email!,
                kind: request.kind,
                subject: request.title,
                body: actingNote(recipient, names) + request.body + mailFooter,
                html: request.document?.html ?? null,
                recipientId: recipient.id,
                dedupKey: `${request.dedupKey}:email:${recipient.id}`,
              }))
          : [];

        const subscriptions = await tx.webhookSubscription.findMany({
          where: { active: true, kinds: { hasSome: [request.kind, '*'] } },
          select: { id: true, url: true },
          orderBy: { id: 'asc' },
        });
        const payload: WebhookPayload = {
          kind: request.kind,
          dedupKey: request.dedupKey,
          title: request.title,
          body: request.body,
          itemId: request.itemId ?? null,
          at: at.toISOString(),
          recipients: recipients.map(({ id, name, unitId }) => ({ id, name, unitId })),
          document: request.document ?? null,
        };
        const webhooks: Prisma.OutboxMessageCreateManyInput[] = subscriptions.map((subscription) => ({
          id: randomUUID(),
          channel: 'webhook',
          target: subscription.url,
          kind: request.kind,
          subject: request.title,
          body: JSON.stringify(payload),
          subscriptionId: subscription.id,
          dedupKey: `${request.dedupKey}:webhook:${subscription.id}`,
        }));

        const outbox = [...emails, ...webhooks];
        if (outbox.length > 0) await tx.outboxMessage.createMany({ data: outbox, skipDuplicates: true });

        await appendAudit(tx, {
          actorId: systemActorId,
          action: 'notification.sent',
          subject: request.itemId ? `item:${request.itemId}` : `notification:${request.dedupKey}`,
          detail: {
            kind: request.kind,
            title: request.title,
            targets: request.targets,
            unresolvedTargets,
            recipientIds: recipients.map((recipient) => recipient.id),
            emails: emails.length,
            webhooks: webhooks.length,
            outbox: outbox.length,
            emailEnabled,
          },
          dedupKey: auditKey,
          at,
        });
        return { recipients: recipients.length, outbox: outbox.length };
      });
    },
  };
}

async function absentColleagueNames(tx: Prisma.TransactionClient, recipients: Recipient[]): Promise<Map<string, string>> {
  const ids = [...new Set(recipients.flatMap((recipient) => recipient.standingInFor))];
  if (ids.length === 0) return new Map();
  const people = await tx.staffMember.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(people.map((person) => [person.id, person.name]));
}

/** Recorded in the audit entry so that a gap in the organisation chart is visible. */
async function targetsReachingNobody(tx: Prisma.TransactionClient, request: NotifyRequest, recipients: Recipient[], at: Date) {
  if (request.targets.length <= 1) return recipients.length === 0 ? request.targets : [];
  const nobody: NotifyRequest['targets'] = [];
  for (const target of request.targets) {
    if ((await resolveRecipients(tx, [target], at)).length === 0) nobody.push(target);
  }
  return nobody;
}
