import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { prepareDatabase } from '../prisma/bootstrap';
import { createDb } from '../runtime/db';
import { keepCalendarAhead } from '../activities/calendar/calendar-ahead';
import { shanghaiDateOf, yearOf } from '../domain/calendar';
import { ensureWorkflowBundle } from '../worker/bundle';
import { projectRoot } from './support/paths';
import { startTestDevServer } from './support/temporal';
import { templateDatabaseName, withDatabase } from './support/database';
import { testPassword } from './support/session';

// Starts what the whole run shares: one Temporal dev server (in memory) and one template
// database with every migration and the reference data, cloned per test file.

declare global {
  var srdiTemporalEnv: TestWorkflowEnvironment | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = execFileSync('bash', ['scripts/ensure-postgres.sh'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${templateDatabaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${templateDatabaseName}`);
  } finally {
    await admin.end();
  }

  const templateUrl = withDatabase(adminUrl, templateDatabaseName);
  const [environment, bundlePath] = await Promise.all([
    startTestDevServer(),
    ensureWorkflowBundle(),
    prepareTemplate(templateUrl),
  ]);
  globalThis.srdiTemporalEnv = environment;
  process.env.SRDI_TEST_TEMPORAL_ADDRESS = environment.address;
  process.env.SRDI_TEST_WORKFLOW_BUNDLE = bundlePath;
}

/** The database as the API leaves it on start: migrated, seeded, the calendar's years ahead put in. */
async function prepareTemplate(databaseUrl: string): Promise<void> {
  await prepareDatabase(databaseUrl, { demoAccountsPassword: testPassword });
  const db = createDb(databaseUrl, 1);
  try {
    const now = new Date();
    await keepCalendarAhead(db, yearOf(shanghaiDateOf(now)), now);
    // As the API leaves them: their recompute (of no items yet) started.
    await db.calendarRevision.updateMany({ where: { recomputeStartedAt: null }, data: { recomputeStartedAt: now } });
  } finally {
    await db.$disconnect();
  }
}
