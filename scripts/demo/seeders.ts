import type { DemoContext } from './context';

/**
 * One seeder per process, run in this order on an empty database. Each drives its process's
 * workflows through the WorkflowClient and must be safe to run again after a crash half-way
 * (use fixed idempotency keys, e.g. `demo-<process>-<n>`).
 */
export const demoSeeders: { name: string; seed: (ctx: DemoContext) => Promise<void> }[] = [];
