import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { serviceOfficerRoles } from '../../domain/access/policy';
import { AppError } from '../../domain/errors';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { appendAudit } from '../audit/audit-log';

// 服务专员 (一企一策一人, measure 22): one named staff member per enterprise who follows it, may
// raise its difficulties for it and sees its cases. The listing programme's officer is chosen
// by the same rule.

type Tx = Prisma.TransactionClient;

export interface ServiceOfficer {
  staffId: string;
  name: string;
  unitId: string;
}

/** An active liaison, unit leader or commission officer; undefined for anyone else. */
export async function serviceOfficerOf(db: Db | Tx, officerId: string, { lock = false } = {}): Promise<ServiceOfficer | undefined> {
  // Locked (FOR SHARE) when naming: a role change or deactivation at the same moment waits, so
  // nobody is named who no longer qualifies.
  const [staff] = await db.$queryRaw<{ id: string; name: string; unit_id: string; active: boolean; roles: string[] }[]>`
    SELECT id, name, unit_id, active, roles::text[] AS roles FROM staff_member WHERE id = ${officerId} ${lock ? Prisma.sql`FOR SHARE` : Prisma.empty}`;
  if (!staff || !staff.active || !staff.roles.some((role) => (serviceOfficerRoles as readonly string[]).includes(role))) return undefined;
  return { staffId: staff.id, name: staff.name, unitId: staff.unit_id };
}

/** The staff id of the enterprise's service officer, or null (none named, or no such enterprise). */
export async function serviceOfficerIdOf(db: Db, enterpriseId: string): Promise<string | null> {
  const enterprise = await db.enterprise.findUnique({ where: { id: enterpriseId }, select: { serviceOfficerId: true } });
  return enterprise?.serviceOfficerId ?? null;
}

export const serviceOfficerError = () => new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'officerId', message: '服务专员须为在职的联络员、分管领导或督办员' }] });

/**
 * Assigns (or changes) an enterprise's service officer, with the people's notices and the audit
 * entry in the same transaction. The row lock orders concurrent changes; naming the current officer again changes
 * nothing and records nothing, so a retried request is harmless.
 */
export async function assignServiceOfficer(db: Db, by: Principal, enterpriseId: string, input: { officerId: string; reason: string }, now = new Date()) {
  return db.$transaction(async (tx) => {
    const officer = await serviceOfficerOf(tx, input.officerId, { lock: true });
    if (!officer) throw serviceOfficerError();
    const [current] = await tx.$queryRaw<{ name: string; service_officer_id: string | null }[]>`SELECT name, service_officer_id FROM enterprise WHERE id = ${enterpriseId} FOR UPDATE`;
    if (!current) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
    if (current.service_officer_id === officer.staffId) return { enterpriseId, officer, changed: false };
    await tx.enterprise.update({ where: { id: enterpriseId }, data: { serviceOfficerId: officer.staffId, serviceOfficerAssignedAt: now } });
    // Both people are told in-app, with the change: the new officer what they now follow, the
    // previous one that they no longer do.
    const change = randomUUID();
    const notice = (recipientId: string, title: string, body: string) => ({
      id: randomUUID(),
      recipientId,
      kind: 'enterprise.service_officer',
      title,
      body,
      createdAt: now,
      dedupKey: `enterprise:${enterpriseId}:service-officer:${change}:${recipientId}`,
    });
    await tx.notification.createMany({
      data: [
        notice(officer.staffId, `您已被指定为${current.name}的服务专员`, `理由：${input.reason}\n请在企业库中查看该企业的档案与全部办理事项，可代企业提出诉求。`),
        ...(current.service_officer_id ? [notice(current.service_officer_id, `您不再担任${current.name}的服务专员`, `理由：${input.reason}`)] : []),
      ],
    });
    await appendAudit(tx, {
      actorId: auditActorOf(by),
      action: 'enterprise.service_officer_assigned',
      subject: `enterprise:${enterpriseId}`,
      detail: { label: '指定服务专员', from: current.service_officer_id, to: officer.staffId, toUnitId: officer.unitId, reason: input.reason },
      dedupKey: `enterprise:${enterpriseId}:service-officer:${change}`,
      at: now,
    });
    return { enterpriseId, officer, changed: true };
  });
}
