import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DifficultyInput } from '../domain/difficulty/difficulty';
import type { Actor, ItemCommand, ItemSnapshot } from '../domain/supervision/item';
import { difficultyRegisteredUpdate, type DifficultyRegistration } from '../workflows/difficulty/messages';
import { actUpdate, itemReadyUpdate, type ItemInput } from '../workflows/supervision/messages';
import { itemTypeAttribute, unitAttribute } from '../workflows/search-attributes';

// The thin layer between HTTP and Temporal: it names workflow ids and maps idempotency keys to
// Temporal's own deduplication (workflow ids for starts, update ids for actions). No decisions.

export const difficultyWorkflowId = (difficultyId: string) => `difficulty-${difficultyId}`;
export const itemWorkflowId = (itemId: string) => `item-${itemId}`;

/** A UUID (version 8, name-based) from an idempotency key, so a retried request names the same item. */
export function uuidFromKey(namespace: string, key: string): string {
  const hex = createHash('sha256').update(`${namespace}:${key}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class WorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Starts the difficulty process and returns once its first item is recorded. */
  async raiseDifficulty(input: Omit<DifficultyInput, 'difficultyId'>, idempotencyKey?: string): Promise<DifficultyRegistration> {
    const difficultyId = idempotencyKey ? `d-${idempotencyKey}` : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('difficultyWorkflow', {
      workflowId: difficultyWorkflowId(difficultyId),
      taskQueue: this.taskQueue,
      args: [{ ...input, difficultyId }],
      // A retried request with the same key attaches to the process the first one started.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: unitAttribute, value: input.leadUnitId }],
    });
    return this.client.workflow.executeUpdateWithStart(difficultyRegisteredUpdate, {
      startWorkflowOperation,
      updateId: `registered-${difficultyId}`,
    });
  }

  /** Starts an assigned item (交办事项, its own source) and returns once it is recorded with its deadlines. */
  async assignItem(input: Omit<ItemInput, 'itemId' | 'source'>, idempotencyKey?: string): Promise<ItemSnapshot> {
    const itemId = idempotencyKey ? uuidFromKey('item', idempotencyKey) : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('supervisedItemWorkflow', {
      workflowId: itemWorkflowId(itemId),
      taskQueue: this.taskQueue,
      args: [{ ...input, itemId, source: { kind: 'assignment', id: itemId } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        { key: unitAttribute, value: input.leadUnitId },
        { key: itemTypeAttribute, value: input.policy.type },
      ],
    });
    return this.client.workflow.executeUpdateWithStart(itemReadyUpdate, { startWorkflowOperation, updateId: `ready-${itemId}` });
  }

  /**
   * Starts the recompute of every open deadline after a calendar change; the workflow id makes
   * a repeated call for the same revision attach to the same run instead of starting another.
   */
  async recomputeDeadlines(years: number[], reason: string, workflowId: string): Promise<string> {
    await this.client.workflow.start('calendarRecomputeWorkflow', {
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ years, reason, revision: workflowId, afterId: null, signalled: 0 }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return workflowId;
  }

  /** One action on an item; the same idempotency key never acts twice (Temporal update id). */
  act(workflowId: string, actor: Actor, command: ItemCommand, idempotencyKey?: string): Promise<ItemSnapshot> {
    return this.client.workflow
      .getHandle(workflowId)
      .executeUpdate(actUpdate, { args: [{ actor, command }], updateId: idempotencyKey && `${command.action}-${idempotencyKey}` });
  }
}
