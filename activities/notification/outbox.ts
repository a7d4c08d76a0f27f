import { createHmac, timingSafeEqual } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../runtime/db';
import type { Logger } from '../../runtime/logger';

// Delivers the outbox: e-mail over SMTP and signed webhooks, at least once.
//
// Any number of dispatchers may run (one per worker process). Each claims a batch of due
// messages with FOR UPDATE SKIP LOCKED, so no two claim the same message; the claim is a lease
// (next_attempt_at is moved to when it lapses), so a message whose dispatcher died is taken over
// once the lease is over. The attempt counter is the claim's fencing token: the outcome of an
// attempt is written only if the message is still under that same claim.
//
// "At least once" means a crash between sending and recording can send a message twice. Each
// e-mail carries a Message-ID and each webhook an X-SRDI-Delivery header derived from the
// message id, identical on every attempt, so receivers can recognise the repeat.

export interface OutboxDispatcherOptions {
  db: Db;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** smtp:// or smtps:// URL of the relay; unset: e-mail is off and e-mail messages stay pending. */
  smtpUrl?: string;
  mailFrom?: string;
  pollIntervalMs?: number;
  /** Messages claimed (and sent concurrently) per round. */
  batchSize?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** How long a claim lasts; must comfortably exceed sendTimeoutMs. */
  leaseMs?: number;
  /** Per SMTP stage (connect, greeting, each command) and for a whole webhook request. */
  sendTimeoutMs?: number;
}

export const outboxDefaults = {
  mailFrom: '督办平台 <noreply@srdi-flow.local>',
  pollIntervalMs: 1000,
  batchSize: 10,
  maxAttempts: 8,
  backoffBaseMs: 10_000,
  backoffCapMs: 3_600_000,
  leaseMs: 300_000,
  sendTimeoutMs: 30_000,
} as const;

/**
 * Exponential back-off with "equal jitter": half the delay is fixed, half random, so retries of
 * many messages that failed together (the relay was down) spread out but never come too soon.
 */
export function retryDelayMs(failedAttempts: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * For receivers: checks X-SRDI-Signature against the exact raw body and X-SRDI-Timestamp. Pass
 * `maxAgeSeconds` (and optionally `now`) to also refuse old, replayed deliveries.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  options: { maxAgeSeconds?: number; now?: Date } = {},
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (options.maxAgeSeconds !== undefined) {
    const ageSeconds = Math.abs((options.now ?? new Date()).getTime() / 1000 - Number(timestamp));
    if (ageSeconds > options.maxAgeSeconds) return false;
  }
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface ClaimedMessage {
  id: string;
  channel: 'email' | 'webhook';
  target: string;
  subject: string;
  body: string;
  html: string | null;
  subscription_id: string | null;
  attempts: number;
  previous_status: 'pending' | 'sending';
}

type Outcome = { ok: true; detail: string } | { ok: false; detail: string; permanent?: boolean };

class PermanentFailure extends Error {}

export class OutboxDispatcher {
  private readonly db: Db;
  private readonly log: OutboxDispatcherOptions['logger'];
  private readonly settings: Required<Omit<OutboxDispatcherOptions, 'db' | 'logger' | 'smtpUrl'>>;
  private readonly mailer: Transporter | undefined;
  private readonly messageIdDomain: string;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(options: OutboxDispatcherOptions) {
    this.db = options.db;
    this.log = options.logger;
    this.settings = {
      mailFrom: options.mailFrom ?? outboxDefaults.mailFrom,
      pollIntervalMs: options.pollIntervalMs ?? outboxDefaults.pollIntervalMs,
      batchSize: options.batchSize ?? outboxDefaults.batchSize,
      maxAttempts: options.maxAttempts ?? outboxDefaults.maxAttempts,
      backoffBaseMs: options.backoffBaseMs ?? outboxDefaults.backoffBaseMs,
      backoffCapMs: options.backoffCapMs ?? outboxDefaults.backoffCapMs,
      leaseMs: options.leaseMs ?? outboxDefaults.leaseMs,
      sendTimeoutMs: options.sendTimeoutMs ?? outboxDefaults.sendTimeoutMs,
    };
    if (options.smtpUrl) {
      const timeout = this.settings.sendTimeoutMs;
      this.mailer = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
    }
    // The Message-ID's right-hand side: the sender's domain, so it is unique to this system.
    this.messageIdDomain = /@([^>\s]+)>?\s*$/.exec(this.settings.mailFrom)?.[1] ?? 'srdi-flow.local';
  }

  get emailEnabled(): boolean {
    return this.mailer !== undefined;
  }

  /** Starts polling in the background; `stop()` ends it. */
  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.emailEnabled) this.log?.info('e-mail is off (SMTP_URL is not set): only webhooks are delivered');
    this.loop = this.pollUntilStopped();
  }

  /** Stops polling and waits for the sends in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    // The SMTP transport is not pooled: it holds no connection between sends, so nothing to close.
  }

  /** One round: claims up to batchSize due messages and delivers them. Returns how many it claimed. */
  async dispatchOnce(): Promise<number> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((message) => this.deliver(message)));
    return claimed.length;
  }

  private async pollUntilStopped(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.dispatchOnce();
      } catch (error) {
        // The database is unreachable or similar: keep polling, it will come back.
        this.log?.error({ err: error }, 'outbox dispatch round failed');
      }
      // A full batch suggests more are due: go again at once.
      if (this.running && claimed < this.settings.batchSize) await this.pause(this.settings.pollIntervalMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async claim(): Promise<ClaimedMessage[]> {
    // With e-mail off, e-mail messages stay pending for a process that has it on.
    const channels = this.emailEnabled ? ['email', 'webhook'] : ['webhook'];
    return this.db.$queryRaw<ClaimedMessage[]>`
      WITH due AS (
        SELECT id, status AS previous_status
          FROM outbox_message
         WHERE status IN ('pending', 'sending')
           AND next_attempt_at <= now()
           AND channel::text = ANY(${channels}::text[])
         ORDER BY next_attempt_at
         LIMIT ${this.settings.batchSize}::int
           FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox_message AS message
         SET status = 'sending',
             attempts = message.attempts + 1,
             next_attempt_at = now() + ${this.settings.leaseMs}::double precision * interval '1 millisecond'
        FROM due
       WHERE message.id = due.id
      RETURNING message.id, message.channel::text AS channel, message.target, message.subject, message.body,
                message.html, message.subscription_id, message.attempts, due.previous_status::text AS previous_status`;
  }

  private async deliver(message: ClaimedMessage): Promise<void> {
    try {
      if (message.previous_status === 'sending') {
        // The dispatcher that held the previous claim stopped without recording an outcome.
        await this.recordAttempt(message.id, message.attempts - 1, false, 'lease expired before the outcome was recorded; it may have been delivered');
        if (message.attempts > this.settings.maxAttempts) {
          await this.finish(message, { ok: false, detail: 'lease expired on the last attempt' }, false);
          return;
        }
      }
      const outcome = await this.send(message);
      await this.finish(message, outcome, true);
    } catch (error) {
      // Recording failed (the database went away): the lease lapses and the message is retried.
      this.log?.error({ err: error, messageId: message.id }, 'could not record an outbox delivery');
    }
  }

  private async send(message: ClaimedMessage): Promise<Outcome> {
    try {
      const detail = message.channel === 'email' ? await this.sendEmail(message) : await this.sendWebhook(message);
      return { ok: true, detail };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, detail, permanent: error instanceof PermanentFailure };
    }
  }

  private async sendEmail(message: ClaimedMessage): Promise<string> {
    const info = await this.mailer!.sendMail({
      from: this.settings.mailFrom,
      to: message.target,
      subject: message.subject,
      text: message.body,
      ...(message.html ? { html: message.html } : {}),
      messageId: `<outbox.${message.id}@${this.messageIdDomain}>`,
      headers: { 'X-SRDI-Delivery': message.id },
    });
    return `smtp: ${info.response}`;
  }

  private async sendWebhook(message: ClaimedMessage): Promise<string> {
    // The secret is read at send time, so a rotated secret applies to messages already queued.
    const subscription = message.subscription_id
      ? await this.db.webhookSubscription.findUnique({ where: { id: message.subscription_id }, select: { secret: true, active: true } })
      : null;
    if (!subscription) throw new PermanentFailure('webhook subscription no longer exists');
    if (!subscription.active) throw new PermanentFailure('webhook subscription is inactive');

    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(message.target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': 'srdi-flow-outbox',
        'X-SRDI-Delivery': message.id,
        'X-SRDI-Timestamp': timestamp,
        'X-SRDI-Signature': webhookSignature(subscription.secret, timestamp, message.body),
      },
      body: message.body,
      redirect: 'manual', // a redirect is not an acknowledgement, and must not re-post elsewhere
      signal: AbortSignal.timeout(this.settings.sendTimeoutMs),
    });
    const answer = (await response.text().catch(() => '')).slice(0, 200);
    if (response.status < 200 || response.status > 299) throw new Error(`webhook answered HTTP ${response.status}${answer ? `: ${answer}` : ''}`);
    return `webhook: HTTP ${response.status}`;
  }

  /** Records the attempt and moves the message on, if it is still under this claim. */
  private async finish(message: ClaimedMessage, outcome: Outcome, logAttempt: boolean): Promise<void> {
    const { id, attempts } = message;
    const detail = outcome.detail.slice(0, 2000);
    await this.db.$transaction(async (tx) => {
      let updated: number;
      if (outcome.ok) {
        updated = await tx.$executeRaw`
          UPDATE outbox_message SET status = 'sent', sent_at = now(), last_error = NULL
           WHERE id = ${id} AND status = 'sending' AND attempts = ${attempts}::int`;
      } else if (outcome.permanent || attempts >= this.settings.maxAttempts) {
        updated = await tx.$executeRaw`
          UPDATE outbox_message SET status = 'dead', last_error = ${detail}
           WHERE id = ${id} AND status = 'sending' AND attempts = ${attempts}::int`;
      } else {
        const delayMs = retryDelayMs(attempts, this.settings.backoffBaseMs, this.settings.backoffCapMs);
        updated = await tx.$executeRaw`
          UPDATE outbox_message SET status = 'pending', last_error = ${detail},
                 next_attempt_at = now() + ${delayMs}::double precision * interval '1 millisecond'
           WHERE id = ${id} AND status = 'sending' AND attempts = ${attempts}::int`;
      }
      const superseded = updated === 0;
      if (logAttempt) {
        await tx.deliveryAttempt.create({
          data: { messageId: id, attemptNo: attempts, ok: outcome.ok, detail: superseded ? `${detail} (recorded after the lease had expired)` : detail },
        });
      }
      if (superseded) this.log?.warn({ messageId: id, attempt: attempts }, 'outbox lease expired during delivery; another dispatcher took the message over');
      else if (!outcome.ok) this.log?.warn({ messageId: id, attempt: attempts, error: detail }, 'outbox delivery failed');
    });
  }

  private async recordAttempt(messageId: string, attemptNo: number, ok: boolean, detail: string): Promise<void> {
    await this.db.deliveryAttempt.create({ data: { messageId, attemptNo, ok, detail } });
  }
}
