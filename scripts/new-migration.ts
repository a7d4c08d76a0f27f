import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationSqlBetween } from '../prisma/schema-diff';
import { migrationsDir } from '../prisma/migrator';

// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes the schema as
// committed (HEAD) to prisma/schema/*.prisma as it is in the work tree.

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error('usage: npm run migration:new -- <snake_case_name>');
    process.exit(1);
  }
  const root = path.join(__dirname, '..');
  const schemaPath = path.join(root, 'prisma', 'schema');
  const hasMigrations = readdirSync(migrationsDir, { withFileTypes: true }).some((entry) => entry.isDirectory());
  let from: string | 'empty' = 'empty';
  if (hasMigrations) {
    // The schema as committed: a folder of .prisma files (or, before it was split, one file).
    const committed = mkdtempSync(path.join(os.tmpdir(), 'srdi-schema-'));
    writeFileSync(path.join(committed, 'prisma.tar'), execFileSync('git', ['archive', 'HEAD', 'prisma'], { cwd: root }));
    execFileSync('tar', ['-xf', 'prisma.tar'], { cwd: committed });
    const folder = path.join(committed, 'prisma', 'schema');
    from = existsSync(folder) ? folder : path.join(committed, 'prisma', 'schema.prisma');
  }
  const sql = await migrationSqlBetween(from, schemaPath);
  if (!sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'))) {
    console.error('prisma/schema has no changes since HEAD; nothing to migrate');
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
