import { defineUpdate } from '@temporalio/workflow';
import type { ApplicationProgress, DecisionRequest } from '../../domain/recognition/recognition';

/** Returns once the application and its first step's item are recorded; used with update-with-start. */
export const applicationRegisteredUpdate = defineUpdate<ApplicationProgress>('registered');

/**
 * A step's decision (初审, 抽查, 公示, 推荐, 结果录入). An Update, so the caller learns at once
 * whether it was this step's turn, and the answer comes after the decision is recorded and the
 * next step's item is assigned.
 */
export const decideStepUpdate = defineUpdate<ApplicationProgress, [DecisionRequest]>('decide');
