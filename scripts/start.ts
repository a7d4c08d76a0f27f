import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { prepareDatabase } from '../prisma/bootstrap';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../prisma/pglite-server';
import { ensureWorkflowBundle } from '../worker/bundle';
import { searchAttributeDeclarations } from '../workflows/search-attributes';

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
  // Own process group: Ctrl-C reaches only this orchestrator, which then stops children in order.
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  children.push({ name, process: child });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything`);
      void shutdown(1);
    }
  });
  return child;
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  });
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

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

async function main() {
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  mkdirSync(dataDir, { recursive: true });

  const setup = spawnSync('bash', [path.join(root, 'scripts', 'setup-temporal.sh')], { cwd: root, stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('installing the Temporal binaries failed (scripts/setup-temporal.sh)');

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pglite'), port: ports.pglite, host });
    databaseUrl = embedded.url;
    log(`embedded PostgreSQL (PGlite) on ${host}:${ports.pglite}, data in ${path.relative(root, dataDir)}/pglite`);
  }
  const { migrationsApplied } = await prepareDatabase(databaseUrl);
  if (migrationsApplied.length) log(`migrations applied: ${migrationsApplied.join(', ')}`);

  const temporalAddress = `${host}:${ports.temporal}`;
  startChild(
    'temporal',
    path.join(root, '.tools', 'bin', 'temporal'),
    [
      'server', 'start-dev',
      '--ip', host,
      '--port', String(ports.temporal),
      '--ui-port', String(ports.temporalUi),
      '--db-filename', path.join(dataDir, 'temporal.sqlite'),
      '--namespace', 'default',
      '--log-level', 'warn',
      ...searchAttributeDeclarations.flatMap((declaration) => ['--search-attribute', declaration]),
    ],
    process.env,
  );
  const [bundlePath] = await Promise.all([
    ensureWorkflowBundle(),
    waitFor('Temporal', async () => {
      const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    }, 60_000),
  ]);

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
  await waitFor('API', async () => (await fetch(`${apiUrl}/readyz`)).ok, 60_000);

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
