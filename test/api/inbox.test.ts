import { Prisma } from '../../generated/prisma/client';
import { createItemActivities } from '../../activities/supervision/item-activities';
import { findItem, itemView, listUnitItems } from '../../api/supervision/read-model';
import { inboxQuerySchema } from '../../api/supervision/schemas';
import { addCalendarDays, type LocalDate } from '../../domain/calendar';
import { fromDateColumn } from '../../prisma/date-column';
import type { ItemSnapshot } from '../../domain/supervision/item';
import { itemStates, openItemStates, type ItemState } from '../../domain/supervision/item-state';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The inbox reads stored columns (open, sort_on, type) that the item activity writes, and builds
// its page in one statement. Whatever the items went through, every filter and every page must
// list exactly what the inbox's definition says: the unit's assignments in the chosen states,
// earliest own deadline first (undated last), then by item id; each item as its own route
// shows it. The definition is written here as plain SQL on the item's own columns, the way the
// inbox was first written.

const today: LocalDate = '2026-06-15';
const units = ['kjj', 'czj', 'jrzx'];
const types = ['assignment', 'difficulty', 'subsidy_review'];
const colours = ['green', 'yellow', 'red'] as const;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
  const activities = createItemActivities(database.db);
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  for (let index = 0; index < 150; index++) {
    const itemId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
    // Few distinct deadlines, so that pages break inside runs of equal dates.
    const dueOn = next() < 0.1 ? null : addCalendarDays(today, Math.floor(next() * 12) - 6);
    const lead = pick(units);
    const others = units.filter((unit) => unit !== lead);
    const co = next() < 0.4 ? (next() < 0.5 ? others : [pick(others)]) : [];
    const snapshot: ItemSnapshot = {
      itemId,
      workflowId: `item-${itemId}`,
      type: pick(types),
      title: `收件箱测试 ${index}`,
      source: { kind: 'assignment', id: itemId },
      leadUnitId: lead,
      coUnits: co.map((unitId) => ({ unitId, dueOn: dueOn && addCalendarDays(dueOn, -1) })),
      state: 'pending_sign',
      clock: { unit: 'working_days', budget: 10, startedAt: '2026-06-01T02:00:00.000Z', suspensions: [], extensions: [] },
      signDueOn: '2026-06-03',
      dueOn,
      dueAt: null,
      provisional: false,
      colour: pick(colours),
      firedSteps: [],
      version: 1,
      createdAt: '2026-06-01T02:00:00.000Z',
      updatedAt: '2026-06-01T02:00:00.000Z',
    };
    const at = '2026-06-01T02:00:00.000Z';
    await activities.recordItemEvents(snapshot, [{ seq: 1, action: 'create', fromState: null, toState: 'pending_sign', actorId: 'test', unitId: null, at }]);
    // A later event moves state, deadline (suspended or moved) and colour, as workflows do.
    if (next() < 0.7) {
      const state: ItemState = pick(itemStates);
      const moved = next() < 0.2 ? null : addCalendarDays(today, Math.floor(next() * 12) - 6);
      await activities.recordItemEvents(
        {
          ...snapshot,
          state,
          dueOn: moved,
          coUnits: snapshot.coUnits.map((part) => ({
            ...part,
            dueOn: moved && addCalendarDays(moved, -2),
            ...(next() < 0.5 ? { reportedAt: '2026-06-05T03:04:05.678Z', report: '已提供配合意见' } : {}),
          })),
          colour: pick(colours),
          signedAt: '2026-06-02T01:00:00.000Z',
          ...(next() < 0.3 ? { reportedAt: '2026-06-09T08:30:00.125Z', result: '已办结' } : {}),
          version: 2,
        },
        [{ seq: 2, action: 'recalculate', fromState: 'pending_sign', toState: state, actorId: 'test', unitId: null, at }],
      );
    }
  }
});

afterAll(async () => {
  await database?.drop();
});

/** The inbox by its definition, every match in order, with its sort key. */
async function expected(unitId: string, params: Record<string, string>): Promise<{ id: string; dueOn: string }[]> {
  const query = inboxQuerySchema.parse(params);
  const states = query.state ? [query.state] : [...openItemStates];
  const conditions = [Prisma.sql`a.unit_id = ${unitId}`, Prisma.sql`a.state::text = ANY(${states})`];
  if (query.colour) conditions.push(Prisma.sql`a.colour::text = ${query.colour}`);
  if (query.role) conditions.push(Prisma.sql`a.role::text = ${query.role}`);
  if (query.type) conditions.push(Prisma.sql`i.type = ${query.type}`);
  if (query.overdue === true) conditions.push(Prisma.sql`a.due_on < ${today}::date`);
  const rows = await database.db.$queryRaw<{ item_id: string; sort_key: string }[]>`
    SELECT a.item_id, coalesce(a.due_on, '9999-12-31'::date)::text AS sort_key FROM item_assignment a JOIN supervised_item i ON i.id = a.item_id
     WHERE ${Prisma.join(conditions, ' AND ')}
     ORDER BY coalesce(a.due_on, '9999-12-31'::date), a.item_id`;
  return rows.map((row) => ({ id: row.item_id, dueOn: row.sort_key }));
}

/** An item as its detail route reads it (Prisma), in the inbox's shape for one unit. */
const views = new Map<string, ReturnType<typeof itemView> & { assignments: { unitId: string; role: string; dueOn: Date | null }[] }>();
async function asListed(itemId: string, unitId: string) {
  if (!views.has(itemId)) {
    const row = await findItem(database.db, itemId);
    views.set(itemId, { ...itemView(row), assignments: row.assignments });
  }
  const { assignments, ...view } = views.get(itemId)!;
  const mine = assignments.find((assignment) => assignment.unitId === unitId)!;
  return { ...view, myRole: mine.role, myDueOn: mine.dueOn && fromDateColumn(mine.dueOn) };
}

/** The inbox as served, page by page through nextCursor; each cursor names the last item of its page. */
async function paged(unitId: string, params: Record<string, string>, limit: number): Promise<{ ids: string[]; cursors: unknown[] }> {
  const ids: string[] = [];
  const cursors: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listUnitItems>> = await listUnitItems(
      database.db,
      unitId,
      inboxQuerySchema.parse({ ...params, limit: String(limit), ...(cursor ? { cursor } : {}) }),
      today,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    // Every field as the item's own route shows it (one page size is enough).
    if (limit === 4) for (const item of page.items) expect(item).toEqual(await asListed(item.id, unitId));
    cursor = page.nextCursor;
    if (cursor) cursors.push(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } while (cursor);
  return { ids, cursors };
}

const filters: Record<string, string>[] = [
  {},
  { colour: 'red' },
  { colour: 'green' },
  { overdue: 'true' },
  { overdue: 'false' },
  { state: 'in_progress' },
  { state: 'closed' },
  { state: 'halted', role: 'lead' },
  { type: 'subsidy_review' },
  { role: 'co' },
  { role: 'lead', colour: 'yellow', overdue: 'true' },
];

describe('a unit inbox', () => {
  test.each(units)('of %s lists, filter by filter and page by page, exactly the items its definition selects, in order', async (unitId) => {
    for (const params of filters) {
      const all = await expected(unitId, params);
      for (const limit of [1, 4, 200]) {
        // A cursor follows every full page but the last (one with nothing after it ends the list).
        const cursors = all.filter((_, index) => (index + 1) % limit === 0 && index + 1 < all.length);
        expect({ params, limit, ...(await paged(unitId, params, limit)) }).toEqual({ params, limit, ids: all.map((row) => row.id), cursors });
      }
    }
  });

  test('the test data covers what the order and the filters hinge on', async () => {
    const [row] = await database.db.$queryRaw<{ open: number; undated: number; co: number; overdue: number; closed: number }[]>`
      SELECT count(*) FILTER (WHERE open)::int AS open, count(*) FILTER (WHERE open AND due_on IS NULL)::int AS undated,
             count(*) FILTER (WHERE open AND role = 'co')::int AS co, count(*) FILTER (WHERE open AND due_on < ${today}::date)::int AS overdue,
             count(*) FILTER (WHERE state = 'closed')::int AS closed
        FROM item_assignment`;
    expect(row!.open).toBeGreaterThan(40);
    for (const count of [row!.undated, row!.co, row!.overdue, row!.closed]) expect(count).toBeGreaterThan(2);
  });
});
