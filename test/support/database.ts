import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDb, type Db } from '../../runtime/db';

// Overridable so that two jest runs on one PostgreSQL (e.g. parallel work trees) keep their own template.
export const templateDatabaseName = process.env.SRDI_TEST_TEMPLATE ?? 'srdi_test_template';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through `npm test` or jest (its global setup sets it)');
  return url;
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh database per test file: a copy of the migrated, seeded template (or empty). */
export async function createTestDatabase(options: { empty?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `srdi_test_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${templateDatabaseName}`));
  const url = withDatabase(adminUrl(), name);
  const db = createDb(url, options.poolSize ?? 10);
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
