import { createDb } from '../runtime/db';
import { applyMigrations } from './migrator';
import { seedReferenceData } from './seed/reference-data';

/** Brings a database to the current schema and loads reference data; safe to run on every start. */
export async function prepareDatabase(databaseUrl: string): Promise<{ migrationsApplied: string[] }> {
  const migrationsApplied = await applyMigrations(databaseUrl);
  const db = createDb(databaseUrl, 2);
  try {
    await seedReferenceData(db);
  } finally {
    await db.$disconnect();
  }
  return { migrationsApplied };
}
