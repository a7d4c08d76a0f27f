import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { migrationSqlBetween } from '../../prisma/schema-diff';
import { seedReferenceData } from '../../prisma/seed/reference-data';
import { seedStaff } from '../../prisma/seed/staff';
import { createTestDatabase, type TestDatabase } from './database';
import { projectRoot } from './paths';

// A database built straight from the current Prisma schema (not from the migrations), for
// tests of schema changes whose migration is not generated yet. Once it is, this can become
// `createTestDatabase()` (the migrated template) with nothing else changed.

const schemaDir = path.join(projectRoot, 'prisma', 'schema');

/** `prisma migrate diff` takes seconds, so its SQL is cached per schema content across test files. */
async function schemaSql(): Promise<string> {
  const files = readdirSync(schemaDir).filter((name) => name.endsWith('.prisma')).sort();
  const hash = createHash('sha256');
  for (const name of files) hash.update(name).update('\0').update(readFileSync(path.join(schemaDir, name))).update('\0');
  const cached = path.join(os.tmpdir(), `srdi-schema-${hash.digest('hex').slice(0, 24)}.sql`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    const scratch = await createTestDatabase({ empty: true, poolSize: 1 });
    try {
      const sql = await migrationSqlBetween('empty', schemaDir, scratch.url);
      // Written aside and renamed, so a parallel test file never reads half a file.
      const partial = `${cached}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, sql);
      renameSync(partial, cached);
      return sql;
    } finally {
      await scratch.drop();
    }
  }
}

export async function createSchemaTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const [database, sql] = await Promise.all([createTestDatabase({ empty: true, poolSize: options.poolSize }), schemaSql()]);
  try {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    await seedReferenceData(database.db);
    await seedStaff(database.db); // idempotent, so harmless where seedReferenceData calls it too
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}
