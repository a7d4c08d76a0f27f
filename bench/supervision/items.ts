import { randomUUID } from 'node:crypto';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import type { ItemInput } from '../../workflows/supervision/messages';
import type { BenchStack } from './stack';

// Items the benchmarks arm directly on the worker's task queue (as a process would start them),
// spread over a few lead units, marked with a source kind of their own per benchmark.

const leadUnits = ['kjj', 'czj', 'swh', 'rsj', 'swj'];

export function benchItems(stack: BenchStack, policy: ItemTypePolicy, sourceKind: string) {
  return {
    async start(index: number, assignedAt: string, itemId: string = randomUUID()): Promise<string> {
      const input: ItemInput = {
        itemId,
        title: `基准测试事项 ${index}`,
        source: { kind: sourceKind, id: itemId },
        leadUnitId: leadUnits[index % leadUnits.length]!,
        coUnitIds: [],
        commissionUnitId: 'jxw',
        policy,
        assignedAt,
        createdBy: 'bench',
      };
      await stack.temporal.workflow.start('supervisedItemWorkflow', { taskQueue: stack.taskQueue, workflowId: `item-${itemId}`, args: [input] });
      return itemId;
    },
    /** Items recorded by the worker: deadline computed, timers set. */
    recorded: () => stack.db.supervisedItem.count({ where: { sourceKind } }),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
