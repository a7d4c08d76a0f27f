import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ItemSnapshot } from '../../../domain/supervision/item';
import { createActivities } from '../../../activities';
import { registerSearchAttributes } from '../../../runtime/temporal';
import { shanghaiDateOf } from '../../../domain/calendar';
import type { ItemInput } from '../../../workflows/supervision/messages';
import { completeUpdate, itemSnapshotQuery, signUpdate } from '../../../workflows/supervision/messages';
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

let counter = 0;
function itemInput(overrides: Partial<ItemInput> = {}): ItemInput {
  counter += 1;
  return {
    itemId: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    type: 'difficulty',
    title: '测试事项',
    source: { kind: 'test', id: `t-${counter}` },
    leadUnitId: 'kjj',
    signDays: 1,
    handleDays: 7,
    assignedOn: '2026-03-02',
    createdBy: 'tester',
    ...overrides,
  };
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

const staff = { userId: 'zhao.kjj', unitId: 'kjj' };

/** Closes an item through its own actions, so no test leaves a workflow mid-activity. */
async function signAndComplete(handle: WorkflowHandle) {
  await handle.executeUpdate(signUpdate, { args: [{ actor: staff }] });
  await handle.executeUpdate(completeUpdate, { args: [{ actor: staff, result: '已办结' }] });
  await handle.result();
}

describe('supervised item deadlines', () => {
  test('counts working days across Spring Festival 2026 with its make-up Saturdays', async () => {
    // Thu 2026-02-12 + 7: 2/13 (Fri), 2/14 (make-up Sat), holiday 2/15-2/23, then 2/24-2/27 and 2/28 (make-up Sat).
    const handle = await start(itemInput({ assignedOn: '2026-02-12' }));
    const snapshot = await snapshotOf(handle);
    expect(snapshot).toMatchObject({ signDueOn: '2026-02-13', dueOn: '2026-02-28', provisional: false });
    await signAndComplete(handle);
  });

  test('counts working days across National Day 2026 and rolls past the weekend', async () => {
    const handle = await start(itemInput({ assignedOn: '2026-09-30', handleDays: 5 }));
    const snapshot = await snapshotOf(handle);
    // 10/1-10/7 off, 10/8 (Thu), 10/9 (Fri), 10/10 (make-up Sat), 10/12 (Mon), 10/13 (Tue).
    expect(snapshot).toMatchObject({ signDueOn: '2026-10-08', dueOn: '2026-10-13' });
    await signAndComplete(handle);
  });

  test('marks a deadline provisional when it falls in a year without a published calendar', async () => {
    const handle = await start(itemInput({ assignedOn: '2026-12-28', handleDays: 5 }));
    const snapshot = await snapshotOf(handle);
    expect(snapshot.provisional).toBe(true);
    await signAndComplete(handle);
  });
});

describe('supervised item lifecycle', () => {
  test('turns red once its deadline passes while still open, and records it once', async () => {
    const now = new Date(await env.currentTimeMs());
    const input = itemInput({ assignedOn: shanghaiDateOf(now), handleDays: 3 });
    const handle = await start(input);
    await handle.executeUpdate(signUpdate, { args: [{ actor: staff }] });
    await env.sleep('10 days');
    expect((await snapshotOf(handle)).colour).toBe('red');
    await handle.executeUpdate(completeUpdate, { args: [{ actor: staff, result: '已办结' }] });
    await handle.result();
    const events = await database.db.itemEvent.findMany({ where: { itemId: input.itemId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.action)).toEqual(['create', 'sign', 'overdue', 'complete']);
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row).toMatchObject({ state: 'completed', colour: 'red', version: 4 });
  });

  test('stays green when completed before its deadline', async () => {
    const now = new Date(await env.currentTimeMs());
    const input = itemInput({ assignedOn: shanghaiDateOf(now), handleDays: 3 });
    const handle = await start(input);
    await handle.executeUpdate(signUpdate, { args: [{ actor: staff }] });
    await handle.executeUpdate(completeUpdate, { args: [{ actor: staff, result: '按期办结' }] });
    expect(await handle.result()).toMatchObject({ state: 'completed', result: '按期办结' });
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row.colour).toBe('green');
  });

  test('rejects an action from another unit in the validator, recording nothing', async () => {
    const input = itemInput({ assignedOn: shanghaiDateOf(new Date(await env.currentTimeMs())) });
    const handle = await start(input);
    await expect(handle.executeUpdate(signUpdate, { args: [{ actor: { userId: 'x', unitId: 'czj' } }] })).rejects.toThrow(WorkflowUpdateFailedError);
    expect((await snapshotOf(handle)).state).toBe('pending_sign');
    expect(await database.db.itemEvent.count({ where: { itemId: input.itemId } })).toBe(1);
    await signAndComplete(handle);
  });
});
