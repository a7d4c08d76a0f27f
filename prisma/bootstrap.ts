import { createDb } from '../runtime/db';
import { applyMigrations } from './migrator';
import { seedReferenceData } from './seed/reference-data';
import { seedDemoAccounts } from './seed/demo-accounts';

/** Brings a database to the current schema and loads reference data; safe to run on every start. */
export async function prepareDatabase(databaseUrl: string, options: { demoAccountsPassword?: string } = {}): Promise<{ migrationsApplied: string[] }> {
  const migrationsApplied = await applyMigrations(databaseUrl);
  const db = createDb(databaseUrl, 2);
  try {
    await seedReferenceData(db);
    if (options.demoAccountsPassword) await seedDemoAccounts(db, options.demoAccountsPassword);
  } finally {
    await db.$disconnect();
  }
  return { migrationsApplied };
}
