import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { DifficultyInput } from '../domain/difficulty/difficulty';
import type { Actor, ItemSnapshot } from '../domain/supervision/item';
import { difficultyRegisteredUpdate, type DifficultyRegistration } from '../workflows/difficulty/messages';
import { completeUpdate, signUpdate } from '../workflows/supervision/messages';
import { unitAttribute } from '../workflows/search-attributes';

// The thin layer between HTTP and Temporal: it names workflow ids and maps idempotency keys to
// Temporal's own deduplication (workflow ids for starts, update ids for actions). No decisions.

export const difficultyWorkflowId = (difficultyId: string) => `difficulty-${difficultyId}`;

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

  signItem(workflowId: string, actor: Actor, idempotencyKey?: string): Promise<ItemSnapshot> {
    return this.client.workflow
      .getHandle(workflowId)
      .executeUpdate(signUpdate, { args: [{ actor }], updateId: idempotencyKey && `sign-${idempotencyKey}` });
  }

  completeItem(workflowId: string, actor: Actor, result: string, idempotencyKey?: string): Promise<ItemSnapshot> {
    return this.client.workflow
      .getHandle(workflowId)
      .executeUpdate(completeUpdate, { args: [{ actor, result }], updateId: idempotencyKey && `complete-${idempotencyKey}` });
  }
}
