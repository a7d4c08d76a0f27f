import { defineUpdate } from '@temporalio/workflow';
import type { ItemSnapshot } from '../../domain/supervision/item';

export interface DifficultyRegistration {
  difficultyId: string;
  item: ItemSnapshot;
}

/** Returns once the difficulty and its first item are recorded; used with update-with-start. */
export const difficultyRegisteredUpdate = defineUpdate<DifficultyRegistration>('registered');
