import { currentUpdateInfo } from '@temporalio/workflow';

/**
 * Temporal deduplicates Update ids within one run only; a workflow that continues as new carries
 * the ids it handled lately, so a retried HTTP call (its idempotency key is the Update id) never
 * acts twice across runs. Call inside an Update handler.
 */
export function handledUpdates(carried: readonly string[] | undefined, capacity: number) {
  const ids: string[] = [...(carried ?? [])];
  return {
    /** The ids to carry into the next run. */
    ids,
    alreadyHandled(): boolean {
      const id = currentUpdateInfo()?.id;
      return id !== undefined && ids.includes(id);
    },
    remember(): void {
      const id = currentUpdateInfo()?.id;
      if (id === undefined) return;
      ids.push(id);
      if (ids.length > capacity) ids.splice(0, ids.length - capacity);
    },
  };
}
