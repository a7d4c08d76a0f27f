import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Actor, ItemCommand, ItemSnapshot } from '../../../domain/supervision/item';
import { createCalendarActivities } from '../../../activities/calendar/calendar-activities';
import { toDateColumn } from '../../../prisma/date-column';
import { recordHistory } from '../../support/histories';
import { WorkingCalendar, shanghaiDateOf, shanghaiDayStart } from '../../../domain/calendar';
import type { ItemInput } from '../../../workflows/supervision/messages';
import { actUpdate, itemSnapshotQuery } from '../../../workflows/supervision/messages';
import { defaultItemTypePolicy, type ItemTypePolicy } from '../../../domain/supervision/item-type';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { startTestWorker, testTemporalClient, type RunningWorker } from '../../support/temporal';

// The supervised item on the shared dev server, with its local activities writing to a real
// PostgreSQL. The time-skipping test server cannot run local activities (it skips ahead to the
// workflow task timeout while one runs), so instead of skipping time the calendar scenarios assign
// items in the past: the workflow handles wakes that are already due at once, without timers
// (the same catch-up it does after downtime). One test lets real timers fire, on an hours item
// due seconds after it starts.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let database: TestDatabase;
let worker: RunningWorker;
let client: Client;
const started: WorkflowHandle[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  [worker, client] = await Promise.all([startTestWorker(database.db), testTemporalClient()]);
});

afterAll(async () => {
  // An item a failed test left open is closed through its own actions, never terminated mid-activity.
  for (const handle of started) {
    try {
      const { state } = await snapshotOf(handle);
      if (state !== 'closed') await complete(handle, staff);
    } catch (error) {
      console.warn(`could not close ${handle.workflowId}: ${String(error)}`);
    }
  }
  await worker?.stop();
  await client?.connection.close();
  await database?.drop();
});

let counter = 0;
/** Assigned at 10:00 Shanghai time on `assignedOn` (or at `overrides.assignedAt`). */
function itemInput(assignedOn: string, overrides: Partial<ItemInput> = {}): ItemInput {
  counter += 1;
  const itemId = `00000000-0000-4000-8000-${String(Date.now() % 1e8).padStart(8, '0')}${String(counter).padStart(4, '0')}`;
  return {
    itemId,
    title: '测试事项',
    source: { kind: 'test', id: `t-${itemId}` },
    leadUnitId: 'kjj',
    coUnitIds: [],
    commissionUnitId: 'jxw',
    policy: defaultItemTypePolicy('difficulty'),
    assignedAt: new Date(shanghaiDayStart(assignedOn).getTime() + 10 * HOUR_MS).toISOString(),
    createdBy: 'tester',
    ...overrides,
  };
}

const daysAgo = (days: number) => shanghaiDateOf(new Date(Date.now() - days * DAY_MS));
const withHandleDays = (handleDays: number): ItemTypePolicy => ({ ...defaultItemTypePolicy('difficulty'), handleDays });

async function start(input: ItemInput) {
  const handle = await client.workflow.start('supervisedItemWorkflow', { taskQueue: worker.taskQueue, workflowId: `item-${input.itemId}`, args: [input] });
  started.push(handle);
  await snapshotOf(handle); // registered: deadlines computed and recorded
  return handle;
}

/** The snapshot once the item is registered and `done` holds (e.g. its catch-up has run). */
async function snapshotOf(handle: WorkflowHandle, done: (snapshot: ItemSnapshot) => boolean = () => true, timeoutMs = 15_000): Promise<ItemSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const snapshot = (await handle.query(itemSnapshotQuery)) as ItemSnapshot | null;
    if (snapshot && done(snapshot)) return snapshot;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId}: timed out; last snapshot ${JSON.stringify(snapshot)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const staff: Actor = { userId: 'zhao.kjj', unitId: 'kjj', unitKind: 'department', roles: ['liaison'] };
const officer: Actor = { userId: 'wang.jxw', unitId: 'jxw', unitKind: 'commission', roles: ['commission_officer'] };

/** An action, then the item as it left it (the Update answers only a receipt). */
const act = async (handle: WorkflowHandle, actor: Actor, command: ItemCommand) => {
  const receipt = await handle.executeUpdate(actUpdate, { args: [{ actor, command }] });
  const snapshot = (await handle.query(itemSnapshotQuery))!;
  expect(snapshot).toMatchObject(receipt);
  return snapshot;
};
const sign = (handle: WorkflowHandle, by: Actor = staff) => act(handle, by, { action: 'sign' });
const report = (handle: WorkflowHandle, result = '已办结', by: Actor = staff) => act(handle, by, { action: 'report', result });

/** Closes an item through its own actions, so no test leaves a workflow mid-activity. */
async function complete(handle: WorkflowHandle, lead: Actor = staff) {
  const { state } = await snapshotOf(handle);
  if (state === 'pending_sign') await sign(handle, lead);
  if (state === 'pending_sign' || state === 'in_progress') await report(handle, '已办结', lead);
  await act(handle, officer, { action: 'approve' });
  await act(handle, officer, { action: 'close' });
  await handle.result();
}

const eventsOf = (itemId: string) => database.db.itemEvent.findMany({ where: { itemId }, orderBy: { seq: 'asc' } });
const stepOf = (event: { detail: unknown }) => (event.detail as { step?: string }).step;

describe('supervised item deadlines (working days)', () => {
  test('counts working days across Spring Festival 2026 with its make-up Saturdays', async () => {
    // Thu 2026-02-12 + 7: 2/13 (Fri), 2/14 (make-up Sat), holiday 2/15-2/23, then 2/24-2/27 and 2/28 (make-up Sat).
    const input = itemInput('2026-02-12');
    const handle = await start(input);
    expect(await snapshotOf(handle)).toMatchObject({ signDueOn: '2026-02-13', dueOn: '2026-02-28', provisional: false });
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row.dueOn?.toISOString().slice(0, 10)).toBe('2026-02-28');
    await complete(handle);
  });

  test('counts working days across National Day 2026 and its make-up Saturday, and rolls past the weekend', async () => {
    const handle = await start(itemInput('2026-09-30', { policy: withHandleDays(5) }));
    // 10/1-10/7 off, 10/8 (Thu), 10/9 (Fri), 10/10 (make-up Sat), 10/12 (Mon), 10/13 (Tue).
    expect(await snapshotOf(handle)).toMatchObject({ signDueOn: '2026-10-08', dueOn: '2026-10-13' });
    await complete(handle);
  });

  test('skips an ordinary weekend: assigned on a Friday, signed by Monday, due on Wednesday', async () => {
    const handle = await start(itemInput('2026-11-06', { policy: withHandleDays(3) }));
    expect(await snapshotOf(handle)).toMatchObject({ signDueOn: '2026-11-09', dueOn: '2026-11-11', provisional: false });
    await complete(handle);
  });

  test('marks a deadline provisional when it falls in a year without a published calendar', async () => {
    const handle = await start(itemInput('2026-12-28', { policy: withHandleDays(5) }));
    expect((await snapshotOf(handle)).provisional).toBe(true);
    await complete(handle);
  });

  test('has no deadline while its clock is suspended, and the same deadline after resuming on the same day', async () => {
    const input = itemInput(daysAgo(0), { assignedAt: new Date().toISOString(), policy: withHandleDays(10) });
    const handle = await start(input);
    await sign(handle);
    const before = await snapshotOf(handle);
    const suspended = await act(handle, officer, { action: 'suspend', reason: '等待企业补正材料', legalBasis: '行政许可法第三十二条' });
    expect(suspended).toMatchObject({ dueOn: null, dueAt: null });
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row.dueOn).toBeNull();
    // Suspended and resumed within one day excludes no working day (the suspension's first day was already used).
    const resumed = await act(handle, officer, { action: 'resume' });
    expect(resumed).toMatchObject({ dueOn: before.dueOn, dueAt: before.dueAt });
    expect(resumed.clock.suspensions).toHaveLength(1);
    await complete(handle);
  });

  test('moves the deadline by the approved extension in working days', async () => {
    const input = itemInput(daysAgo(0), { assignedAt: new Date().toISOString(), policy: withHandleDays(10) });
    const handle = await start(input);
    await sign(handle);
    const before = await snapshotOf(handle);
    await act(handle, staff, { action: 'requestExtension', days: 5, reason: '需补充现场核查', progress: '已完成材料初审' });
    const decided = await act(handle, officer, { action: 'decideExtension', approve: true, reason: '同意延期' });
    const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: Number(before.dueOn!.slice(0, 4)), toYear: Number(before.dueOn!.slice(0, 4)) + 1 }));
    expect(decided.dueOn).toBe(calendar.addWorkingDays(before.dueOn!, 5).date);
    expect(decided.dueOn! > before.dueOn!).toBe(true);
    const decision = (await eventsOf(input.itemId)).find((event) => event.action === 'decideExtension');
    expect(decision?.detail).toMatchObject({ approved: true, days: 5, previousDueOn: before.dueOn });
    await complete(handle);
  });
});

describe('supervised item warnings and escalation', () => {
  test('turns yellow and reminds at its warning instant, then turns red and escalates at its deadline, by real timers', async () => {
    // A 24-hour item assigned 24 h minus 12 s ago: yellow 6 s before the deadline (提醒联络员
    // with it), every later step at the deadline itself.
    const base = defaultItemTypePolicy('urgent_hours');
    const policy: ItemTypePolicy = {
      ...base,
      escalation: {
        warning: { yellowAtShareUsed: (24 * 3600 - 6) / (24 * 3600), yellowAtDaysLeft: 0 },
        ladder: base.escalation.ladder.map((step) => ({ ...step, trigger: { ...step.trigger, workingDays: 0 } })),
      },
    };
    const dueAt = Date.now() + 12_000;
    const input = itemInput(daysAgo(0), { policy, assignedAt: new Date(dueAt - 24 * HOUR_MS).toISOString() });
    const handle = await start(input);
    expect((await snapshotOf(handle)).colour).toBe('green');

    const yellow = await snapshotOf(handle, (snapshot) => snapshot.colour === 'yellow');
    expect(Date.now()).toBeLessThan(dueAt);
    expect(yellow.firedSteps).toEqual(['remind_liaison']);

    const red = await snapshotOf(handle, (snapshot) => snapshot.firedSteps.length === 5, 30_000);
    expect(red).toMatchObject({ colour: 'red', firedSteps: ['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin'] });
    const events = await eventsOf(input.itemId);
    expect(events.map((event) => event.action)).toEqual(['create', 'warn', 'escalate', 'overdue', 'escalate', 'escalate', 'escalate', 'escalate']);
    // Fired by the timer, not early: the overdue mark is not before the deadline.
    expect(events.find((event) => event.action === 'overdue')!.at.getTime()).toBeGreaterThanOrEqual(dueAt);
    expect(events.find((event) => event.action === 'warn')!.at.getTime()).toBeLessThan(dueAt);
    await complete(handle);
  }, 60_000);

  test('catches up a deadline long past: red, and every rung of the ladder and 签收超时, each once and in order', async () => {
    const input = itemInput(daysAgo(60), { policy: withHandleDays(3) });
    const handle = await start(input);
    await snapshotOf(handle, (snapshot) => snapshot.firedSteps.includes('bulletin'));
    await sign(handle);
    expect((await snapshotOf(handle)).colour).toBe('red');
    await complete(handle);
    const events = await eventsOf(input.itemId);
    const actions = events.map((event) => event.action);
    // Assigned after its deadline, the item is red from its creation (its colour is derived from
    // the clock), so a separate yellow or red mark is optional here; never twice.
    expect(actions.filter((action) => action === 'overdue').length).toBeLessThanOrEqual(1);
    expect(actions.filter((action) => action === 'warn').length).toBeLessThanOrEqual(1);
    const steps = events.filter((event) => event.action === 'escalate').map(stepOf);
    expect(steps.filter((step) => step !== 'sign_overdue')).toEqual(['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin']);
    expect(steps.filter((step) => step === 'sign_overdue')).toEqual(['sign_overdue']); // it was never signed on time either
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row).toMatchObject({ state: 'closed', colour: 'red', escalation: 'bulletin' });
    // One notice set per step: the 催办通知 and later steps reached their people once.
    const notices = await database.db.notification.findMany({ where: { itemId: input.itemId }, select: { kind: true, recipientId: true } });
    expect(notices.length).toBeGreaterThan(0);
    expect(new Set(notices.map((notice) => `${notice.kind}:${notice.recipientId}`)).size).toBe(notices.length);
    expect(new Set(notices.map((notice) => notice.kind))).toEqual(new Set(['item.assigned', 'item.remind_liaison', 'item.sign_overdue', 'item.urge', 'item.supervise', 'item.flag', 'item.bulletin']));
  });

  test('reminds once when the unit has not signed by its sign deadline (签收超时), and not again after a transfer is signed on time', async () => {
    const input = itemInput(daysAgo(20), { policy: withHandleDays(30) });
    const handle = await start(input);
    const registered = await snapshotOf(handle, (snapshot) => snapshot.firedSteps.includes('sign_overdue'));
    const signOverdue = async () => (await eventsOf(input.itemId)).filter((event) => event.action === 'escalate' && stepOf(event) === 'sign_overdue');
    const [event] = await signOverdue();
    expect(shanghaiDateOf(event!.at) > registered.signDueOn).toBe(true);
    const signNotices = await database.db.notification.findMany({ where: { itemId: input.itemId, kind: 'item.sign_overdue' } });
    expect(signNotices.length).toBeGreaterThan(0);
    // It names the sign deadline that passed, not the handling deadline still ahead.
    for (const notice of signNotices) expect(notice.body).toContain(`签收期限 ${registered.signDueOn} 已过，尚未签收`);

    // The new unit gets a fresh sign deadline, and signs within it.
    const newLead: Actor = { userId: 'li.czj', unitId: 'czj', unitKind: 'department', roles: ['liaison'] };
    const transferred = await act(handle, officer, { action: 'transfer', toUnitId: 'czj', reason: '职责调整' });
    expect(transferred).toMatchObject({ leadUnitId: 'czj', state: 'pending_sign', firedSteps: [] });
    await sign(handle, newLead);
    expect(await signOverdue()).toHaveLength(1);
    expect((await snapshotOf(handle)).firedSteps).not.toContain('sign_overdue');
    await complete(handle, newLead);
    expect(await signOverdue()).toHaveLength(1);
  });

  test('tells a co-organiser past its sub-deadline without its report, once, with the lead’s liaison', async () => {
    // Assigned three weeks ago with five working days still left, co-organisers eight ahead of the
    // lead: their sub-deadline has passed and the lead's has not (whatever holidays the weeks held).
    const coUnitIds = ['czj', 'jrzx'];
    const assignedOn = daysAgo(21);
    const year = Number(assignedOn.slice(0, 4));
    const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: year, toYear: year + 1 }));
    const elapsed = calendar.workingDaysInRange(assignedOn, daysAgo(0));
    const input = itemInput(assignedOn, { policy: { ...withHandleDays(elapsed + 5), coUnitLeadDays: 8 }, coUnitIds });
    const handle = await start(input);
    const notified = await snapshotOf(handle, (snapshot) => snapshot.coUnits.every((part) => part.overdueNotifiedAt));
    expect(notified.colour).not.toBe('red');
    expect(shanghaiDateOf(new Date(notified.coUnits[0]!.overdueNotifiedAt!)) > notified.coUnits[0]!.dueOn!).toBe(true);
    const coOverdue = async () => (await eventsOf(input.itemId)).filter((event) => event.action === 'escalate' && stepOf(event) === 'co_overdue');
    expect((await coOverdue()).map((event) => (event.detail as { unitId: string }).unitId).sort()).toEqual(coUnitIds);

    const notices = await database.db.notification.findMany({ where: { itemId: input.itemId, kind: 'item.co_overdue' }, include: { recipient: { select: { unitId: true, roles: true } } } });
    const reached = new Set(notices.map((notice) => `${notice.recipient.unitId}:${notice.recipient.roles.includes('unit_leader') ? 'leader' : 'liaison'}`));
    for (const unitId of coUnitIds) {
      expect(reached).toContain(`${unitId}:liaison`);
      expect(reached).toContain(`${unitId}:leader`);
    }
    expect(reached).toContain('kjj:liaison');
    const czjNotice = notices.find((notice) => notice.recipient.unitId === 'czj')!;
    expect(czjNotice.body).toContain(`反馈期限 ${notified.coUnits[0]!.dueOn} 已过，尚未反馈`);

    // Reported late, then the item runs to its end: no second notice for either.
    await sign(handle);
    for (const unitId of coUnitIds) await act(handle, { userId: `staff-${unitId}`, unitId, unitKind: 'department', roles: ['liaison'] }, { action: 'coReport', report: '已反馈' });
    await complete(handle);
    expect(await coOverdue()).toHaveLength(2);
  });

  test('退办 gives the unit back the time the review took: sent back after its old deadline, it is not overdue', async () => {
    // A 24-hour item due 6 s from now, reported at once; the review takes 8 s, past the old deadline.
    const dueAt = Date.now() + 6_000;
    const input = itemInput(daysAgo(0), { policy: defaultItemTypePolicy('urgent_hours'), assignedAt: new Date(dueAt - 24 * HOUR_MS).toISOString() });
    const handle = await start(input);
    await sign(handle);
    const reported = await report(handle, '初步办理结果');
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const sentBack = await act(handle, officer, { action: 'sendBack', reason: '请补充落实情况' });
    expect(sentBack.state).toBe('in_progress');
    expect(sentBack.colour).not.toBe('red');
    expect(sentBack.clock.suspensions).toEqual([expect.objectContaining({ reason: '审核期间（报送至退办）', legalBasis: '审核期间不计入承办单位办理时限', by: officer.userId, from: reported.reportedAt })]);
    // The unit has the ~6 s it had left when it reported, counted from the send-back.
    const movedBy = new Date(sentBack.dueAt!).getTime() - new Date(reported.dueAt!).getTime();
    expect(movedBy).toBeGreaterThanOrEqual(8_000);
    expect(new Date(sentBack.dueAt!).getTime()).toBeGreaterThan(Date.now());
    const events = await eventsOf(input.itemId);
    expect(events.map((event) => event.action)).not.toContain('overdue');
    expect(events.at(-1)).toMatchObject({ action: 'sendBack', detail: { previousDueAt: reported.dueAt } });
    await complete(handle);
  }, 60_000);

  test('a send-back within the day leaves a working-day clock as it was', async () => {
    const input = itemInput(daysAgo(0), { assignedAt: new Date().toISOString(), policy: withHandleDays(10) });
    const handle = await start(input);
    await sign(handle);
    const reported = await report(handle, '初步办理结果');
    const sentBack = await act(handle, officer, { action: 'sendBack', reason: '请补充落实情况' });
    expect(sentBack.clock.suspensions).toEqual([]);
    expect(sentBack.dueOn).toBe(reported.dueOn);
    await complete(handle);
  });

  test('stays green and unescalated when reported before its deadline', async () => {
    const input = itemInput(daysAgo(0), { assignedAt: new Date().toISOString(), policy: withHandleDays(10) });
    const handle = await start(input);
    await sign(handle);
    await report(handle, '按期办结');
    await complete(handle);
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: input.itemId } });
    expect(row).toMatchObject({ state: 'closed', colour: 'green', result: '按期办结', escalation: null });
  });

  test('rejects an action from another unit in the validator, recording nothing', async () => {
    const input = itemInput(daysAgo(0), { assignedAt: new Date().toISOString() });
    const handle = await start(input);
    await expect(sign(handle, { userId: 'x', unitId: 'czj', unitKind: 'department', roles: ['liaison'] })).rejects.toThrow(WorkflowUpdateFailedError);
    expect((await snapshotOf(handle)).state).toBe('pending_sign');
    expect(await database.db.itemEvent.count({ where: { itemId: input.itemId } })).toBe(1);
    await complete(handle);
  });
});

describe('a calendar published while an item waits (its re-arm signal not yet arrived)', () => {
  test('is read again before a wake is acted on: the deadline moves and the move is recorded under the publication', async () => {
    // An hours item's sign deadline is still counted in working days: a closure on that day,
    // written straight to the calendar as a publication whose recompute has not reached this
    // item, must be seen when its next timer (the yellow warning, seconds away) fires. Two weeks
    // of hours, so the sign deadline (long past) is well before the handling deadline's day.
    const hours = 14 * 24;
    const base = defaultItemTypePolicy('urgent_hours');
    const policy: ItemTypePolicy = { ...base, handleDays: hours, escalation: { ...base.escalation, warning: { yellowAtShareUsed: (hours * 3600 - 6) / (hours * 3600), yellowAtDaysLeft: 0 } } };
    const dueAt = Date.now() + 10_000;
    const input = itemInput(daysAgo(0), { policy, assignedAt: new Date(dueAt - hours * HOUR_MS).toISOString() });
    const handle = await start(input);
    const before = await snapshotOf(handle);
    const closedOn = before.signDueOn;
    const year = Number(closedOn.slice(0, 4));
    const { db } = database;
    const published = await db.calendarYear.findUniqueOrThrow({ where: { year } });
    await db.$transaction([
      db.calendarDay.create({ data: { date: toDateColumn(closedOn), kind: 'closure', name: '区机关闭馆（测试）', year } }),
      db.calendarYear.update({ where: { year }, data: { version: published.version + 1, source: '区政府闭馆通知（测试）' } }),
    ]);
    try {
      const yellow = await snapshotOf(handle, (snapshot) => snapshot.colour === 'yellow', 30_000);
      expect(yellow.signDueOn > closedOn).toBe(true);
      const recalculations = await db.itemRecalculation.findMany({ where: { itemId: input.itemId } });
      expect(recalculations).toEqual([
        expect.objectContaining({
          revision: `calendar-${year}-v${published.version + 1}`,
          reason: `${year}年工作日历第${published.version + 1}版发布：区政府闭馆通知（测试）`,
          detail: expect.objectContaining({ previousSignDueOn: closedOn, signDueOn: yellow.signDueOn }),
        }),
      ]);
      await complete(handle);
      await recordHistory(client, handle.workflowId, 'calendar-checked-at-wake');
    } finally {
      await db.$transaction([
        db.calendarDay.delete({ where: { date: toDateColumn(closedOn) } }),
        db.calendarYear.update({ where: { year }, data: { version: published.version, source: published.source } }),
      ]);
    }
  }, 60_000);
});
