import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import type { ItemProcess, ItemTypePolicy } from '../../domain/supervision/item-type';
import { findItemType } from '../../activities/supervision/item-types';

/**
 * The units an item is assigned to must exist, and a co-organiser may appear only once and never
 * be the lead unit itself. Shared by every API that assigns items (诉求交办, 交办事项 …).
 */
export async function checkAssignedUnits(db: Db, leadUnitId: string, coUnitIds: readonly string[]): Promise<void> {
  if (coUnitIds.includes(leadUnitId) || new Set(coUnitIds).size !== coUnitIds.length) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'coUnitIds', message: '配合单位不能重复，也不能包含牵头单位' }] });
  }
  const assigned = [leadUnitId, ...coUnitIds];
  const units = await db.$queryRaw<{ id: string }[]>`SELECT id FROM unit WHERE id = ANY(${assigned}::text[])`;
  const known = new Set(units.map((unit) => unit.id));
  const unknown = assigned.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new AppError('UNKNOWN_UNIT', {
      fieldErrors: unknown.map((id) => ({ path: id === leadUnitId ? 'leadUnitId' : 'coUnitIds', message: `责任单位不存在：${id}` })),
    });
  }
}

/**
 * The current policy of the item type a new item is created with, read from item_type; the
 * caller puts it in the workflow input, where it stays for the item's life. A type that does not
 * exist, or belongs to another process, is refused.
 */
export async function itemTypePolicyFor(db: Db, type: string, process: ItemProcess, field: string): Promise<ItemTypePolicy> {
  const stored = await findItemType(db, type);
  if (!stored || stored.policy.process !== process) {
    throw new AppError('UNKNOWN_ITEM_TYPE', { fieldErrors: [{ path: field, message: `事项类型不存在，或不能用于此类事项：${type}` }] });
  }
  return stored.policy;
}
