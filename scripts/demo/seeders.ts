import type { DemoContext } from './context';
import { seedMeasuresDemo } from './measures';
import { seedDifficultyDemo } from './difficulty';
import { seedListingDemo } from './listing';
import { seedMeetingDemo } from './meeting';
import { seedRecognitionDemo } from './recognition';
import { seedSubsidyDemo } from './subsidy';
import { seedSupervisionDemo } from './supervision';
import { seedServiceOfficerDemo } from './service-officers';

/**
 * One seeder per process, run in this order on an empty database. Each drives its process's
 * workflows through the WorkflowClient and must be safe to run again after a crash half-way
 * (use fixed idempotency keys, e.g. `demo-<process>-<n>`).
 */
export const demoSeeders: { name: string; seed: (ctx: DemoContext) => Promise<void> }[] = [
  { name: '服务专员 (each seeded enterprise followed by its town liaison)', seed: seedServiceOfficerDemo },
  { name: '交办事项 (supervised items in every state)', seed: seedSupervisionDemo },
  { name: '企业诉求 (difficulties awaiting classification, in progress, overdue, rated, reopened)', seed: seedDifficultyDemo },
  { name: '联席会议 (a past meeting with its decisions)', seed: seedMeetingDemo },
  { name: '重点任务 (tracked measures, period reports done and overdue, achievements)', seed: seedMeasuresDemo },
  { name: '梯度培育认定 (historic recognitions, batches, applications in several states)', seed: seedRecognitionDemo },
  { name: '资金补助 (an open and a closed round, applications at several steps)', seed: seedSubsidyDemo },
  { name: '上市培育 (one enterprise at 辅导备案, one just in the district pool)', seed: seedListingDemo },
];
