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
  raisedBy: string;
  raisedAt: string;
}
