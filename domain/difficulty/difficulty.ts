import type { ItemTypePolicy } from '../supervision/item-type';
import type { DifficultyCategory } from './categories';

export interface DifficultyInput {
  difficultyId: string;
  enterpriseId: string;
  category: DifficultyCategory;
  title: string;
  description: string;
  leadUnitId: string;
  coUnitIds: string[];
  commissionUnitId: string;
  itemType: string;
  /**
   * The item type's policy as the API read it from item_type when the difficulty was raised; the
   * workflow hands it to the item unchanged (workflows do no I/O, and a later edit of the type
   * must not change this item).
   */
  policy: ItemTypePolicy;
  raisedBy: string;
  raisedAt: string;
}
