import type { Request } from 'express';
import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import type { Actor } from '../../domain/supervision/item';

const actorHeaders = z.object({
  'x-srdi-user': z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/),
  'x-srdi-unit': z.string().regex(/^[a-z0-9-]{1,40}$/),
});

/**
 * The caller's identity. Until accounts and sessions exist (the access-control issue), callers
 * name themselves and their unit in two headers; the unit must exist, and every route checks
 * what that actor may see and do.
 */
export async function actorOf(db: Db, req: Request): Promise<Actor> {
  const parsed = actorHeaders.safeParse(req.headers);
  if (!parsed.success) throw new AppError('UNAUTHENTICATED');
  const unit = await db.unit.findUnique({ where: { id: parsed.data['x-srdi-unit'] }, select: { id: true, kind: true } });
  if (!unit) throw new AppError('UNAUTHENTICATED');
  return { userId: parsed.data['x-srdi-user'], unitId: unit.id, unitKind: unit.kind };
}

export function isCommission(actor: Actor): boolean {
  return actor.unitKind === 'commission';
}

export function requireCommission(actor: Actor): void {
  if (!isCommission(actor)) throw new AppError('FORBIDDEN', { userMessage: '仅区经济信息委可执行此操作' });
}

/** Unit staff see their own unit's items; the commission sees every unit's. */
export function requireUnitAccess(actor: Actor, unitIds: string | readonly string[]): void {
  const allowed = typeof unitIds === 'string' ? [unitIds] : unitIds;
  if (!isCommission(actor) && !allowed.includes(actor.unitId)) throw new AppError('WRONG_UNIT');
}
