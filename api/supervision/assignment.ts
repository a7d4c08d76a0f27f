import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';

/**
 * The units an item is assigned to must exist, and a co-organiser may appear only once and never
 * be the lead unit itself. Shared by every API that assigns items (诉求交办, 交办事项 …).
 */
export async function checkAssignedUnits(db: Db, leadUnitId: string, coUnitIds: readonly string[]): Promise<void> {
  if (coUnitIds.includes(leadUnitId) || new Set(coUnitIds).size !== coUnitIds.length) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'coUnitIds', message: '配合单位不能重复，也不能包含牵头单位' }] });
  }
  const units = await db.unit.findMany({ where: { id: { in: [leadUnitId, ...coUnitIds] } }, select: { id: true } });
  const known = new Set(units.map((unit) => unit.id));
  const unknown = [leadUnitId, ...coUnitIds].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_UNIT', {
      fieldErrors: unknown.map((id) => ({ path: id === leadUnitId ? 'leadUnitId' : 'coUnitIds', message: `责任单位不存在：${id}` })),
    });
  }
}
