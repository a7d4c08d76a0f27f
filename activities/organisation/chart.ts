import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { appendAudit } from '../audit/audit-log';

// 组织架构的维护 (system administrator): a new unit, a new person in a unit. A new person holds
// no role until the security administrator grants one (三权分立), so creating people grants
// nobody any rights. Both are audited in the same transaction.

export type NewUnitKind = 'department' | 'park' | 'town' | 'external';

const uniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002';

/** A retry of the same request (same id, name and kind) returns the unit it created; any other clash is an error. */
export async function createUnit(db: Db, by: Principal, input: { id: string; name: string; kind: NewUnitKind }, now = new Date()) {
  const clash = await db.unit.findFirst({ where: { OR: [{ id: input.id }, { name: input.name }] }, select: { id: true, name: true, kind: true } });
  if (clash && clash.id === input.id && clash.name === input.name && clash.kind === input.kind) return { unit: { id: clash.id, name: clash.name, kind: clash.kind }, created: false };
  if (clash) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [clash.id === input.id ? { path: 'id', message: '单位编号已存在' } : { path: 'name', message: '单位名称已存在' }] });
  }
  try {
    return await db.$transaction(async (tx) => {
      const last = await tx.unit.aggregate({ _max: { sortOrder: true } });
      const unit = await tx.unit.create({ data: { ...input, sortOrder: (last._max.sortOrder ?? 0) + 1, createdAt: now }, select: { id: true, name: true, kind: true } });
      await appendAudit(tx, { actorId: auditActorOf(by), action: 'unit.created', subject: `unit:${unit.id}`, detail: { ...input }, dedupKey: `unit:${unit.id}:created`, at: now });
      return { unit, created: true };
    });
  } catch (error) {
    if (uniqueViolation(error)) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'name', message: '单位编号或名称已存在' }] });
    throw error;
  }
}

/**
 * `id` comes from the request's Idempotency-Key when it has one: a retry finds the person the
 * first attempt created and returns it (created: false) instead of adding the person twice.
 */
export async function createStaffMember(db: Db, by: Principal, input: { unitId: string; name: string; email?: string | undefined; phone?: string | undefined }, now = new Date(), id = `staff-${randomUUID()}`) {
  const select = { id: true, name: true, unitId: true, roles: true, active: true } as const;
  const existing = await db.staffMember.findUnique({ where: { id }, select });
  if (existing) return { member: existing, created: false };
  if (!(await db.unit.findUnique({ where: { id: input.unitId }, select: { id: true } }))) throw new AppError('UNKNOWN_UNIT', { fieldErrors: [{ path: 'unitId', message: '单位不存在' }] });
  try {
    return await insertStaffMember(db, by, input, now, id, select);
  } catch (error) {
    // Two retries at once: the second finds the first one's row.
    if (!uniqueViolation(error)) throw error;
    return { member: await db.staffMember.findUniqueOrThrow({ where: { id }, select }), created: false };
  }
}

function insertStaffMember(db: Db, by: Principal, input: { unitId: string; name: string; email?: string | undefined; phone?: string | undefined }, now: Date, id: string, select: { id: true; name: true; unitId: true; roles: true; active: true }) {
  return db.$transaction(async (tx) => {
    const member = await tx.staffMember.create({
      data: { id, unitId: input.unitId, name: input.name, email: input.email ?? null, phone: input.phone ?? null, roles: [], createdAt: now },
      select,
    });
    await appendAudit(tx, { actorId: auditActorOf(by), action: 'staff.created', subject: `staff:${id}`, detail: { unitId: input.unitId, name: input.name }, dedupKey: `staff:${id}:created`, at: now });
    return { member, created: true };
  });
}
