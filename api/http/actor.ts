import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import type { Actor } from '../../domain/supervision/item';

export const commissionUnitId = 'jxw';

const actorHeaders = z.object({
  'x-srdi-user': z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/),
  'x-srdi-unit': z.string().regex(/^[a-z0-9-]{1,40}$/),
});

/**
 * The caller's identity. Until accounts and sessions exist (the access-control issue), callers
 * name themselves in two headers; every route still checks what that actor may see and do.
 */
export function actorOf(req: Request): Actor {
  const parsed = actorHeaders.safeParse(req.headers);
  if (!parsed.success) throw new AppError('UNAUTHENTICATED');
  return { userId: parsed.data['x-srdi-user'], unitId: parsed.data['x-srdi-unit'] };
}

export function isCommission(actor: Actor): boolean {
  return actor.unitId === commissionUnitId;
}

export function requireCommission(actor: Actor): void {
  if (!isCommission(actor)) throw new AppError('FORBIDDEN', { userMessage: '仅区经济信息委可执行此操作' });
}

/** Unit staff see their own unit's items; the commission sees every unit's. */
export function requireUnitAccess(actor: Actor, unitId: string): void {
  if (!isCommission(actor) && actor.unitId !== unitId) throw new AppError('WRONG_UNIT');
}
