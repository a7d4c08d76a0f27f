import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationSqlBetween } from '../prisma/schema-diff';
import { migrationsDir } from '../prisma/migrator';

// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema as
// committed (HEAD) to prisma/schema.prisma as it is in the work tree.

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run migration:new -- <snake_case_name>');
    process.exit(1);
  }
  const root = path.join(__dirname, '..');
  const schemaPath = path.join(root, 'prisma', 'schema.prisma');
  const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((entry) => entry.isDirectory());
  let from: string | 'empty' = 'empty';
  if (hasMigrations) {
    from = path.join(mkdtempSync(path.join(os.tmpdir(), 'srdi-schema-')), 'schema.prisma');
    writeFileSync(from, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { cwd: root }));
  }
  const sql = await migrationSqlBetween(from, schemaPath);
  if (!sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'))) {
    console.error('schema.prisma has no changes since HEAD; nothing to migrate');
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
