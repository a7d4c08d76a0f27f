import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { itemActionLabels, itemStateLabels, openItemStates, type ItemAction, type ItemState } from '../../domain/supervision/item-state';
import type { InboxQuery } from './schemas';

const isoDate = (value: Date) => value.toISOString().slice(0, 10);

type ItemRow = Prisma.SupervisedItemGetPayload<{ include: { leadUnit: true } }>;

export function itemView(row: ItemRow) {
  return {
    id: row.id,
    workflowId: row.workflowId,
    type: row.type,
    title: row.title,
    source: { kind: row.sourceKind, id: row.sourceId },
    leadUnit: { id: row.leadUnit.id, name: row.leadUnit.name },
    state: row.state,
    stateLabel: itemStateLabels[row.state as ItemState],
    colour: row.colour,
    budgetDays: row.budgetDays,
    signDueOn: isoDate(row.signDueOn),
    dueOn: isoDate(row.dueOn),
    provisional: row.provisional,
    signedAt: row.signedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
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

/** A unit's items, earliest deadline first, with keyset paging on (dueOn, id). */
export async function listUnitItems(db: Db, unitId: string, query: InboxQuery, today: string) {
  const where: Prisma.SupervisedItemWhereInput = {
    leadUnitId: unitId,
    state: query.state ? query.state : { in: [...openItemStates] },
    ...(query.colour ? { colour: query.colour } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.overdue === true ? { dueOn: { lt: new Date(`${today}T00:00:00Z`) } } : {}),
  };
  const andCursor: Prisma.SupervisedItemWhereInput[] = [];
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    const dueOn = new Date(`${cursor.dueOn}T00:00:00Z`);
    andCursor.push({ OR: [{ dueOn: { gt: dueOn } }, { dueOn, id: { gt: cursor.id } }] });
  }
  const rows = await db.supervisedItem.findMany({
    where: { ...where, AND: andCursor },
    include: { leadUnit: true },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(itemView),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ dueOn: isoDate(last.dueOn), id: last.id }) : null,
  };
}

export async function findItem(db: Db, itemId: string) {
  const row = await db.supervisedItem.findUnique({
    where: { id: itemId },
    include: { leadUnit: true, events: { orderBy: { seq: 'asc' } } },
  });
  if (!row) throw new AppError('NOT_FOUND', { userMessage: '督办事项不存在' });
  return row;
}

export function itemDetailView(row: Awaited<ReturnType<typeof findItem>>) {
  return {
    ...itemView(row),
    history: row.events.map((event) => ({
      seq: event.seq,
      action: event.action,
      actionLabel: itemActionLabels[event.action as ItemAction] ?? (event.action === 'overdue' ? '超期' : event.action),
      fromState: event.fromState,
      toState: event.toState,
      actorId: event.actorId,
      unitId: event.unitId,
      reason: event.reason,
      at: event.at.toISOString(),
    })),
  };
}
