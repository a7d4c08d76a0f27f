import { ActivityFailure, ApplicationFailure, ParentClosePolicy, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { shanghaiDateOf } from '../../domain/calendar';
import { subsidyApplicationWorkflowId, type SubsidyApplicationRequest } from '../../domain/subsidy/subsidy';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { subsidyApplicationWorkflow } from '../subsidy/subsidy-workflow';
import { supervisedItemWorkflow } from '../supervision/item-workflow';

// Local: two short reads (the open round; the request checked against it), inside the workflow task.
const { findOpenSubsidyRound, prepareSubsidyApplication } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** 分阶段奖励: what a reached milestone claims (measure 30). */
export interface StagedRewardClaim {
  caseId: string;
  enterpriseId: string;
  enterpriseName: string;
  milestone: string;
  milestoneLabel: string;
  stage: string;
  reachedOn: string;
  /** The evidence ids the commission confirmed the milestone with, for the application's file. */
  evidenceIds: string[];
  commissionUnitId: string;
  claimedBy: string;
  at: string;
}

/** Why a claim went to the commission as an item instead of becoming an application. */
export interface RewardFallback {
  /** Short, for the item's title. */
  short: string;
  /** In full (the subsidy process's refusal), for the case's timeline. */
  reason: string;
}

export type StartedSubsidyClaim = { kind: 'subsidy_application'; id: string; roundId: string; requestedAmount: number };

/**
 * 上市分阶段奖励 → 资金补助: the claim becomes an application to the round of the reward measure
 * open on the claim day, checked by the subsidy process as any application is (window,
 * eligibility, materials, amount), and its workflow is started as a child that outlives this
 * run (ABANDON), with the application id `applicationId` (so a replay starts the same one).
 * Returns the fallback instead when the programme names no measure or amount, no round is
 * open, or the subsidy process refuses the request: the caller then starts the commission item.
 */
export async function startRewardApplication(
  claim: StagedRewardClaim,
  applicationId: string,
  reward: { measureId?: string; amount?: number },
): Promise<StartedSubsidyClaim | RewardFallback> {
  if (!reward.measureId || reward.amount === undefined) return { short: '未配置奖励措施或金额', reason: '上市培育里程碑数据未配置奖励所属措施或申请金额，转区经济信息委办理' };
  const round = await findOpenSubsidyRound(reward.measureId, shanghaiDateOf(new Date(claim.at)));
  if (!round) return { short: '无开放的申报批次', reason: `申领之日（${shanghaiDateOf(new Date(claim.at))}）没有奖励所属措施的开放申报批次，转区经济信息委办理` };
  const evidence = claim.evidenceIds.length > 0 ? `（佐证编号：${claim.evidenceIds.join('、')}）` : '';
  const request: SubsidyApplicationRequest = {
    roundId: round.id,
    enterpriseId: claim.enterpriseId,
    applicantId: claim.claimedBy,
    requestedAmount: reward.amount,
    materials: round.materials.map((material) => ({ code: material.code, description: `见上市培育里程碑佐证：${claim.milestoneLabel}（${claim.reachedOn} 达成）${evidence}` })),
    origin: { kind: 'listing_milestone', id: `${claim.caseId}:${claim.milestone}` },
  };
  let prepared: Awaited<ReturnType<Activities['prepareSubsidyApplication']>>;
  try {
    prepared = await prepareSubsidyApplication(request);
  } catch (error) {
    // A refusal (逾期不再受理, not eligible, amount over the cap …) is final and typed; anything else is a fault.
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
      return { short: '资金补助申报未受理', reason: `向「${round.title}」申报未受理：${error.cause.message}` };
    }
    throw error;
  }
  await startChild(subsidyApplicationWorkflow, {
    workflowId: subsidyApplicationWorkflowId(applicationId),
    args: [{ ...prepared, applicationId }],
    // The application runs for months, long after this run continues as new.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return { kind: 'subsidy_application', id: applicationId, roundId: round.id, requestedAmount: request.requestedAmount };
}

/**
 * A claim the commission handles as a supervised item of type `listing_reward_claim`: how every
 * claim went before the connection to 资金补助 (patch 'listing-reward-subsidy'), and now the
 * fallback when no application could be started (the reason in the title), so no claim is lost.
 * Returns the item id; the caller waits for the item to register.
 */
export async function startStagedRewardClaim(claim: StagedRewardClaim, itemId: string, policy: ItemTypePolicy, fallback?: RewardFallback): Promise<{ kind: 'supervised_item'; id: string }> {
  await startChild(supervisedItemWorkflow, {
    workflowId: `item-${itemId}`,
    args: [
      {
        itemId,
        title: `${claim.enterpriseName}「${claim.milestoneLabel}」${claim.stage}申请${fallback ? `（${fallback.short}）` : ''}`,
        source: { kind: 'listing', id: claim.caseId },
        leadUnitId: claim.commissionUnitId,
        coUnitIds: [],
        commissionUnitId: claim.commissionUnitId,
        policy,
        assignedAt: claim.at,
        createdBy: claim.claimedBy,
      },
    ],
    typedSearchAttributes: [
      { key: unitAttribute, value: claim.commissionUnitId },
      { key: itemTypeAttribute, value: policy.type },
    ],
    // The claim is handled long after this run continues as new.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return { kind: 'supervised_item', id: itemId };
}
