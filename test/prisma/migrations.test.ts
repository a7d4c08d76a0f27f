import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { applyMigrations, migrationsDir, readMigrations } from '../../prisma/migrator';
import { migrationSqlBetween } from '../../prisma/schema-diff';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { projectRoot } from '../support/paths';

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Everything that makes up the public schema, as comparable text; Prisma's bookkeeping excluded. */
async function schemaDump(url: string): Promise<string[]> {
  const rows = await query<{ line: string }>(
    url,
    `
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') AS line
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'
    UNION ALL
    SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
    `,
  );
  return rows.map((row) => row.line).sort();
}

/** Objects only the migrations create (Prisma has no CHECK constraints nor partial indexes); the trigger on audit_event is not in the dump. */
const handWrittenObjects = ['constraint account account_kind_binding CHECK', 'index CREATE UNIQUE INDEX listing_application_one_pending'];

const databases: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ empty: true, poolSize: 1 });
  databases.push(database);
  return database;
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});

describe('migrations', () => {
  test('reproduce the Prisma schema exactly: no drift between the migrations and the datamodel', async () => {
    const [migrated, direct, scratch] = await Promise.all([emptyDatabase(), emptyDatabase(), emptyDatabase()]);
    await applyMigrations(migrated.url);
    const sql = await migrationSqlBetween('empty', path.join(projectRoot, 'prisma', 'schema'), scratch.url);
    const client = new Client({ connectionString: direct.url });
    await client.connect();
    await client.query(sql);
    await client.end();
    const [fromMigrations, fromSchema] = await Promise.all([schemaDump(migrated.url), schemaDump(direct.url)]);
    expect(fromMigrations.length).toBeGreaterThan(50);
    // Rules the datamodel cannot express are written by hand in migrations; each must be there.
    const handWritten = fromMigrations.filter((line) => handWrittenObjects.some((prefix) => line.startsWith(prefix)));
    expect(handWritten).toHaveLength(handWrittenObjects.length);
    expect(fromMigrations.filter((line) => !handWritten.includes(line))).toEqual(fromSchema);
  });

  test('are applied once, in order, and recorded the way Prisma records them', async () => {
    const database = await emptyDatabase();
    const all = await readMigrations();
    expect(await applyMigrations(database.url)).toEqual(all.map((migration) => migration.name));
    expect(await applyMigrations(database.url)).toEqual([]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((row) => row.migration_name)).toEqual(all.map((migration) => migration.name));
    for (const row of rows) {
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(rows[0]?.checksum).toBe(createHash('sha256').update(all[0]!.sql).digest('hex'));
  });

  test('started concurrently, wait for each other under the advisory lock and apply each migration once', async () => {
    const database = await emptyDatabase();
    const results = await Promise.all([applyMigrations(database.url), applyMigrations(database.url), applyMigrations(database.url)]);
    expect(results.flat().sort()).toEqual((await readMigrations()).map((migration) => migration.name));
  });

  test('roll back a failing migration completely and leave no record of it', async () => {
    const database = await emptyDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'srdi-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const broken = path.join(dir, '29991231000000_broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "half_written" (id int);\nSELECT * FROM "no_such_table";\n');
    await expect(applyMigrations(database.url, dir)).rejects.toThrow(/29991231000000_broken failed and was rolled back/);
    const tables = await query<{ table_name: string }>(database.url, "SELECT table_name FROM information_schema.tables WHERE table_name = 'half_written'");
    expect(tables).toEqual([]);
    const recorded = await query<{ migration_name: string }>(database.url, 'SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((row) => row.migration_name)).not.toContain('29991231000000_broken');
  });

  test('refuse to run when an applied migration was edited afterwards', async () => {
    const database = await emptyDatabase();
    await applyMigrations(database.url);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'srdi-migrations-'));
    cpSync(migrationsDir, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    writeFileSync(path.join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
    await expect(applyMigrations(database.url, dir)).rejects.toThrow(/was edited after it was applied/);
  });
});
