import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { itemTypeAttribute, stateAttribute, unitAttribute } from '../search-attributes';
import { supervisedItemWorkflow } from '../supervision/item-workflow';

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

/**
 * THE HOOK for the subsidy process (资金补助, built in parallel). A staged reward claim must start
 * a subsidy application; until `subsidyApplicationWorkflow` exists it is recorded as a supervised
 * item of type `listing_reward_claim` assigned to the commission. To connect it, replace the body
 * with a startChild of subsidyApplicationWorkflow (same ABANDON policy, a workflow id derived from
 * `itemId`) behind `patched('listing-reward-subsidy')`, since running cases replay this code.
 * Returns the id of what was started; the caller waits for an item to register.
 */
export async function startStagedRewardClaim(claim: StagedRewardClaim, itemId: string, policy: ItemTypePolicy): Promise<{ kind: 'supervised_item'; id: string }> {
  await startChild(supervisedItemWorkflow, {
    workflowId: `item-${itemId}`,
    args: [
      {
        itemId,
        title: `${claim.enterpriseName}「${claim.milestoneLabel}」${claim.stage}申请`,
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
      { key: stateAttribute, value: 'pending_sign' },
      { key: itemTypeAttribute, value: policy.type },
    ],
    // The claim is handled long after this run continues as new.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  return { kind: 'supervised_item', id: itemId };
}
