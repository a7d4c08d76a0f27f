import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { defaultItemTypePolicy, type ItemTypePolicy } from '../../domain/supervision/item-type';
import type { EscalationStepKey } from '../../domain/supervision/escalation';
import type { Actor, ItemSnapshot } from '../../domain/supervision/item';
import { actUpdate, itemSnapshotQuery, type ItemInput } from '../../workflows/supervision/messages';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { MailReceiver } from '../support/mail-receiver';
import { testTemporalAddress, testTemporalClient, testWorkflowBundle } from '../support/temporal';
import { startWorkerProcess, liveGroupMembers, type WorkerProcess } from '../support/worker-process';

// Exactly-once escalation across worker crashes: the real worker process (worker/main.ts) is
// killed with SIGKILL, once while the item waits for its deadline and once right after a ladder
// step was recorded, while that step's notify activity is in flight, and started again. Every
// ladder step must be recorded once, and every notice, outbox row and e-mail exist once per step
// and recipient.
//
// The item is an 'urgent_hours' item (24 natural hours) assigned almost 24 hours ago: it is
// yellow from the start (提醒联络员 fires at once) and due some seconds after it starts; the
// steps after the deadline are moved to the deadline itself (workingDays 0).
//
// The item's activities are local: they run inside the workflow task of the worker that dies, so
// much of the run time is that task's 10 s timeout, after which the next worker replays the
// workflow and runs the activity again (its writes are deduplicated).

const ladder: EscalationStepKey[] = ['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin'];
const leadUnitId = 'kjj';
const commissionUnitId = 'jxw';
// More than Temporal's 10 s "sticky poller unavailable" window after the first crash, so the
// deadline's workflow task goes straight to the shared task queue instead of waiting 10 s more
// on the dead worker's sticky queue.
const dueInMs = 13_000;

const staff: Actor = { userId: 'zhao.kjj', unitId: leadUnitId, unitKind: 'department', roles: ['liaison'] };
const officer: Actor = { userId: 'wang.jxw', unitId: commissionUnitId, unitKind: 'commission', roles: ['commission_officer'] };

function restartPolicy(): ItemTypePolicy {
  const base = defaultItemTypePolicy('urgent_hours');
  return {
    ...base,
    escalation: {
      warning: { ...base.escalation.warning },
      ladder: base.escalation.ladder.map((step) => ({
        ...step,
        trigger: step.trigger.after === 'due' ? { after: 'due' as const, workingDays: 0 } : { ...step.trigger },
        notify: step.notify.map((target) => ({ ...target })),
      })),
    },
  };
}

let database: TestDatabase;
let mail: MailReceiver;
let smtpUrl: string;
let temporal: Client;
const taskQueue = `worker-restart-${randomBytes(4).toString('hex')}`;
const workers: WorkerProcess[] = [];
const blockers: PgClient[] = [];

beforeAll(async () => {
  mail = new MailReceiver();
  [database, smtpUrl, temporal] = await Promise.all([createTestDatabase(), mail.listen(), testTemporalClient()]);
});

afterAll(async () => {
  for (const blocker of blockers) await blocker.end().catch(() => undefined);
  // Whatever happened: no worker process of this file outlives it.
  for (const worker of workers) {
    if (!worker.hasExited() || liveGroupMembers(worker.pid).length > 0) await worker.kill('SIGKILL');
    expect(liveGroupMembers(worker.pid)).toEqual([]);
  }
  await temporal?.connection.close();
  await mail?.close();
  await database?.drop();
});

/**
 * The outbox dispatcher of every worker but the last polls once at start and then sleeps for an
 * hour: a message it claimed when killed would stay leased for five minutes (by design), so the
 * test only kills while nothing is being sent and lets the last worker deliver everything.
 */
async function startWorker(outboxPollMs: number): Promise<WorkerProcess> {
  const worker = await startWorkerProcess({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: testTemporalAddress(),
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: testWorkflowBundle(),
    WORKER_ACTIVITY_CONCURRENCY: '5',
    SMTP_URL: smtpUrl,
    OUTBOX_POLL_INTERVAL_MS: String(outboxPollMs),
  });
  workers.push(worker);
  return worker;
}

async function crash(worker: WorkerProcess) {
  const exit = await worker.kill('SIGKILL');
  expect(exit.signal).toBe('SIGKILL');
  expect(liveGroupMembers(worker.pid)).toEqual([]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await sleep(intervalMs);
  }
}

async function firedSteps(itemId: string): Promise<string[]> {
  const rows = await database.db.itemEvent.findMany({ where: { itemId, action: 'escalate' }, orderBy: { seq: 'asc' } });
  return rows.map((row) => (row.detail as { step: string }).step);
}

const sendingCount = () => database.db.outboxMessage.count({ where: { status: 'sending' } });

/** Who each step (and the 交办通知 at creation) reaches, from the seeded organisation chart (active role holders; no stand-ins are seeded). */
async function expectedRecipients(policy: ItemTypePolicy): Promise<Map<EscalationStepKey | 'assigned', string[]>> {
  const expected = new Map<EscalationStepKey | 'assigned', string[]>();
  const liaisons = await database.db.staffMember.findMany({ where: { unitId: leadUnitId, roles: { has: 'liaison' }, active: true }, select: { id: true } });
  expected.set('assigned', liaisons.map((holder) => holder.id).sort());
  for (const step of policy.escalation.ladder) {
    const ids = new Set<string>();
    for (const target of step.notify) {
      const unitId = target.unit === 'lead' ? leadUnitId : commissionUnitId;
      const holders = await database.db.staffMember.findMany({ where: { unitId, roles: { has: target.role }, active: true }, select: { id: true } });
      holders.forEach((holder) => ids.add(holder.id));
    }
    expected.set(step.key, [...ids].sort());
  }
  return expected;
}

test('each ladder step fires once and each notice and e-mail is sent once although the worker is killed twice', async () => {
  const policy = restartPolicy();
  const itemId = randomUUID();
  const startedAt = Date.now();
  const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

  // 1. The first worker: the item is yellow at once, so 提醒联络员 fires and is notified.
  const first = await startWorker(3_600_000);
  const input: ItemInput = {
    itemId,
    title: '紧急交办：重启测试事项',
    source: { kind: 'test', id: `restart-${itemId}` },
    leadUnitId,
    coUnitIds: [],
    commissionUnitId,
    policy,
    assignedAt: new Date(Date.now() - 24 * 3_600_000 + dueInMs).toISOString(),
    createdBy: 'tester',
  };
  const handle: WorkflowHandle = await temporal.workflow.start('supervisedItemWorkflow', { taskQueue, workflowId: `item-${itemId}`, args: [input] });
  const dueAt = new Date(input.assignedAt).getTime() + 24 * 3_600_000;

  // Local activities are part of the workflow task that runs them: only once that task has
  // completed (its deadline timer is in the history) is the item durably waiting. Killed before,
  // the next worker would run the whole first task again, after the deadline.
  await waitFor(
    'remind_liaison to be recorded and notified, and the item to wait on its deadline timer',
    async () => ({
      steps: await firedSteps(itemId),
      notices: await database.db.notification.count({ where: { itemId } }),
      sending: await sendingCount(),
      timerStarted: (await handle.fetchHistory()).events?.some((event) => event.timerStartedEventAttributes) ?? false,
    }),
    // The 交办通知 and the 提醒联络员 notice.
    (now) => now.steps.length === 1 && now.notices === 2 && now.sending === 0 && now.timerStarted,
    15_000,
  );
  expect(Date.now()).toBeLessThan(dueAt); // otherwise the later steps could already have fired
  await crash(first);
  const marks: string[] = [`first crash ${elapsed()}`];
  expect(await firedSteps(itemId)).toEqual(['remind_liaison']);

  // 2. The deadline passes while no worker runs: nothing can fire.
  await sleep(Math.max(0, dueAt - Date.now()) + 500);
  expect(await firedSteps(itemId)).toEqual(['remind_liaison']);
  expect(await database.db.itemEvent.count({ where: { itemId, action: 'overdue' } })).toBe(0);

  // 3. A second worker catches up and is killed right after the deadline's steps are recorded,
  //    while their notify activities run. To have it reliably in flight, the test holds a
  //    lock on the notification table (readers pass, writers wait): the activity gets as far as
  //    its insert and waits there, inside its transaction, when the worker dies.
  const blocker = new PgClient({ connectionString: database.url });
  blockers.push(blocker);
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query('LOCK TABLE notification IN EXCLUSIVE MODE');
  const second = await startWorker(3_600_000);
  marks.push(`second worker up ${elapsed()}`);
  await waitFor(
    "the second worker's start-up delivery of the remind_liaison e-mail",
    async () => ({ sending: await sendingCount(), sent: await database.db.outboxMessage.count({ where: { status: 'sent' } }) }),
    (now) => now.sending === 0 && now.sent >= 1,
    30_000,
    20,
  );
  // A local activity does not show among the workflow's pending activities; what shows it running
  // is its transaction, waiting for the lock on the notification table.
  const inFlight = await waitFor(
    "the next step's event to be recorded and its notify activity to be running",
    async () => ({
      steps: await firedSteps(itemId),
      waitingNotifies: (await database.db.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'notification'::regclass AND NOT granted`)[0]!.waiting,
    }),
    (now) => now.steps.length >= 2 && now.waitingNotifies > 0,
    40_000,
    20,
  );
  await crash(second);
  marks.push(`second crash ${elapsed()}`);
  // Killed mid-ladder: the steps due at the deadline are recorded together, their notify
  // activities are running (held by the lock) and none of their notices exists yet.
  expect(inFlight.steps).toEqual(ladder);
  await blocker.query('COMMIT'); // the dead worker's transaction can now only roll back
  await blocker.end();
  blockers.splice(blockers.indexOf(blocker), 1);
  expect(await database.db.notification.count({ where: { itemId, kind: { notIn: ['item.remind_liaison', 'item.assigned'] } } })).toBe(0);

  // 4. A third worker finishes the ladder (once the workflow task the second one held has timed
  //    out after 10 s, it replays and runs the notify activities again) and delivers every e-mail.
  await startWorker(100);
  const expected = await expectedRecipients(policy);
  const expectedNotices = [...expected.values()].reduce((sum, ids) => sum + ids.length, 0);
  expect(expectedNotices).toBe(1 + 1 + 2 + 4 + 5 + 6);
  await waitFor(
    'every step to be recorded and every e-mail to be delivered',
    async () => ({
      steps: await firedSteps(itemId),
      notices: await database.db.notification.count({ where: { itemId } }),
      sent: await database.db.outboxMessage.count({ where: { status: 'sent' } }),
      received: mail.received.length,
    }),
    (now) => now.steps.length === ladder.length && now.notices === expectedNotices && now.sent === expectedNotices && now.received >= expectedNotices,
    55_000,
    100,
  );
  marks.push(`ladder done ${elapsed()}`);
  await sleep(500); // a late duplicate would show up here

  // Exactly one event per step, in ladder order, and one overdue mark; seq has no gaps.
  expect(await firedSteps(itemId)).toEqual(ladder);
  const events = await database.db.itemEvent.findMany({ where: { itemId }, orderBy: { seq: 'asc' } });
  expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
  expect(events.map((event) => event.action)).toEqual(['create', 'escalate', 'overdue', 'escalate', 'escalate', 'escalate', 'escalate']);

  const stepSeq = (key: string) => events.find((event) => event.action === 'escalate' && (event.detail as { step?: string }).step === key)?.seq;

  // One in-app notice per step and recipient, nothing else.
  const notices = await database.db.notification.findMany({ where: { itemId }, select: { kind: true, recipientId: true, dedupKey: true } });
  const assigned = notices.filter((notice) => notice.kind === 'item.assigned');
  expect(assigned.map((notice) => notice.recipientId).sort()).toEqual(expected.get('assigned'));
  for (const notice of assigned) expect(notice.dedupKey).toBe(`item:${itemId}:1:assigned:${notice.recipientId}`);
  for (const key of ladder) {
    const forStep = notices.filter((notice) => notice.kind === `item.${key}`);
    expect({ key, recipients: forStep.map((notice) => notice.recipientId).sort() }).toEqual({ key, recipients: expected.get(key) });
    // Keyed by the escalate event's seq, which a replay or retry reproduces exactly.
    for (const notice of forStep) expect(notice.dedupKey).toBe(`item:${itemId}:${stepSeq(key)}:${key}:${notice.recipientId}`);
  }
  expect(notices).toHaveLength(expectedNotices);

  // One outbox e-mail per notice, each sent on its first attempt.
  const outbox = await database.db.outboxMessage.findMany({ select: { id: true, kind: true, recipientId: true, status: true, attempts: true, channel: true } });
  expect(outbox).toHaveLength(expectedNotices);
  for (const key of ladder) {
    expect(outbox.filter((message) => message.kind === `item.${key}`).map((message) => message.recipientId).sort()).toEqual(expected.get(key));
  }
  expect(outbox.every((message) => message.channel === 'email' && message.status === 'sent' && message.attempts === 1)).toBe(true);

  // Each e-mail arrived once: one received message per outbox message, none twice.
  const deliveryIds = mail.received.map((received) => received.deliveryId);
  expect(deliveryIds).toHaveLength(expectedNotices);
  expect(new Set(deliveryIds).size).toBe(expectedNotices);
  expect([...deliveryIds].sort()).toEqual(outbox.map((message) => message.id).sort());

  // The notify activity decided once per step; the 催办通知 got one document number.
  const audit = await database.db.auditEvent.findMany({ where: { subject: `item:${itemId}`, action: 'notification.sent' }, select: { dedupKey: true } });
  expect(audit.map((entry) => entry.dedupKey).sort()).toEqual([`notify:item:${itemId}:1:assigned`, ...ladder.map((key) => `notify:item:${itemId}:${stepSeq(key)}:${key}`)].sort());
  expect(await database.db.auditEvent.count({ where: { action: 'document.number', subject: `urging-notice:item:${itemId}:${stepSeq('urge')}:urge` } })).toBe(1);

  // The workflow lives on and knows every step fired.
  const description = await handle.describe();
  expect(description.status.name).toBe('RUNNING');
  const snapshot = (await handle.query(itemSnapshotQuery)) as ItemSnapshot;
  expect(snapshot).toMatchObject({ itemId, state: 'pending_sign', colour: 'red', firedSteps: ladder, version: events.length });

  // It closes through its own actions.
  await handle.executeUpdate(actUpdate, { args: [{ actor: staff, command: { action: 'sign' } }] });
  await handle.executeUpdate(actUpdate, { args: [{ actor: staff, command: { action: 'report', result: '已按要求办结' } }] });
  await handle.executeUpdate(actUpdate, { args: [{ actor: officer, command: { action: 'approve' } }] });
  await handle.executeUpdate(actUpdate, { args: [{ actor: officer, command: { action: 'close' } }] });
  expect(await handle.result()).toMatchObject({ itemId, state: 'closed' });
  expect(await firedSteps(itemId)).toEqual(ladder);
  expect(await database.db.notification.count({ where: { itemId } })).toBe(expectedNotices);

  console.info(`worker-restart: ${marks.join(', ')}, closed ${elapsed()}`);
}, 150_000);
