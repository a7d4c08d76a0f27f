import type { Client } from '@temporalio/client';
import { connectTemporalClient } from '../../runtime/temporal';
import { createDb, type Db } from '../../runtime/db';
import { loadConfigOrExit } from '../../runtime/config';
import { WorkflowClient } from '../../api/workflow-client';
import { staffActor, type DemoContext } from './context';
import { demoSeeders } from './seeders';

/** The demo is seeded once: only into a database with no supervised item yet. */
export async function databaseIsEmpty(db: Db): Promise<boolean> {
  return (await db.supervisedItem.count()) === 0;
}

/** The context every seeder gets, for a database and a Temporal client on a task queue. */
export function demoContext(db: Db, temporal: Client, taskQueue: string, log: (message: string) => void): DemoContext {
  return { db, temporal, taskQueue, workflows: new WorkflowClient(temporal, taskQueue), now: new Date(), actorOf: (staffMemberId) => staffActor(db, staffMemberId), log };
}

export async function seedDemo(ctx: DemoContext): Promise<void> {
  for (const seeder of demoSeeders) {
    ctx.log(`demo: ${seeder.name}`);
    await seeder.seed(ctx);
  }
}

/** `npm run demo:seed`: seeds the running system (worker up) named by the environment. */
async function main() {
  const config = loadConfigOrExit();
  const db = createDb(config.DATABASE_URL, 4);
  const temporal = await connectTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  try {
    if (!(await databaseIsEmpty(db)) && !process.argv.includes('--force')) {
      console.log('[demo] the database already holds items; nothing seeded (--force to seed anyway)');
      return;
    }
    await seedDemo(demoContext(db, temporal, config.TEMPORAL_TASK_QUEUE, (message) => console.log(`[demo] ${message}`)));
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[demo] seeding failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
