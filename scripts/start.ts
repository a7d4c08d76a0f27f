import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { prepareDatabase } from '../prisma/bootstrap';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../prisma/pglite-server';
import { ensureWorkflowBundle } from '../worker/bundle';
import { ensureWebBuild } from './lib/web-build';
import { devServerArgs, spawnChild, stopChild, temporalCliPath, waitFor, waitForTemporal } from './lib/processes';

// `npm start`: the whole system on embedded defaults: PGlite (unless DATABASE_URL is set), the
// Temporal dev server with a persistent SQLite file and its Web UI, the worker and the API.
// Ctrl-C stops the API and worker first (they finish in-flight work), then Temporal, then PGlite.

const root = path.join(__dirname, '..');
const dataDir = path.resolve(root, process.env.SRDI_DATA_DIR ?? '.data');
const ports = {
  api: Number(process.env.PORT ?? 3000),
  temporal: Number(process.env.TEMPORAL_PORT ?? 7233),
  temporalUi: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
  pglite: Number(process.env.PGLITE_PORT ?? 5433),
};
const host = process.env.HOST ?? '127.0.0.1';

const children: { name: string; process: ChildProcess }[] = [];
let embedded: EmbeddedPostgres | undefined;
let stopping = false;

function log(message: string) {
  console.log(`[srdi] ${message}`);
}

function startChild(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnChild(command, args, env);
  children.push({ name, process: child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  return child;
}

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  log('stopping…');
  const byName = (name: string) => children.filter((child) => child.name === name).map((child) => child.process);
  await Promise.all([...byName('api'), ...byName('worker')].map((child) => stopChild(child, 15_000)));
  await Promise.all(byName('temporal').map((child) => stopChild(child, 10_000)));
  await embedded?.stop();
  log('stopped');
  process.exit(code);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });

  const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-temporal.sh')], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('installing the Temporal binaries failed (scripts/setup-temporal.sh)');

  // The web app the API serves: rebuilt only when its sources changed (a hash check, milliseconds).
  ensureWebBuild({ log });

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: ports.pglite, host });
    databaseUrl = embedded.url;
    log(`embedded PostgreSQL (PGlite) on ${host}:${ports.pglite}, data in ${path.relative(root, dataDir)}/pglite`);
  }
  // The embedded demo signs in with demo accounts unless told not to (SEED_DEMO_ACCOUNTS=false).
  const demoPassword = process.env.SEED_DEMO_ACCOUNTS === 'false' ? undefined : process.env.DEMO_PASSWORD ?? 'Srdi-Demo-2026';
  const { migrationsApplied } = await prepareDatabase(databaseUrl, { demoAccountsPassword: demoPassword });
  if (migrationsApplied.length) log(`migrations applied: ${migrationsApplied.join(', ')}`);
  if (demoPassword) log(`demo accounts (README "Demo accounts"), e.g. kjj-liaison / jxw-officer-1 / sysadmin, password ${demoPassword}`);

  const temporalAddress = `${host}:${ports.temporal}`;
  startChild(
    'temporal',
    temporalCliPath,
    devServerArgs({ host, port: ports.temporal, uiPort: ports.temporalUi, dbFile: path.join(dataDir, 'temporal.sqlite') }),
    process.env,
  );
  const [bundlePath] = await Promise.all([ensureWorkflowBundle(), waitForTemporal(temporalAddress, 60_000, () => stopping)]);

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    HOST: host,
    PORT: String(ports.api),
  };
  const tsx = ['--import', 'tsx'];
  startChild('worker', process.execPath, [...tsx, path.join(root, 'worker', 'main.ts')], env);
  startChild('api', process.execPath, [...tsx, path.join(root, 'api', 'main.ts')], env);
  const apiUrl = `http://${host}:${ports.api}`;
  await waitFor('API', async () => (await fetch(`${apiUrl}/readyz`)).ok, 60_000, () => stopping);
  // A newcomer should see a living system: on an empty database, demo cases are driven through
  // the real workflows (scripts/demo). SEED_DEMO=false starts empty.
  if (process.env.SEED_DEMO !== 'false') {
    const seeder = spawn(process.execPath, [...tsx, path.join(root, 'scripts', 'demo', 'seed.ts')], { cwd: root, env, stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => seeder.on('exit', resolve));
    if (code !== 0 && !stopping) log('demo seeding failed; the system runs without (part of) the demo data');
  }

  console.log(
    [
      '',
      '  专精特新督办平台 SRDI Flow is running',
      `  API          ${apiUrl}/api/v1   (health: ${apiUrl}/readyz)`,
      `  Web UI       ${apiUrl}/`,
      `  Temporal UI  http://${host}:${ports.temporalUi}`,
      `  Temporal     ${temporalAddress} (namespace default)`,
      `  PostgreSQL   ${embedded ? `embedded PGlite ${host}:${ports.pglite}` : 'DATABASE_URL'}`,
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(`[srdi] start failed: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
