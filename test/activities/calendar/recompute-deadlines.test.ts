import { createCalendarActivities, publishCalendarYear } from '../../../activities/calendar/calendar-activities';
import { createRecomputeActivities, type RecomputePage } from '../../../activities/calendar/recompute-deadlines';
import { verifyAuditChain } from '../../../activities/audit/audit-log';
import { createItemActivities } from '../../../activities/supervision/item-activities';
import { findItem, itemDetailView } from '../../../api/supervision/read-model';
import { WorkingCalendar, type LocalDate } from '../../../domain/calendar';
import { startClock } from '../../../domain/supervision/clock';
import { deadlinePolicyOf, deriveDeadlines } from '../../../domain/supervision/deadlines';
import type { ItemSnapshot } from '../../../domain/supervision/item';
import { defaultItemTypePolicy } from '../../../domain/supervision/item-type';
import type { ItemState } from '../../../domain/supervision/item-state';
import { fromDateColumn } from '../../../prisma/date-column';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// The bulk recompute after a calendar publication, on the read model the item activity writes:
// items as their workflows recorded them (2026, whose holidays the seed publishes), then a
// district closure day published before their deadlines.

const policy = defaultItemTypePolicy('joint_meeting_task'); // 15 working days, co-organisers 2 earlier
const assignedAt = '2026-03-02T09:00:00+08:00';
const closure: LocalDate = '2026-03-04';
const revision = 'calendar-2026-v2';
const reason = '2026年工作日历第2版发布：区政府停工通知（测试）';
const page = (afterId: string | null = null, limit = 100): RecomputePage => ({ years: [2026], reason, revision, afterId, limit });

let database: TestDatabase;
let calendar: WorkingCalendar;
const items = createItemActivities;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
  calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: 2026, toYear: 2028 }));
});

afterAll(async () => {
  await database?.drop();
});

/** An item as its workflow records it on creation (the deadline policy travels with the first record). */
async function recordItem(itemId: string, options: { state?: ItemState; coUnitIds?: string[]; withPolicy?: boolean } = {}): Promise<ItemSnapshot> {
  const clock = startClock('working_days', policy.handleDays, new Date(assignedAt).toISOString());
  const state = options.state ?? 'in_progress';
  const derived = deriveDeadlines({ state, clock, colour: 'green' }, deadlinePolicyOf(policy), calendar, new Date('2026-03-02T10:00:00+08:00'));
  const snapshot: ItemSnapshot = {
    itemId,
    workflowId: `item-${itemId}`,
    type: policy.type,
    title: `重算测试 ${itemId}`,
    source: { kind: 'recompute-test', id: itemId },
    leadUnitId: 'kjj',
    coUnits: (options.coUnitIds ?? []).map((unitId) => ({ unitId, dueOn: derived.coUnitDueOn })),
    state,
    clock,
    signDueOn: derived.signDueOn,
    dueOn: derived.dueOn,
    dueAt: derived.dueAt,
    provisional: derived.provisional,
    colour: 'green',
    firedSteps: [],
    version: 1,
    createdAt: clock.startedAt,
    updatedAt: clock.startedAt,
  };
  await items(database.db).recordItemEvents(
    snapshot,
    [{ seq: 1, action: 'create', fromState: null, toState: state, actorId: 'test', unitId: null, at: clock.startedAt }],
    options.withPolicy === false ? {} : { deadlinePolicy: deadlinePolicyOf(policy) },
  );
  return snapshot;
}

async function publishClosure() {
  const days = (await createCalendarActivities(database.db).loadCalendar({ fromYear: 2026, toYear: 2026 })).days;
  await publishCalendarYear(database.db, {
    year: 2026,
    source: '区政府停工通知（测试）',
    days: [...days, { date: closure, kind: 'closure', name: '区级停工日' }],
    publishedBy: 'wang.jxw',
    publishedAt: new Date().toISOString(),
  });
}

const recalculationsOf = (itemId: string) => database.db.itemRecalculation.findMany({ where: { itemId } });
const auditOf = (itemId: string) => database.db.auditEvent.findMany({ where: { subject: `item:${itemId}`, action: 'item.recalculate' } });

describe('recomputing open deadlines on the read model after a calendar publication', () => {
  const ids = ['r-01-lead-only', 'r-02-with-co', 'r-03-review', 'r-04-no-policy', 'r-05-closed'];
  let before: Record<string, ItemSnapshot>;

  beforeAll(async () => {
    before = {
      [ids[0]!]: await recordItem(ids[0]!),
      [ids[1]!]: await recordItem(ids[1]!, { coUnitIds: ['czj', 'jrzx'] }),
      [ids[2]!]: await recordItem(ids[2]!, { state: 'pending_review' }),
      [ids[3]!]: await recordItem(ids[3]!, { withPolicy: false }),
      [ids[4]!]: await recordItem(ids[4]!, { state: 'closed' }),
    };
    await publishClosure();
  });

  test('moves each open item, its inbox rows and its sort key by one working day, and records old → new with why, once', async () => {
    const activities = createRecomputeActivities(database.db);
    const first = await activities.recomputeOpenDeadlines(page(null, 2));
    expect(first).toMatchObject({ scanned: 2, updated: 2, recorded: 2, deferred: 0, lastId: ids[1], done: false });
    const second = await activities.recomputeOpenDeadlines(page(first.lastId, 2));
    // The item without a known policy is left to its workflow; the closed item is not read at all.
    expect(second).toMatchObject({ scanned: 2, updated: 1, recorded: 1, deferred: 1, lastId: ids[3], done: false });
    expect(await activities.recomputeOpenDeadlines(page(second.lastId, 2))).toMatchObject({ scanned: 0, done: true });

    for (const id of ids.slice(0, 3)) {
      const old = before[id]!;
      const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id }, include: { assignments: true } });
      const dueOn = calendar.nextWorkingDay(old.dueOn!);
      expect({ dueOn: fromDateColumn(row.dueOn!), signDueOn: fromDateColumn(row.signDueOn), version: row.version }).toEqual({
        dueOn,
        signDueOn: old.signDueOn, // 3 March, before the closure
        version: 1,
      });
      for (const assignment of row.assignments) {
        const expected = assignment.role === 'lead' ? dueOn : calendar.nextWorkingDay(old.coUnits[0]!.dueOn!);
        expect({ dueOn: fromDateColumn(assignment.dueOn!), sortOn: fromDateColumn(assignment.sortOn) }).toEqual({ dueOn: expected, sortOn: expected });
      }
      const history = itemDetailView(await findItem(database.db, id)).history.filter((entry) => entry.action === 'recalculate');
      expect(history).toEqual([
        expect.objectContaining({ seq: null, actorId: 'system', reason, detail: expect.objectContaining({ previousDueOn: old.dueOn, dueOn, revision }) }),
      ]);
      expect(await auditOf(id)).toHaveLength(1);
    }
    expect((await recalculationsOf(ids[1]!))[0]!.detail).toMatchObject({
      previousCoUnitDueOn: before[ids[1]!]!.coUnits[0]!.dueOn,
      coUnitDueOn: calendar.nextWorkingDay(before[ids[1]!]!.coUnits[0]!.dueOn!),
    });
    for (const id of ids.slice(3)) {
      const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id } });
      expect(fromDateColumn(row.dueOn!)).toBe(before[id]!.dueOn);
      expect(await recalculationsOf(id)).toEqual([]);
    }
    expect((await verifyAuditChain(database.db)).brokenAt).toBeUndefined();
  });

  test('a repeated page (a retried activity, or a second recompute of the same publication) writes nothing', async () => {
    const activities = createRecomputeActivities(database.db);
    const audit = await database.db.auditEvent.count();
    expect(await activities.recomputeOpenDeadlines(page())).toMatchObject({ scanned: 4, updated: 0, recorded: 0, deferred: 1, done: true });
    expect(await database.db.auditEvent.count()).toBe(audit);
  });

  test('lanes split the open items between them: together they read each open item once', async () => {
    const activities = createRecomputeActivities(database.db);
    const lanes = await Promise.all([0, 1, 2].map((index) => activities.recomputeOpenDeadlines({ ...page(), lane: { index, of: 3 } })));
    expect(lanes.reduce((sum, lane) => sum + lane.scanned, 0)).toBe(4);
    expect(lanes.every((lane) => lane.done && lane.updated === 0)).toBe(true);
  });

  test('the workflow recording the same publication afterwards moves the version on but adds no second record', async () => {
    const id = ids[0]!;
    const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id } });
    const old = before[id]!;
    const dueOn = fromDateColumn(row.dueOn!);
    const snapshot: ItemSnapshot = { ...old, dueOn, signDueOn: fromDateColumn(row.signDueOn), dueAt: row.dueAt!.toISOString(), version: 2 };
    const detail = { previousDueOn: old.dueOn, dueOn, previousSignDueOn: old.signDueOn, signDueOn: snapshot.signDueOn, previousCoUnitDueOn: null, coUnitDueOn: null };
    await items(database.db).recordItemEvents(snapshot, [], { recalculation: { revision, reason: '来自工作流', detail, at: new Date().toISOString() } });
    expect(await database.db.supervisedItem.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 2 });
    expect(await recalculationsOf(id)).toEqual([expect.objectContaining({ reason })]);
    expect(await auditOf(id)).toHaveLength(1);
    expect((await verifyAuditChain(database.db)).brokenAt).toBeUndefined();
  });
});
