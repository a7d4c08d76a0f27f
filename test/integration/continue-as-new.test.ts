import { randomBytes, randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultItemTypePolicy } from '../../domain/supervision/item-type';
import type { Actor, ItemCommand, ItemSnapshot } from '../../domain/supervision/item';
import { unitAttribute } from '../../workflows/search-attributes';
import { actUpdate, itemSnapshotQuery, type ItemInput, type ItemReceipt } from '../../workflows/supervision/messages';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { installQuietRuntime, startTestDevServer, startTestWorker, type RunningWorker } from '../support/temporal';

// The supervised item across continue-as-new. This file runs its own dev server that suggests
// continue-as-new after 40 history events (the default is thousands), so an item busy with
// Updates continues as new every few actions; the item must not notice: same id, version and
// history sequence, clock ledger, fired ladder steps and state, and it still completes.

const historyLimit = 40;
const taskQueue = `continue-as-new-${randomBytes(4).toString('hex')}`;
const staff: Actor = { userId: 'zhao.kjj', unitId: 'kjj', unitKind: 'department', roles: ['liaison'] };
const officer: Actor = { userId: 'wang.jxw', unitId: 'jxw', unitKind: 'commission', roles: ['commission_officer'] };

let env: TestWorkflowEnvironment;
let database: TestDatabase;
let worker: RunningWorker;
let client: Client;
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  installQuietRuntime(); // before the test environment installs Temporal's default runtime
  [env, database] = await Promise.all([
    startTestDevServer({ 'limit.historyCount.suggestContinueAsNew': historyLimit }),
    createTestDatabase(),
  ]);
  worker = await startTestWorker(database.db, taskQueue, env.address);
  client = env.client;
});

afterAll(async () => {
  // An item a failed test left open is closed through its own actions, never terminated mid-activity.
  for (const handle of started) {
    try {
      await closeIfOpen(handle);
    } catch (error) {
      console.warn(`could not close ${handle.workflowId}: ${String(error)}`);
    }
  }
  await worker?.stop();
  await env?.teardown();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An urgent (24-hour) item assigned 20 hours ago: yellow at once, so 提醒联络员 fires at once; due in 4 hours. */
async function startItem(): Promise<{ itemId: string; handle: WorkflowHandleWithFirstExecutionRunId }> {
  const itemId = randomUUID();
  const input: ItemInput = {
    itemId,
    title: '紧急交办：续跑测试事项',
    source: { kind: 'test', id: `can-${itemId}` },
    leadUnitId: 'kjj',
    coUnitIds: [],
    commissionUnitId: 'jxw',
    policy: defaultItemTypePolicy('urgent_hours'),
    assignedAt: new Date(Date.now() - 20 * 3_600_000).toISOString(),
    createdBy: 'tester',
  };
  const handle = await client.workflow.start('supervisedItemWorkflow', { taskQueue, workflowId: `item-${itemId}`, args: [input] });
  started.push(handle);
  await waitForSnapshot(handle, (snapshot) => snapshot.firedSteps.length === 1);
  return { itemId, handle };
}

/** Polls the snapshot query; counts the null answers ("not registered yet") on the way. */
async function waitForSnapshot(handle: WorkflowHandle, done: (snapshot: ItemSnapshot) => boolean = () => true): Promise<{ snapshot: ItemSnapshot; nulls: number }> {
  const deadline = Date.now() + 15_000;
  let nulls = 0;
  for (;;) {
    const snapshot = await handle.query(itemSnapshotQuery);
    if (snapshot === null) nulls += 1;
    else if (done(snapshot)) return { snapshot, nulls };
    if (Date.now() > deadline) throw new Error(`timed out waiting for the snapshot of ${handle.workflowId}; last: ${JSON.stringify(snapshot)}`);
    await sleep(10);
  }
}

const rejectionType = (error: unknown) =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure ? error.cause.type : undefined;

interface Rejection {
  action: string;
  runId: string;
}

/** An Update; a rejection with ITEM_NOT_READY ("please retry") is retried and recorded. */
async function act(handle: WorkflowHandle, actor: Actor, command: ItemCommand, rejections: Rejection[], updateId?: string): Promise<ItemReceipt> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle.executeUpdate(actUpdate, { args: [{ actor, command }], updateId });
    } catch (error) {
      if (rejectionType(error) !== 'ITEM_NOT_READY' || attempt >= 100) throw error;
      rejections.push({ action: command.action, runId: (await handle.describe()).runId });
      await sleep(50);
    }
  }
}

async function closeIfOpen(handle: WorkflowHandle) {
  const description = await handle.describe();
  if (description.status.name !== 'RUNNING') return;
  const { snapshot } = await waitForSnapshot(handle);
  const rejections: Rejection[] = [];
  if (snapshot.state === 'pending_sign') await act(handle, staff, { action: 'sign' }, rejections);
  if (snapshot.state === 'pending_sign' || snapshot.state === 'in_progress') await act(handle, staff, { action: 'report', result: '测试结束' }, rejections);
  if (snapshot.state !== 'completed') await act(handle, officer, { action: 'approve' }, rejections);
  await act(handle, officer, { action: 'close' }, rejections);
  await handle.result();
}

const urge = (n: number): Extract<ItemCommand, { action: 'urge' }> => ({ action: 'urge', message: `第 ${n} 次催办：请加快办理` });

describe('continue-as-new', () => {
  test('the item keeps its id, version, history, clock ledger, fired steps and state through several new runs, and completes', async () => {
    const { itemId, handle } = await startItem();
    const firstRunId = handle.firstExecutionRunId;
    const rejections: Rejection[] = [];

    const plan: { actor: Actor; command: ItemCommand }[] = [
      { actor: staff, command: { action: 'sign' } },
      ...[1, 2, 3, 4].map((n) => ({ actor: officer, command: urge(n) })),
      { actor: staff, command: { action: 'requestExtension', days: 2, reason: '需等待外省检测报告', progress: '已送检' } },
      { actor: officer, command: { action: 'decideExtension', approve: true, reason: '同意延期 2 小时' } },
      ...[5, 6, 7].map((n) => ({ actor: officer, command: urge(n) })),
      { actor: officer, command: { action: 'suspend', reason: '等待企业补正材料', legalBasis: '一次性告知补正' } },
      ...[8, 9].map((n) => ({ actor: officer, command: urge(n) })),
      { actor: officer, command: { action: 'resume' } },
      ...[10, 11, 12, 13].map((n) => ({ actor: officer, command: urge(n) })),
      { actor: staff, command: { action: 'requestExtension', days: 1, reason: '再申请 1 小时', progress: '报告已到' } },
      { actor: officer, command: { action: 'decideExtension', approve: false, reason: '不予延期' } },
      ...[14, 15, 16].map((n) => ({ actor: officer, command: urge(n) })),
      { actor: staff, command: { action: 'report', result: '已完成整改并报送' } },
      { actor: officer, command: { action: 'approve' } },
    ];

    const { snapshot: first } = await waitForSnapshot(handle);
    expect(first).toMatchObject({ itemId, version: 2, firedSteps: ['remind_liaison'], state: 'pending_sign' });
    let version = first.version;
    let runId = (await handle.describe()).runId;
    const runIds = [runId];
    let nullQueries = 0;

    for (const { actor, command } of plan) {
      const answer = await act(handle, actor, command, rejections);
      // One version per accepted action, in whichever run it landed.
      expect({ action: command.action, version: answer.version }).toEqual({ action: command.action, version: version + 1 });
      expect(answer.itemId).toBe(itemId);
      const description = await handle.describe();
      if (description.runId !== runId) {
        // Continued as new: the new run answers with exactly the item the last action left in the old one.
        const { snapshot: carried, nulls } = await waitForSnapshot(handle);
        nullQueries += nulls;
        expect(carried).toMatchObject(answer);
        expect(carried).toEqual(await client.workflow.getHandle(handle.workflowId, runId).query(itemSnapshotQuery));
        expect((await client.workflow.getHandle(handle.workflowId, runId).describe()).status.name).toBe('CONTINUED_AS_NEW');
        expect(description.typedSearchAttributes.get(unitAttribute)).toBe('kjj');
        runId = description.runId;
        runIds.push(runId);
      }
      version = answer.version;
    }
    const { snapshot: last } = await waitForSnapshot(handle);
    expect(last.version).toBe(version);

    // Continued as new several times.
    expect(runIds[0]).toBe(firstRunId);
    expect(runIds.length).toBeGreaterThanOrEqual(4);

    // The ledger holds one approved extension and one closed suspension; the ladder step stayed fired.
    expect(last.clock.extensions).toHaveLength(1);
    expect(last.clock.extensions[0]).toMatchObject({ amount: 2, reason: '需等待外省检测报告', approvedBy: officer.userId });
    expect(last.clock.suspensions).toHaveLength(1);
    expect(last.clock.suspensions[0]).toMatchObject({ reason: '等待企业补正材料', by: officer.userId });
    expect(last.clock.suspensions[0]!.to).toBeDefined();
    expect(last).toMatchObject({ state: 'completed', firedSteps: ['remind_liaison'], result: '已完成整改并报送' });
    expect(last.extensionRequest).toBeUndefined();

    const closed = await act(handle, officer, { action: 'close' }, rejections);
    expect(closed).toMatchObject({ state: 'closed', version: last.version + 1 });
    expect(await handle.result()).toEqual({ itemId, state: 'closed', result: '已完成整改并报送' });

    // The history in PostgreSQL: seq 1..N without gaps or duplicates, one event per accepted action.
    const events = await database.db.itemEvent.findMany({ where: { itemId }, orderBy: { seq: 'asc' } });
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: closed.version }, (_, index) => index + 1));
    expect(events.map((event) => event.action)).toEqual(['create', 'escalate', ...plan.map((step) => step.command.action), 'close']);
    expect(await database.db.itemEvent.count({ where: { itemId, action: 'escalate' } })).toBe(1);
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: itemId } });
    expect(row).toMatchObject({ state: 'closed', version: closed.version, escalation: 'remind_liaison' });
    // Every manual 催办 notified once (its dedup key carries the event's seq).
    const urges = events.filter((event) => event.action === 'urge').length;
    const audit = await database.db.auditEvent.findMany({ where: { subject: `item:${itemId}`, action: 'notification.sent' }, select: { dedupKey: true } });
    expect(audit.filter((entry) => entry.dedupKey.endsWith(':urge'))).toHaveLength(urges);

    console.info(
      `continue-as-new: ${runIds.length} runs for ${events.length} events; actions turned away as ITEM_NOT_READY and retried: ` +
        `${rejections.map((entry) => entry.action).join(', ') || 'none'}; null snapshot answers after a new run: ${nullQueries}`,
    );
  }, 60_000);

  // A new run is set up from what the previous run carried before its handlers are registered,
  // so an action arriving right after a continue-as-new is validated against the real item.
  test('an action sent right after a continue-as-new is accepted, not turned away as ITEM_NOT_READY', async () => {
    const { handle } = await startItem();
    const rejections: Rejection[] = [];
    await act(handle, staff, { action: 'sign' }, rejections);
    let runId = (await handle.describe()).runId;
    let newRuns = 0;
    const turnedAway: string[] = [];
    for (let n = 1; newRuns < 4 && n <= 60; n++) {
      await act(handle, officer, urge(n), rejections);
      const now = (await handle.describe()).runId;
      if (now === runId) continue;
      runId = now;
      newRuns += 1;
      // Immediately, as a second click or a queued request would.
      try {
        await handle.executeUpdate(actUpdate, { args: [{ actor: officer, command: urge(1000 + n) }] });
      } catch (error) {
        turnedAway.push(`${rejectionType(error) ?? String(error)} in run ${now}`);
      }
    }
    expect(newRuns).toBe(4);
    await closeIfOpen(handle);
    expect(turnedAway).toEqual([]);
  }, 60_000);

  // The API maps an Idempotency-Key to the Update id; Temporal deduplicates Update ids within one
  // run only, so the item carries the ids it handled lately across continue-as-new.
  test('an action repeated with the same Update id (the API idempotency key) after a continue-as-new acts once', async () => {
    const { itemId, handle } = await startItem();
    const rejections: Rejection[] = [];
    await act(handle, staff, { action: 'sign' }, rejections);
    const updateId = `urge-${randomBytes(6).toString('hex')}`;
    const once = await act(handle, officer, urge(0), rejections, updateId);
    // Repeated in the same run: deduplicated by Temporal.
    expect((await act(handle, officer, urge(0), rejections, updateId)).version).toBe(once.version);
    const runId = (await handle.describe()).runId;
    for (let n = 1; (await handle.describe()).runId === runId && n <= 30; n++) await act(handle, officer, urge(n), rejections);
    expect((await handle.describe()).runId).not.toBe(runId);
    await act(handle, officer, urge(0), rejections, updateId);
    await closeIfOpen(handle);
    expect(await database.db.itemEvent.count({ where: { itemId, action: 'urge', reason: urge(0).message } })).toBe(1);
  }, 60_000);
});
