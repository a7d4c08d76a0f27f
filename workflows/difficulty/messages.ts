import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DifficultyAssignment, DifficultyState, RatingDecision, RatingRequest } from '../../domain/difficulty/difficulty';
import type { ItemSnapshot } from '../../domain/supervision/item';

export interface DifficultyRegistration {
  difficultyId: string;
  item: ItemSnapshot;
}

/** Returns once the difficulty and its first item are recorded; used with update-with-start. */
export const difficultyRegisteredUpdate = defineUpdate<DifficultyRegistration>('registered');

/** Returns once an enterprise's difficulty is recorded (it waits for classification); used with update-with-start. */
export const difficultyRecordedUpdate = defineUpdate<{ difficultyId: string; state: DifficultyState }>('recorded');

export interface ClassifyRequest {
  /** The commission's user id. */
  classifiedBy: string;
  assignment: DifficultyAssignment;
  comment?: string;
  at: string;
}

/** 分门别类并交办: the commission confirms or changes the category and assigns the units; answers once the item is recorded. */
export const classifyUpdate = defineUpdate<DifficultyRegistration, [ClassifyRequest]>('classify');

export interface RatingOutcome {
  difficultyId: string;
  decision: RatingDecision;
  state: DifficultyState;
  reopenCount: number;
}

/** 回访满意度: the enterprise confirms and rates the closed round; answers once recorded (and reopened, if so). */
export const rateUpdate = defineUpdate<RatingOutcome, [RatingRequest]>('rate');

export interface DifficultyStatus {
  state: DifficultyState;
  round: number;
  reopenCount: number;
}

export const difficultyStatusQuery = defineQuery<DifficultyStatus | null>('status');
