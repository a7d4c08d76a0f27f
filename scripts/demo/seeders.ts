import type { DemoContext } from './context';
import { seedMeasuresDemo } from './measures';
import { seedMeetingDemo } from './meeting';
import { seedSupervisionDemo } from './supervision';

/**
 * One seeder per process, run in this order on an empty database. Each drives its process's
 * workflows through the WorkflowClient and must be safe to run again after a crash half-way
 * (use fixed idempotency keys, e.g. `demo-<process>-<n>`).
 */
export const demoSeeders: { name: string; seed: (ctx: DemoContext) => Promise<void> }[] = [
  { name: '交办事项 (supervised items in every state)', seed: seedSupervisionDemo },
  { name: '联席会议 (a past meeting with its decisions)', seed: seedMeetingDemo },
  { name: '重点任务 (tracked measures, period reports done and overdue, achievements)', seed: seedMeasuresDemo },
];
