import { ParentClosePolicy, allHandlersFinished, condition, proxyLocalActivities, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { DifficultyInput } from '../../domain/difficulty/difficulty';
import type { ItemSnapshot } from '../../domain/supervision/item';
import { itemTypeAttribute, stateAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import { difficultyRegisteredUpdate } from './messages';

// Local, like the item's: one idempotent transaction each, run inside the workflow task
// (see workflows/supervision/item-workflow.ts for what that means on a crash).
const { registerDifficulty, resolveDifficulty } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** 企业诉求交办: a difficulty is recorded and assigned to its lead unit as a supervised item. */
export async function difficultyWorkflow(input: DifficultyInput): Promise<void> {
  let item: ItemSnapshot | undefined;
  setHandler(itemRegisteredSignal, (snapshot) => {
    item = snapshot;
  });
  setHandler(difficultyRegisteredUpdate, async () => {
    await condition(() => item !== undefined);
    return { difficultyId: input.difficultyId, item: item! };
  });

  await registerDifficulty(input, workflowInfo().workflowId);
  const itemId = uuid4();
  const child = await startChild(supervisedItemWorkflow, {
    workflowId: `item-${itemId}`,
    args: [
      {
        itemId,
        title: input.title,
        source: { kind: 'difficulty', id: input.difficultyId },
        leadUnitId: input.leadUnitId,
        coUnitIds: input.coUnitIds,
        commissionUnitId: input.commissionUnitId,
        policy: input.policy,
        assignedAt: input.raisedAt,
        createdBy: input.raisedBy,
      },
    ],
    typedSearchAttributes: [
      { key: unitAttribute, value: input.leadUnitId },
      { key: stateAttribute, value: 'pending_sign' },
      { key: itemTypeAttribute, value: input.itemType },
    ],
    // The item outlives a cancelled parent only by explicit decision, never by accident.
    parentClosePolicy: ParentClosePolicy.TERMINATE,
  });
  await child.result();
  await resolveDifficulty(input.difficultyId, new Date().toISOString());
  await condition(allHandlersFinished);
}
