import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNotificationActivities } from '../../../activities/notification/notify';
import { OutboxDispatcher, retryDelayMs, verifyWebhookSignature, webhookSignature, type OutboxDispatcherOptions } from '../../../activities/notification/outbox';
import type { TestDatabase } from '../../support/database';
import { createTestDatabase } from '../../support/database';
import { MailReceiver } from '../../support/mail-receiver';

// Delivery through real servers on localhost: an SMTP server (smtp-server) and a node:http
// webhook receiver. Each test starts from an empty outbox.

interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP endpoint; answers with the queued statuses first, then 200. */
class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  statuses: number[] = [];
  /** While set, requests are held until it resolves. */
  hold: Promise<void> | undefined;
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const held = this.hold;
      if (held) await held;
      const status = this.statuses.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/srdi`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let database: TestDatabase;
const mail = new MailReceiver();
const webhooks = new WebhookReceiver();
let smtpUrl: string;
let webhookUrl: string;
const secret = 'test-secret-不要外传';
const dispatchers: OutboxDispatcher[] = [];

beforeAll(async () => {
  [database, smtpUrl, webhookUrl] = await Promise.all([createTestDatabase({ poolSize: 10 }), mail.listen(), webhooks.listen()]);
  await database.db.webhookSubscription.createMany({
    data: [
      { id: 'hook-oa', url: webhookUrl, secret, kinds: ['*'] },
      { id: 'hook-paused', url: webhookUrl, secret, kinds: ['*'], active: false },
    ],
  });
});

beforeEach(async () => {
  await database.db.outboxMessage.deleteMany({});
  mail.received.length = 0;
  mail.rejectNext = 0;
  webhooks.received.length = 0;
  webhooks.statuses = [];
  webhooks.hold = undefined;
});

afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
});

afterAll(async () => {
  await Promise.all([database?.drop(), mail.close(), webhooks.close()]);
});

function dispatcher(options: Partial<OutboxDispatcherOptions> = {}): OutboxDispatcher {
  const created = new OutboxDispatcher({
    db: database.db,
    smtpUrl,
    pollIntervalMs: 20,
    batchSize: 5,
    maxAttempts: 5,
    backoffBaseMs: 20,
    backoffCapMs: 100,
    sendTimeoutMs: 5000,
    ...options,
  });
  dispatchers.push(created);
  return created;
}

async function queueEmail(target = 'liaison.kjj@example.cn', overrides: Record<string, unknown> = {}) {
  return database.db.outboxMessage.create({
    data: { id: randomUUID(), channel: 'email', target, kind: 'item.urge', subject: '催办通知', body: '请抓紧办理。', dedupKey: randomUUID(), ...overrides },
  });
}

async function queueWebhook(overrides: Record<string, unknown> = {}) {
  return database.db.outboxMessage.create({
    data: {
      id: randomUUID(),
      channel: 'webhook',
      target: webhookUrl,
      kind: 'item.urge',
      subject: '催办通知',
      body: JSON.stringify({ kind: 'item.urge', title: '催办通知' }),
      subscriptionId: 'hook-oa',
      dedupKey: randomUUID(),
      ...overrides,
    },
  });
}

async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const statusOf = async (id: string) => (await database.db.outboxMessage.findUniqueOrThrow({ where: { id } })).status;
const attemptsOf = (messageId: string) => database.db.deliveryAttempt.findMany({ where: { messageId }, orderBy: [{ attemptNo: 'asc' }, { id: 'asc' }] });
const allSettled = async () => (await database.db.outboxMessage.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0;

describe('the outbox dispatcher', () => {
  test('delivers a notification once by e-mail and once by webhook, even when notify ran twice with the same key', async () => {
    const { notify } = createNotificationActivities(database.db);
    const request = {
      dedupKey: 'item-7:urge',
      kind: 'item.urge',
      title: '催办通知：二期厂房用地指标',
      body: '该事项已超期 1 个工作日。',
      itemId: 'item-7',
      targets: [{ role: 'liaison' as const, unitId: 'ghzrj' }],
      document: { title: '催办通知', html: '<!DOCTYPE html><html><body><h1>催办通知</h1></body></html>' },
      at: '2026-03-10T09:00:00+08:00',
    };
    await notify(request);
    await notify(request);
    dispatcher().start();
    await waitUntil(allSettled, 'the outbox is delivered');
    const messages = await database.db.outboxMessage.findMany();
    expect(messages.map((message) => message.status)).toEqual(['sent', 'sent']);

    expect(mail.received).toHaveLength(1);
    const email = mail.received[0]!;
    const emailMessage = messages.find((message) => message.channel === 'email')!;
    expect(email.envelopeTo).toEqual(['liaison.ghzrj@example.cn']);
    expect(email.parsed.subject).toBe('催办通知：二期厂房用地指标');
    expect(email.parsed.messageId).toBe(`<outbox.${emailMessage.id}@srdi-flow.local>`);
    expect(email.parsed.from?.text).toContain('noreply@srdi-flow.local');
    expect(email.parsed.text).toContain('该事项已超期 1 个工作日。');
    expect(email.parsed.html).toContain('<h1>催办通知</h1>');

    expect(webhooks.received).toHaveLength(1);
    const hook = webhooks.received[0]!;
    const hookMessage = messages.find((message) => message.channel === 'webhook')!;
    expect(hook.headers['x-srdi-delivery']).toBe(hookMessage.id);
    expect(hook.headers['content-type']).toMatch(/^application\/json/);
    expect(verifyWebhookSignature(secret, String(hook.headers['x-srdi-timestamp']), hook.body, String(hook.headers['x-srdi-signature']))).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({ kind: 'item.urge', dedupKey: 'item-7:urge', itemId: 'item-7' });
  });

  test('with several dispatchers running at once, sends every message exactly once', async () => {
    const queued = await Promise.all([
      ...Array.from({ length: 15 }, (_, index) => queueEmail(`person${index}@example.cn`)),
      ...Array.from({ length: 15 }, () => queueWebhook()),
    ]);
    for (let index = 0; index < 3; index += 1) dispatcher({ batchSize: 2 }).start();
    await waitUntil(allSettled, 'the dispatchers drained the outbox');

    const emailIds = queued.filter((message) => message.channel === 'email').map((message) => `<outbox.${message.id}@srdi-flow.local>`);
    expect(mail.received.map((received) => received.parsed.messageId).sort()).toEqual(emailIds.sort());
    const webhookIds = queued.filter((message) => message.channel === 'webhook').map((message) => message.id);
    expect(webhooks.received.map((received) => received.headers['x-srdi-delivery']).sort()).toEqual(webhookIds.sort());
    expect(await database.db.outboxMessage.count({ where: { status: 'sent', attempts: 1 } })).toBe(30);
    expect(await database.db.deliveryAttempt.count({ where: { ok: true } })).toBe(30);
  });

  test('retries an e-mail the SMTP server rejected, only once the back-off has passed', async () => {
    const message = await queueEmail();
    mail.rejectNext = 1;
    const outbox = dispatcher({ backoffBaseMs: 60_000, backoffCapMs: 600_000 });

    expect(await outbox.dispatchOnce()).toBe(1);
    const failed = await database.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/451/) });
    const [firstAttempt] = await attemptsOf(message.id);
    expect(firstAttempt).toMatchObject({ attemptNo: 1, ok: false, detail: expect.stringMatching(/mailbox busy/) });
    // Equal jitter: at least half the base delay after the failure.
    expect(failed.nextAttemptAt.getTime() - firstAttempt!.at.getTime()).toBeGreaterThanOrEqual(30_000);

    expect(await outbox.dispatchOnce()).toBe(0); // not due yet
    await database.db.$executeRaw`UPDATE outbox_message SET next_attempt_at = now() WHERE id = ${message.id}`; // the back-off has passed
    expect(await outbox.dispatchOnce()).toBe(1);

    expect(await statusOf(message.id)).toBe('sent');
    expect((await attemptsOf(message.id)).map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(mail.received).toHaveLength(1);
  });

  test('retries a webhook the receiver answered with HTTP 500, with the same delivery id', async () => {
    const message = await queueWebhook();
    webhooks.statuses = [500];
    dispatcher().start();
    await waitUntil(async () => (await statusOf(message.id)) === 'sent', 'the webhook is delivered');

    expect(webhooks.received.map((received) => received.headers['x-srdi-delivery'])).toEqual([message.id, message.id]);
    const attempts = await attemptsOf(message.id);
    expect(attempts.map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(attempts[0]!.detail).toMatch(/HTTP 500/);
  });

  test('dead-letters a message after the maximum number of attempts and sends it no more', async () => {
    const message = await queueWebhook();
    webhooks.statuses = Array.from({ length: 10 }, () => 503);
    const outbox = dispatcher({ maxAttempts: 3, backoffBaseMs: 1, backoffCapMs: 5 });
    outbox.start();
    await waitUntil(async () => (await statusOf(message.id)) === 'dead', 'the message is dead-lettered');
    await outbox.stop();

    expect(webhooks.received).toHaveLength(3);
    expect((await attemptsOf(message.id)).map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ attempts: 3, lastError: expect.stringMatching(/503/) });
    await database.db.$executeRaw`UPDATE outbox_message SET next_attempt_at = now() - interval '1 hour'`;
    expect(await outbox.dispatchOnce()).toBe(0);
  });

  test('takes over a message left "sending" by a crashed dispatcher once its lease has expired, and not before', async () => {
    const abandoned = await queueEmail('abandoned@example.cn', { status: 'sending', attempts: 1 });
    const leased = await queueEmail('leased@example.cn', { status: 'sending', attempts: 1 });
    await database.db.$executeRaw`UPDATE outbox_message SET next_attempt_at = now() - interval '1 second' WHERE id = ${abandoned.id}`;
    await database.db.$executeRaw`UPDATE outbox_message SET next_attempt_at = now() + interval '1 hour' WHERE id = ${leased.id}`;

    expect(await dispatcher().dispatchOnce()).toBe(1);

    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: abandoned.id } })).toMatchObject({ status: 'sent', attempts: 2 });
    const attempts = await attemptsOf(abandoned.id);
    expect(attempts.map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(attempts[0]!.detail).toMatch(/lease expired/);
    expect(mail.received.map((received) => received.envelopeTo)).toEqual([['abandoned@example.cn']]);
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: leased.id } })).toMatchObject({ status: 'sending', attempts: 1 });
  });

  test('dead-letters a message whose lease expired on its last attempt without sending it again', async () => {
    const message = await queueEmail('last@example.cn', { status: 'sending', attempts: 2 });
    await database.db.$executeRaw`UPDATE outbox_message SET next_attempt_at = now() - interval '1 second' WHERE id = ${message.id}`;
    expect(await dispatcher({ maxAttempts: 2 }).dispatchOnce()).toBe(1);
    expect(await statusOf(message.id)).toBe('dead');
    expect(mail.received).toHaveLength(0);
    expect((await attemptsOf(message.id)).map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([[2, false]]);
  });

  test('lets a slow dispatcher whose lease lapsed log its outcome but not overwrite the newer claim', async () => {
    const message = await queueWebhook();
    let release!: () => void;
    webhooks.hold = new Promise((resolve) => (release = resolve));
    const slow = dispatcher({ leaseMs: 1 });
    const slowRound = slow.dispatchOnce();
    await waitUntil(async () => webhooks.received.length === 1, 'the slow dispatcher reaches the receiver');

    webhooks.hold = undefined;
    webhooks.statuses = [200, 500]; // the takeover is answered first, the held request last
    expect(await dispatcher().dispatchOnce()).toBe(1);
    release();
    await slowRound;

    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ status: 'sent', attempts: 2 });
    const attempts = await attemptsOf(message.id);
    expect(attempts.map((attempt) => [attempt.attemptNo, attempt.ok])).toEqual([
      [1, false], // written by the takeover: the outcome was unknown then
      [1, false], // the slow dispatcher's own outcome, after the fact
      [2, true],
    ]);
    expect(attempts[1]!.detail).toMatch(/HTTP 500.*recorded after the lease had expired/);
  });

  test('stop() waits for the delivery in flight and records it', async () => {
    const message = await queueWebhook();
    let release!: () => void;
    webhooks.hold = new Promise((resolve) => (release = resolve));
    const outbox = dispatcher();
    outbox.start();
    await waitUntil(async () => webhooks.received.length === 1, 'the delivery is in flight');

    let stopped = false;
    const stopping = outbox.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await statusOf(message.id)).toBe('sent');
  });

  test('dead-letters a webhook whose subscription was removed or paused, without calling it', async () => {
    const paused = await queueWebhook({ subscriptionId: 'hook-paused' });
    const orphan = await queueWebhook({ subscriptionId: null });
    await dispatcher().dispatchOnce();
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: paused.id } })).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringMatching(/inactive/) });
    expect(await database.db.outboxMessage.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: 'dead', attempts: 1, lastError: expect.stringMatching(/no longer exists/) });
    expect(webhooks.received).toHaveLength(0);
  });

  test('with e-mail off, leaves e-mail pending and still delivers webhooks', async () => {
    const email = await queueEmail();
    const hook = await queueWebhook();
    const outbox = dispatcher({ smtpUrl: undefined });
    expect(outbox.emailEnabled).toBe(false);
    expect(await outbox.dispatchOnce()).toBe(1);
    expect([await statusOf(email.id), await statusOf(hook.id)]).toEqual(['pending', 'sent']);
  });
});

describe('webhook signatures', () => {
  const body = JSON.stringify({ kind: 'item.urge', title: '催办通知' });
  const timestamp = '1773104400';
  const signature = webhookSignature(secret, timestamp, body);

  test('are HMAC-SHA256 of "<timestamp>.<body>" in hex, and verify', () => {
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, timestamp, body, signature)).toBe(true);
  });

  test('fail for a tampered body, another timestamp, another secret or a malformed signature', () => {
    expect(verifyWebhookSignature(secret, timestamp, body.replace('催办', '督办'), signature)).toBe(false);
    expect(verifyWebhookSignature(secret, '1773104401', body, signature)).toBe(false);
    expect(verifyWebhookSignature('another secret', timestamp, body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, signature.slice(0, -1))).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, body, '')).toBe(false);
  });

  test('fail when older than the receiver accepts, if it asks', () => {
    const sentAt = new Date(Number(timestamp) * 1000);
    expect(verifyWebhookSignature(secret, timestamp, body, signature, { maxAgeSeconds: 300, now: new Date(sentAt.getTime() + 60_000) })).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, body, signature, { maxAgeSeconds: 300, now: new Date(sentAt.getTime() + 600_000) })).toBe(false);
  });
});

describe('retry back-off', () => {
  test('doubles from the base up to the cap, with jitter within the upper half', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000, 5000, () => 0))).toEqual([500, 1000, 2000, 2500]);
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    for (let index = 0; index < 100; index += 1) {
      const delay = retryDelayMs(3, 1000, 60_000);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});
