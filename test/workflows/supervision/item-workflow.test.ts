import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ItemSnapshot } from '../../../domain/supervision/item';
import { createActivities } from '../../../activities';
import { registerSearchAttributes } from '../../../runtime/temporal';
import { shanghaiDateOf } from '../../../domain/calendar';
import type { ItemInput } from '../../../workflows/supervision/messages';
import { actUpdate, itemSnapshotQuery } from '../../../workflows/supervision/messages';
import { defaultItemTypePolicy } from '../../../domain/supervision/item-type';
import { shanghaiDayStart } from '../../../domain/calendar';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { temporalTestServer } from '../../support/paths';
import { testWorkflowBundle } from '../../support/temporal';

// The supervised item on the time-skipping test server: deadlines in working days and the
// overdue mark, with real activities writing to a real PostgreSQL.

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let worker: Worker;
let running: Promise<void>;
const taskQueue = 'item-workflow-test';

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  [env, database] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServer } } }),
    createTestDatabase(),
  ]);
  await registerSearchAttributes(env.connection, 'default');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: testWorkflowBundle() },
    activities: createActivities(database.db),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

// The seed's first version of a type; workflow inputs carry whichever policy the caller resolved.

let counter = 0;
/** Assigned at 10:00 Shanghai time on `assignedOn`. */
function itemInput(assignedOn: string, overrides: Partial<ItemInput> = {}): ItemInput {
  counter += 1;
  return {
    itemId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    title: '测试事项',
    source: { kind: 'test', id: `t-${counter}` },
    leadUnitId: 'kjj',
    coUnitIds: [],
    commissionUnitId: 'jxw',
    policy: defaultItemTypePolicy('difficulty'),
    assignedAt: new Date(shanghaiDayStart(assignedOn).getTime() + 10 * 3600_000).toISOString(),
    createdBy: 'tester',
    ...overrides,
  };
}

async function today(): Promise<string> {
  return shanghaiDateOf(new Date(await env.currentTimeMs()));
}

async function start(input: ItemInput) {
  const handle = await env.client.workflow.start('supervisedItemWorkflow', { taskQueue, workflowId: `item-${input.itemId}`, args: [input] });
  await snapshotOf(handle); // registered: deadlines computed and recorded
  return handle;
}

async function snapshotOf(handle: WorkflowHandle): Promise<ItemSnapshot> {
  for (;;) {
    const snapshot = await handle.query(itemSnapshotQuery);
    if (snapshot) return snapshot;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const staff = { userId: 'zhao.kjj', unitId: 'kjj', unitKind: 'department' as const, roles: ['liaison' as const] };
const officer = { userId: 'wang.jxw', unitId: 'jxw', unitKind: 'commission' as const, roles: ['commission_officer' as const] };

const sign = (handle: WorkflowHandle) => handle.executeUpdate(actUpdate, { args: [{ actor: staff, command: { action: 'sign' } }] });
const report = (handle: WorkflowHandle, result = '已办结') => handle.executeUpdate(actUpdate, { args: [{ actor: staff, command: { action: 'report', result } }] });

/** Closes an item through its own actions, so no test leaves a workflow mid-activity. */
async function signAndComplete(handle: WorkflowHandle) {
  const { state } = await snapshotOf(handle);
  if (state === 'pending_sign') await sign(handle);
  if (state === 'pending_sign' || state === 'in_progress') await report(handle);
  await handle.executeUpdate(actUpdate, { args: [{ actor: officer, command: { action: 'approve' } }] });
  await handle.executeUpdate(actUpdate, { args: [{ actor: officer, command: { action: 'close' } }] });
  await handle.result();
}

describe('supervised item deadlines', () => {
  test('counts working days across Spring Festival 2026 with its make-up Saturdays', async () => {
    // Thu 2026-02-12 + 7: 2/13 (Fri), 2/14 (make-up Sat), holiday 2/15-2/23, then 2/24-2/27 and 2/28 (make-up Sat).
    const handle = await start(itemInput('2026-02-12'));
    const snapshot = await snapshotOf(handle);
    expect(snapshot).toMatchObject({ signDueOn: '2026-02-13', dueOn: '2026-02-28', provisional: false });
    await signAndComplete(handle);
  });

  test('counts working days across National Day 2026 and rolls past the weekend', async () => {
    const handle = await start(itemInput('2026-09-30', { policy: { ...defaultItemTypePolicy('difficulty'), handleDays: 5 } }));
    const snapshot = await snapshotOf(handle);
    // 10/1-10/7 off, 10/8 (Thu), 10/9 (Fri), 10/10 (make-up Sat), 10/12 (Mon), 10/13 (Tue).
    expect(snapshot).toMatchObject({ signDueOn: '2026-10-08', dueOn: '2026-10-13' });
    await signAndComplete(handle);
  });

  test('marks a deadline provisional when it falls in a year without a published calendar', async () => {
    const handle = await start(itemInput('2026-12-28', { policy: { ...defaultItemTypePolicy('difficulty'), handleDays: 5 } }));
    const snapshot = await snapshotOf(handle);
    expect(snapshot.provisional).toBe(true);
    await signAndComplete(handle);
  });
});

describe('supervised item lifecycle', () => {
  test('turns yellow, then red at its deadline, and climbs the escalation ladder one rung at a time, each once', async () => {
    const input = itemInput(await today(), { policy: { ...defaultItemTypePolicy('difficulty'), handleDays: 3 } });
    const handle = await start(input);
    await sign(handle);
    await env.sleep('30 days');
    expect((await snapshotOf(handle)).colour).toBe('red');
    await signAndComplete(handle);
    const events = await database.db.itemEvent.findMany({ where: { itemId: input.itemId }, orderBy: { seq: 'asc' } });
    const actions = events.map((event) => event.action);
    expect(actions.filter((action) => action === 'overdue')).toEqual(['overdue']);
    expect(actions.filter((action) => action === 'warn')).toEqual(['warn']);
    // Every rung of the ladder fired exactly once, in order.
    expect(events.filter((event) => event.action === 'escalate').map((event) => (event.detail as { step: string }).step)).toEqual([
      'remind_liaison',
      'urge',
      'supervise',
      'flag',
      'bulletin',
    ]);
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row).toMatchObject({ state: 'closed', colour: 'red', escalation: 'bulletin' });
    const notices = await database.db.notification.findMany({ where: { itemId: input.itemId } });
    expect(notices.length).toBeGreaterThan(0);
  });

  test('reminds once when the unit has not signed by its sign deadline (签收超时), and not again after a transfer is signed on time', async () => {
    const input = itemInput(await today(), { policy: { ...defaultItemTypePolicy('difficulty'), handleDays: 15 } });
    const handle = await start(input);
    const { signDueOn } = await snapshotOf(handle);
    await env.sleep('6 days');
    const signOverdue = async () =>
      (await database.db.itemEvent.findMany({ where: { itemId: input.itemId, action: 'escalate' } })).filter((event) => (event.detail as { step: string }).step === 'sign_overdue');
    const [event] = await signOverdue();
    expect(event).toBeDefined();
    // Fired at the first instant after the sign deadline's day.
    expect(shanghaiDateOf(event!.at) > signDueOn).toBe(true);
    const notices = await database.db.notification.findMany({ where: { itemId: input.itemId, kind: 'item.sign_overdue' } });
    expect(notices.length).toBeGreaterThan(0);
    await sign(handle);
    await env.sleep('2 days');
    expect(await signOverdue()).toHaveLength(1);
    expect((await snapshotOf(handle)).firedSteps.filter((step) => step === 'sign_overdue')).toEqual(['sign_overdue']);
    await signAndComplete(handle);
  });

  test('stays green and unescalated when reported before its deadline', async () => {
    const input = itemInput(await today(), { policy: { ...defaultItemTypePolicy('difficulty'), handleDays: 10 } });
    const handle = await start(input);
    await sign(handle);
    await report(handle, '按期办结');
    await signAndComplete(handle);
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row).toMatchObject({ state: 'closed', colour: 'green', result: '按期办结', escalation: null });
  });

  test('rejects an action from another unit in the validator, recording nothing', async () => {
    const input = itemInput(await today());
    const handle = await start(input);
    await expect(
      handle.executeUpdate(actUpdate, { args: [{ actor: { userId: 'x', unitId: 'czj', unitKind: 'department', roles: ['liaison'] }, command: { action: 'sign' } }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    expect((await snapshotOf(handle)).state).toBe('pending_sign');
    expect(await database.db.itemEvent.count({ where: { itemId: input.itemId } })).toBe(1);
    await signAndComplete(handle);
  });
});
