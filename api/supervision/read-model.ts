import { Prisma, type ItemAssignment, type ItemEvent, type ItemRecalculation, type SupervisedItem, type Unit } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { systemActorId } from '../../domain/supervision/item';
import { itemActionLabels, itemStateLabels, openItemStates, type ItemAction, type ItemState } from '../../domain/supervision/item-state';
import type { InboxQuery } from './schemas';
import { fromDateColumn, toDateColumn } from '../../prisma/date-column';

const isoDate = (value: Date | null) => (value ? fromDateColumn(value) : null);

// Co-organisers are listed in the units' display order (the inbox's page query orders them alike).
const itemInclude = {
  leadUnit: true,
  assignments: { include: { unit: true }, orderBy: [{ unit: { sortOrder: 'asc' } }, { unitId: 'asc' }] },
} satisfies Prisma.SupervisedItemInclude;

/** What itemView reads: an item row (Prisma's, or the inbox's page query's) with its units. */
type ItemViewRow = Omit<SupervisedItem, 'leadUnitId' | 'clock' | 'version'> & {
  leadUnit: Pick<Unit, 'id' | 'name'>;
  assignments: (Pick<ItemAssignment, 'unitId' | 'role' | 'dueOn' | 'reportedAt' | 'report'> & { unit: Pick<Unit, 'name'> })[];
};

export function itemView(row: ItemViewRow) {
  return {
    id: row.id,
    workflowId: row.workflowId,
    type: row.type,
    title: row.title,
    source: { kind: row.sourceKind, id: row.sourceId },
    leadUnit: { id: row.leadUnit.id, name: row.leadUnit.name },
    coUnits: row.assignments
      .filter((assignment) => assignment.role === 'co')
      .map((assignment) => ({
        id: assignment.unitId,
        name: assignment.unit.name,
        dueOn: isoDate(assignment.dueOn),
        reportedAt: assignment.reportedAt?.toISOString() ?? null,
        report: assignment.report,
      })),
    state: row.state,
    stateLabel: itemStateLabels[row.state as ItemState],
    colour: row.colour,
    budgetDays: row.budgetDays,
    signDueOn: isoDate(row.signDueOn),
    dueOn: isoDate(row.dueOn),
    dueAt: row.dueAt?.toISOString() ?? null,
    clockRunning: row.dueOn !== null,
    provisional: row.provisional,
    extensionPending: row.extensionPending,
    escalation: row.escalation,
    signedAt: row.signedAt?.toISOString() ?? null,
    reportedAt: row.reportedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    result: row.result,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

interface Cursor {
  dueOn: string;
  id: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(value: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.id === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(parsed.dueOn)) return parsed;
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'cursor', message: '分页游标无效' }] });
}

/**
 * A unit's inbox: items it leads or supports, earliest deadline first (its own deadline: the
 * sub-deadline for a co-organiser), keyset-paged on (deadline, item id) over item_assignment.
 * One statement: the page's keys, then its items with their lead unit and assignments.
 */
export async function listUnitItems(db: Db, unitId: string, query: InboxQuery, today: string) {
  const rows = await db.$queryRaw<InboxPageRow[]>(inboxPageQuery(unitId, query, today));
  const page = rows.slice(0, query.limit).map((row) => ({ ...row, assignments: assignmentsOf(row.assignments) }));
  const last = page[page.length - 1];
  return {
    items: page.map((row) => {
      const assignment = row.assignments.find((entry) => entry.unitId === unitId);
      return { ...itemView(row), myRole: assignment?.role ?? null, myDueOn: isoDate(assignment?.dueOn ?? null) };
    }),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ dueOn: isoDate(last.sortKey)!, id: last.id }) : null,
  };
}

/** A row of inboxPageQuery. */
type InboxPageRow = Omit<ItemViewRow, 'assignments'> & { sortKey: Date; assignments: AssignmentsJson };

/**
 * An item's columns as Prisma names them, its lead unit, and its assignments as JSON (dates as
 * text) in the units' display order: what itemView reads, for a row aliased i.
 */
const itemViewColumns = Prisma.sql`
  i.id, i.workflow_id AS "workflowId", i.type, i.title, i.source_kind AS "sourceKind",
  i.source_id AS "sourceId", i.state::text AS state, i.budget_days AS "budgetDays", i.sign_due_on AS "signDueOn",
  i.due_on AS "dueOn", i.due_at AS "dueAt", i.provisional, i.colour::text AS colour, i.extension_pending AS "extensionPending",
  i.escalation, i.signed_at AS "signedAt", i.reported_at AS "reportedAt", i.completed_at AS "completedAt",
  i.closed_at AS "closedAt", i.result, i.created_at AS "createdAt", i.updated_at AS "updatedAt",
  (SELECT json_build_object('id', lead.id, 'name', lead.name) FROM unit lead WHERE lead.id = i.lead_unit_id) AS "leadUnit",
  (SELECT json_agg(json_build_object('unitId', a.unit_id, 'role', a.role, 'dueOn', a.due_on, 'reportedAt', a.reported_at,
                                     'report', a.report, 'unit', json_build_object('name', u.name))
                   ORDER BY u.sort_order, a.unit_id)
     FROM item_assignment a JOIN unit u ON u.id = a.unit_id
    WHERE a.item_id = i.id) AS assignments`;

/** Assignments as itemViewColumns returns them (JSON: dates as text, null when there are none). */
type AssignmentsJson = (Pick<ItemAssignment, 'unitId' | 'role' | 'report'> & { dueOn: string | null; reportedAt: string | null; unit: { name: string } })[] | null;

const assignmentsOf = (assignments: AssignmentsJson): ItemViewRow['assignments'] =>
  (assignments ?? []).map((part) => ({
    ...part,
    dueOn: part.dueOn === null ? null : toDateColumn(part.dueOn),
    reportedAt: part.reportedAt === null ? null : new Date(part.reportedAt),
  }));

/** The inbox's page: its keys (inboxKeysQuery), and for each the item, its lead unit and its assignments. */
export function inboxPageQuery(unitId: string, query: InboxQuery, today: string): Prisma.Sql {
  return Prisma.sql`
    WITH page AS (${inboxKeysQuery(unitId, query, today)})
    SELECT p.sort_key AS "sortKey", ${itemViewColumns}
      FROM page p JOIN supervised_item i ON i.id = p.item_id
     ORDER BY p.sort_key, p.item_id`;
}

/**
 * The inbox's page of keys (item_id, sort_key), one more than the limit. Every condition is on
 * item_assignment's own columns (an assignment always has its item, and carries its type),
 * compared in their own types, so that the default inbox is a scan of the index
 * (unit_id, open, sort_on, item_id) and a state filter one of (unit_id, state, sort_on, item_id),
 * both in ORDER BY order and stopped by LIMIT; the other filters only skip entries on the way.
 * sort_on is coalesce(due_on, 9999-12-31).
 */
function inboxKeysQuery(unitId: string, query: InboxQuery, today: string): Prisma.Sql {
  const conditions = [Prisma.sql`a.unit_id = ${unitId}`, query.state ? Prisma.sql`a.state = ${query.state}::item_state` : Prisma.sql`a.open`];
  if (query.colour) conditions.push(Prisma.sql`a.colour = ${query.colour}::item_colour`);
  if (query.role) conditions.push(Prisma.sql`a.role = ${query.role}::assignment_role`);
  if (query.type) conditions.push(Prisma.sql`a.type = ${query.type}`);
  // due_on < today, on the sort key (the same rows: an undated item's key is far in the future), so it bounds the scan.
  if (query.overdue === true) conditions.push(Prisma.sql`a.sort_on < ${today}::date`);
  // Title search only skips entries on the index scan, like the other filters.
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM supervised_item s WHERE s.id = a.item_id AND s.title ILIKE ${pattern})`);
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    conditions.push(Prisma.sql`(a.sort_on, a.item_id) > (${cursor.dueOn}::date, ${cursor.id})`);
  }
  return Prisma.sql`
    SELECT a.item_id, a.sort_on AS sort_key
      FROM item_assignment a
     WHERE ${Prisma.join(conditions, ' AND ')}
     ORDER BY a.sort_on, a.item_id
     LIMIT ${query.limit + 1}`;
}

/** An item with its units, its history (events in seq order) and its calendar recalculations. */
export interface ItemDetailRow extends ItemViewRow {
  leadUnitId: string;
  clock: Prisma.JsonValue;
  version: number;
  events: (Omit<ItemEvent, 'itemId' | 'detail'> & { detail: Prisma.JsonValue })[];
  recalculations: (Omit<ItemRecalculation, 'itemId' | 'detail'> & { detail: Prisma.JsonValue })[];
}

type ItemDetailJsonRow = Omit<ItemDetailRow, 'assignments' | 'events' | 'recalculations'> & {
  assignments: AssignmentsJson;
  events: (Omit<ItemDetailRow['events'][number], 'at'> & { at: string })[];
  recalculations: (Omit<ItemDetailRow['recalculations'][number], 'at'> & { at: string })[];
};

/**
 * One statement, not a Prisma include: every action answers with this read-back, and compiling an
 * include of four relations cost about six times the query itself (4.2 against 0.7 ms of CPU).
 */
export async function findItem(db: Db, itemId: string): Promise<ItemDetailRow> {
  const [row] = await db.$queryRaw<ItemDetailJsonRow[]>`
    SELECT ${itemViewColumns}, i.lead_unit_id AS "leadUnitId", i.clock, i.version,
           (SELECT coalesce(json_agg(json_build_object('seq', e.seq, 'action', e.action, 'fromState', e.from_state, 'toState', e.to_state,
                                                       'actorId', e.actor_id, 'unitId', e.unit_id, 'reason', e.reason, 'detail', e.detail, 'at', e.at)
                                     ORDER BY e.seq), '[]')
              FROM item_event e WHERE e.item_id = i.id) AS events,
           (SELECT coalesce(json_agg(json_build_object('revision', r.revision, 'reason', r.reason, 'detail', r.detail, 'at', r.at)
                                     ORDER BY r.at, r.revision), '[]')
              FROM item_recalculation r WHERE r.item_id = i.id) AS recalculations
      FROM supervised_item i
     WHERE i.id = ${itemId}`;
  if (!row) throw new AppError('NOT_FOUND', { userMessage: '督办事项不存在' });
  return {
    ...row,
    assignments: assignmentsOf(row.assignments),
    events: row.events.map((event) => ({ ...event, at: new Date(event.at) })),
    recalculations: row.recalculations.map((recalculation) => ({ ...recalculation, at: new Date(recalculation.at) })),
  };
}

/** What an action needs before it goes to the workflow: where the item runs and which units it assigns. */
export async function findItemAccess(db: Db, itemId: string): Promise<{ workflowId: string; leadUnitId: string; coUnitIds: string[]; unitIds: string[] }> {
  const [row] = await db.$queryRaw<{ workflow_id: string; lead_unit_id: string; co_unit_ids: string[] }[]>`
    SELECT i.workflow_id, i.lead_unit_id, coalesce(array_agg(a.unit_id) FILTER (WHERE a.role = 'co'), '{}') AS co_unit_ids
      FROM supervised_item i LEFT JOIN item_assignment a ON a.item_id = i.id
     WHERE i.id = ${itemId}
     GROUP BY i.workflow_id, i.lead_unit_id`;
  if (!row) throw new AppError('NOT_FOUND', { userMessage: '督办事项不存在' });
  return { workflowId: row.workflow_id, leadUnitId: row.lead_unit_id, coUnitIds: row.co_unit_ids, unitIds: [row.lead_unit_id, ...row.co_unit_ids] };
}

/** Units that may see an item: its lead and its co-organisers. */
export const unitsOf = (row: Pick<ItemViewRow, 'assignments'>) => row.assignments.map((assignment) => assignment.unitId);

export function itemDetailView(row: ItemDetailRow) {
  const events = row.events.map((event) => ({
    seq: event.seq as number | null,
    action: event.action,
    actionLabel: itemActionLabels[event.action as ItemAction] ?? event.action,
    fromState: event.fromState as ItemState | null,
    toState: event.toState as ItemState | null,
    actorId: event.actorId,
    unitId: event.unitId,
    reason: event.reason,
    detail: event.detail,
    at: event.at.toISOString(),
  }));
  // 时限重算 after a calendar publication: recorded per publication, not in the workflow's event
  // sequence (item_recalculation), so it has no seq and changes no state; shown in time order.
  const recalculations = row.recalculations.map((recalculation) => ({
    seq: null,
    action: 'recalculate',
    actionLabel: itemActionLabels.recalculate,
    fromState: null,
    toState: null,
    actorId: systemActorId,
    unitId: null,
    reason: recalculation.reason,
    detail: { ...(recalculation.detail as Record<string, unknown>), revision: recalculation.revision },
    at: recalculation.at.toISOString(),
  }));
  const history = [...events, ...recalculations].sort((a, b) => a.at.localeCompare(b.at));
  return { ...itemView(row), extensionRequest: row.extensionPending ? pendingExtensionOf(events) : null, history };
}

/**
 * The pending 延期申请 as its request event recorded it (working days or hours asked for, reason,
 * progress, who and when), so the commission decides on what was asked, not on a flag.
 */
function pendingExtensionOf(events: readonly { action: string; actorId: string; reason: string | null; detail: Prisma.JsonValue; at: string }[]) {
  const request = [...events].reverse().find((event) => event.action === 'requestExtension');
  if (!request) return null;
  const detail = (request.detail ?? {}) as { days?: number; progress?: string };
  return { days: detail.days ?? null, reason: request.reason, progress: detail.progress ?? null, requestedBy: request.actorId, requestedAt: request.at };
}

/** The commission's cross-unit view: counts by colour and state, per unit, and the overdue list. */
export async function supervisionOverview(db: Db, today: string) {
  const open = { state: { in: [...openItemStates] } };
  const [byColour, byState, byUnit, overdue, awaitingReview, extensionRequests, returned] = await Promise.all([
    db.supervisedItem.groupBy({ by: ['colour'], where: open, _count: { _all: true } }),
    db.supervisedItem.groupBy({ by: ['state'], _count: { _all: true } }),
    db.itemAssignment.groupBy({ by: ['unitId', 'colour'], where: { ...open, role: 'lead' }, _count: { _all: true } }),
    db.supervisedItem.findMany({
      where: { ...open, dueOn: { lt: toDateColumn(today) } },
      include: itemInclude,
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      take: 50,
    }),
    // What waits for the commission: reports to review, and extension requests to decide.
    db.supervisedItem.findMany({ where: { state: 'pending_review' }, include: itemInclude, orderBy: [{ reportedAt: 'asc' }, { id: 'asc' }], take: 50 }),
    db.supervisedItem.findMany({
      where: { ...open, extensionPending: true },
      include: itemInclude,
      orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
      take: 50,
    }),
    // Returned by the lead unit (退回): the commission transfers them to another unit or halts them.
    db.supervisedItem.findMany({ where: { state: 'returned' }, include: itemInclude, orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], take: 50 }),
  ]);
  const units = new Map<string, { unitId: string; green: number; yellow: number; red: number }>();
  for (const row of byUnit) {
    const entry = units.get(row.unitId) ?? { unitId: row.unitId, green: 0, yellow: 0, red: 0 };
    entry[row.colour] = row._count._all;
    units.set(row.unitId, entry);
  }
  return {
    openByColour: { green: 0, yellow: 0, red: 0, ...Object.fromEntries(byColour.map((row) => [row.colour, row._count._all])) },
    byState: Object.fromEntries(byState.map((row) => [row.state, row._count._all])),
    byUnit: [...units.values()].sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.unitId.localeCompare(b.unitId)),
    overdue: overdue.map(itemView),
    awaitingReview: awaitingReview.map(itemView),
    extensionRequests: extensionRequests.map(itemView),
    returned: returned.map(itemView),
  };
}
