import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { decideRating, isValidScore, type DifficultyAssignment, type DifficultyInput, type DifficultyState, type RatingDecision, type RatingRequest } from '../../domain/difficulty/difficulty';
import { errorCatalog, type ErrorCode } from '../../domain/errors';
import type { ItemSnapshot } from '../../domain/supervision/item';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import {
  classifyUpdate,
  difficultyRecordedUpdate,
  difficultyRegisteredUpdate,
  difficultyStatusQuery,
  rateUpdate,
  type ClassifyRequest,
  type RatingOutcome,
} from './messages';

// Local, like the item's: one idempotent transaction each, run inside the workflow task
// (see workflows/supervision/item-workflow.ts for what that means on a crash).
const { registerDifficulty, resolveDifficulty, classifyDifficulty, requestRating, recordRating } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The change that brought enterprise-raised difficulties (classified and assigned later), the
 * enterprise's rating of each closed round and reopening after a low rating caused by the unit.
 * Difficulties started before it keep their old course (assign one item, resolve when it ends):
 * test/replay/histories/difficultyWorkflow/pre-patch-*.json replay through that branch.
 */
export const ratingPatchId = 'difficulty-classify-rate-reopen';

function reject(code: ErrorCode, message?: string): never {
  throw ApplicationFailure.create({ type: code, message: message ?? errorCatalog[code].message, nonRetryable: true });
}

/** 企业诉求交办: a difficulty is recorded, assigned as a supervised item, rated by the enterprise, reopened if the unit caused dissatisfaction. */
export async function difficultyWorkflow(input: DifficultyInput): Promise<void> {
  let item: ItemSnapshot | undefined;
  // 'legacy' until the patch decides: Updates of the new course are refused on old runs.
  let state: DifficultyState | 'legacy' | 'starting' = 'legacy';
  let round = 0;
  let reopenCount = 0;
  let assignment: DifficultyAssignment | undefined;
  let rating: RatingRequest | undefined;
  let ratingOutcome: { round: number; outcome: RatingOutcome } | undefined;
  setHandler(itemRegisteredSignal, (snapshot) => {
    item = snapshot;
  });
  setHandler(difficultyRegisteredUpdate, async () => {
    await condition(() => item !== undefined);
    return { difficultyId: input.difficultyId, item: item! };
  });

  if (!patched(ratingPatchId)) {
    // The course of difficulties started before the patch, unchanged.
    await registerDifficulty(input, workflowInfo().workflowId);
    const itemId = uuid4();
    const child = await startChild(supervisedItemWorkflow, {
      workflowId: `item-${itemId}`,
      args: [
        {
          itemId,
          title: input.title,
          source: { kind: 'difficulty', id: input.difficultyId },
          leadUnitId: input.leadUnitId!,
          coUnitIds: input.coUnitIds ?? [],
          commissionUnitId: input.commissionUnitId,
          policy: input.policy!,
          assignedAt: input.raisedAt,
          createdBy: input.raisedBy,
        },
      ],
      typedSearchAttributes: [
        { key: unitAttribute, value: input.leadUnitId! },
        { key: itemTypeAttribute, value: input.itemType! },
      ],
      // The item outlives a cancelled parent only by explicit decision, never by accident.
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });
    await child.result();
    await resolveDifficulty(input.difficultyId, new Date().toISOString());
    await condition(allHandlersFinished);
    return;
  }

  const ratingPolicy = input.rating!;
  state = 'starting';
  if (input.leadUnitId && input.policy && input.itemType) {
    assignment = { category: input.category, leadUnitId: input.leadUnitId, coUnitIds: input.coUnitIds ?? [], itemType: input.itemType, policy: input.policy };
  }
  setHandler(difficultyStatusQuery, () => (state === 'legacy' || state === 'starting' ? null : { state, round, reopenCount }));
  setHandler(difficultyRecordedUpdate, async () => {
    await condition(() => state !== 'starting');
    return { difficultyId: input.difficultyId, state: state as DifficultyState };
  });
  let classification: ClassifyRequest | undefined;
  setHandler(
    classifyUpdate,
    async (request) => {
      classification = request;
      assignment = request.assignment;
      item = undefined;
      state = 'assigned';
      await condition(() => item !== undefined);
      return { difficultyId: input.difficultyId, item: item! };
    },
    {
      validator: (request) => {
        if (state !== 'awaiting_classification') reject('INVALID_STATE', '诉求已分类交办');
        if (!request.assignment.leadUnitId) reject('VALIDATION_FAILED', '请指定牵头单位');
      },
    },
  );
  setHandler(
    rateUpdate,
    async (request) => {
      const ratedRound = round;
      rating = request;
      await condition(() => ratingOutcome?.round === ratedRound);
      return ratingOutcome!.outcome;
    },
    {
      validator: (request) => {
        if (request.enterpriseId !== input.enterpriseId) reject('FORBIDDEN', '只能评价本企业的诉求');
        if (state !== 'awaiting_rating' || rating !== undefined) reject('INVALID_STATE', state === 'resolved' ? '诉求已评价' : '诉求尚未办结销号，暂不能评价');
        if (!isValidScore(request.score)) reject('VALIDATION_FAILED', '评分须为 1 到 5 的整数');
      },
    },
  );

  await registerDifficulty(input, workflowInfo().workflowId);
  if (!assignment) {
    state = 'awaiting_classification';
    await condition(() => assignment !== undefined);
    await classifyDifficulty({ difficultyId: input.difficultyId, classifiedBy: classification!.classifiedBy, assignment: assignment!, comment: classification!.comment, at: classification!.at });
    upsertSearchAttributes([{ key: unitAttribute, value: assignment!.leadUnitId }]);
  }
  state = 'assigned';
  let units = { leadUnitId: assignment!.leadUnitId, coUnitIds: assignment!.coUnitIds };
  for (;;) {
    item = undefined;
    const itemId = uuid4();
    const child = await startChild(supervisedItemWorkflow, {
      workflowId: `item-${itemId}`,
      args: [
        {
          itemId,
          title: round === 0 ? input.title : `${input.title}（重办第${round}次）`,
          source: { kind: 'difficulty', id: input.difficultyId },
          leadUnitId: units.leadUnitId,
          coUnitIds: units.coUnitIds,
          commissionUnitId: input.commissionUnitId,
          policy: assignment!.policy,
          assignedAt: round === 0 ? (classification?.at ?? input.raisedAt) : new Date().toISOString(),
          createdBy: round === 0 ? (classification?.classifiedBy ?? input.raisedBy) : 'system',
        },
      ],
      typedSearchAttributes: [
        { key: unitAttribute, value: units.leadUnitId },
        { key: itemTypeAttribute, value: assignment!.itemType },
      ],
      parentClosePolicy: ParentClosePolicy.TERMINATE,
    });
    const outcome = await child.result();
    if (outcome.state !== 'closed') {
      // A halted item (已中止) is not the enterprise's to rate.
      await resolveDifficulty(input.difficultyId, new Date().toISOString(), { reason: 'item_halted', itemId });
      break;
    }
    // Open to ratings before the read model says so: a rating that follows the read model at once
    // is never refused; it waits in its handler until the round's rating is recorded.
    state = 'awaiting_rating';
    const { dueAt, unitsOfRound } = await requestRating({ difficultyId: input.difficultyId, round, itemId, ratingWorkingDays: ratingPolicy.ratingWorkingDays, at: new Date().toISOString() });
    units = unitsOfRound;
    const rated = await condition(() => rating !== undefined, Math.max(1, new Date(dueAt).getTime() - Date.now()));
    const decision: RatingDecision | 'no_rating' = rated ? decideRating(ratingPolicy, rating!, reopenCount) : 'no_rating';
    const at = new Date().toISOString();
    await recordRating({ difficultyId: input.difficultyId, round, itemId, units, rating: rated ? rating! : undefined, decision, reopenCount: decision === 'reopen' ? reopenCount + 1 : reopenCount, at });
    if (decision === 'reopen') {
      reopenCount += 1;
      state = 'assigned';
    } else {
      state = 'resolved';
    }
    if (rated) ratingOutcome = { round, outcome: { difficultyId: input.difficultyId, decision: decision as RatingDecision, state, reopenCount } };
    rating = undefined;
    if (decision !== 'reopen') break;
    round += 1;
  }
  await condition(allHandlersFinished);
}
