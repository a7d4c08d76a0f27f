import type { ItemTypePolicy } from '../supervision/item-type';
import type { DifficultyCategory } from './categories';

/** Who raised it: the commission raises and assigns in one step; an enterprise's contact raises and waits. */
export type DifficultyOrigin = 'commission' | 'enterprise';

export type DifficultyState = 'awaiting_classification' | 'assigned' | 'awaiting_rating' | 'resolved';

/** 回访满意度 rules, data (prisma/seed/difficulty-rating.json), fixed per difficulty when it is raised. */
export interface RatingPolicy {
  /** A score at or below this, with the cause named as the unit, reopens the difficulty. */
  reopenAtOrBelow: number;
  /** Working days after the item is closed (已销号) for the enterprise to rate; then "no rating". */
  ratingWorkingDays: number;
  /** Reopenings allowed per difficulty; beyond it a low rating is recorded and the difficulty resolved. */
  maxReopens: number;
}

export const ratingCauses = ['unit', 'policy', 'other'] as const;
/** What the enterprise names as the cause of dissatisfaction: the unit's handling, the policy itself, other. */
export type RatingCause = (typeof ratingCauses)[number];
export const ratingCauseLabels: Record<RatingCause, string> = { unit: '承办单位办理原因', policy: '政策原因', other: '其他原因' };

/** The units a round's item was assigned to (the lead after any transfer). */
export interface DifficultyAssignment {
  category: DifficultyCategory;
  leadUnitId: string;
  coUnitIds: string[];
  itemType: string;
  policy: ItemTypePolicy;
}

export interface DifficultyInput {
  difficultyId: string;
  enterpriseId: string;
  category: DifficultyCategory;
  title: string;
  description: string;
  /** Absent when the enterprise raised it: the commission assigns later (classify). */
  leadUnitId?: string;
  coUnitIds?: string[];
  commissionUnitId: string;
  itemType?: string;
  /**
   * The item type's policy as the API read it from item_type when the difficulty was assigned; the
   * workflow hands it to the item unchanged (workflows do no I/O, and a later edit of the type
   * must not change this item).
   */
  policy?: ItemTypePolicy;
  raisedBy: string;
  raisedAt: string;
  /** Absent in difficulties started before enterprises could raise them (commission-raised). */
  origin?: DifficultyOrigin;
  /** Absent in difficulties started before ratings existed: they resolve when their item ends. */
  rating?: RatingPolicy;
}

export interface RatingRequest {
  /** The enterprise contact's user id and enterprise, re-checked by the workflow. */
  ratedBy: string;
  enterpriseId: string;
  score: number;
  cause?: RatingCause;
  comment: string;
}

export type RatingDecision = 'satisfied' | 'dissatisfied' | 'reopen';

/**
 * What a rating does. A low score reopens only when the enterprise names the unit as the cause
 * (dissatisfaction with a policy is no unit's fault) and the reopen budget is not spent.
 */
export function decideRating(policy: RatingPolicy, rating: { score: number; cause?: RatingCause }, reopenCount: number): RatingDecision {
  if (rating.score > policy.reopenAtOrBelow) return 'satisfied';
  if (rating.cause === 'unit' && reopenCount < policy.maxReopens) return 'reopen';
  return 'dissatisfied';
}

export function isValidScore(score: unknown): score is number {
  return typeof score === 'number' && Number.isInteger(score) && score >= 1 && score <= 5;
}
