import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { startEmbeddedPostgres } from './pglite-server';

const run = promisify(execFile);
const projectRoot = path.join(__dirname, '..');

/**
 * The SQL that takes datamodel `from` (a schema file, or nothing) to datamodel `to`, from
 * `prisma migrate diff`. Engine-free Prisma's schema engine insists on a live connection even
 * for a pure datamodel diff (it reads nothing from it): pass an empty scratch database, or a
 * throwaway in-memory PGlite is served for the duration.
 */
export async function migrationSqlBetween(from: string | 'empty', to: string, scratchDatabaseUrl?: string): Promise<string> {
  const scratch = scratchDatabaseUrl ? { url: scratchDatabaseUrl, stop: async () => undefined } : await startEmbeddedPostgres({ port: 0 });
  try {
    const fromArgs = from === 'empty' ? ['--from-empty'] : ['--from-schema-datamodel', from];
    const { stdout } = await run(
      path.join(projectRoot, 'node_modules', '.bin', 'prisma'),
      ['migrate', 'diff', ...fromArgs, '--to-schema-datamodel', to, '--script'],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: scratch.url }, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    await scratch.stop();
  }
}
