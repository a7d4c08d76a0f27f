import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { Client, Connection } from '@temporalio/client';
import { prepareDatabase } from '../../prisma/bootstrap';
import { createDb, type Db } from '../../runtime/db';
import { ensureWorkflowBundle } from '../../worker/bundle';
import { benchPassword } from './session';
import { processTreeCpu } from './stats';
import { devServerArgs, projectRoot, spawnChild, stopChild, temporalCliPath, waitFor, waitForTemporal } from '../../scripts/lib/processes';

// The system as it runs in production, on this machine: a real PostgreSQL (the private test
// cluster), the Temporal dev server, the worker and the API as their own
// processes. The benchmark drives it from outside, like its users.

export interface BenchStack {
  apiUrl: string;
  databaseUrl: string;
  db: Db;
  temporal: Client;
  taskQueue: string;
  temporalAddress: string;
  /** The stack's processes, for CPU accounting (see stats.ts cpuMeter); PostgreSQL with its backends. */
  pids: { temporal?: number; worker?: number; api?: number; postgres?: () => number | null };
  stop(): Promise<void>;
}

const host = '127.0.0.1';
// Overridable so that two benchmarks can run side by side on one machine.
const ports = { api: Number(process.env.BENCH_API_PORT ?? 3900), temporal: Number(process.env.BENCH_TEMPORAL_PORT ?? 7900) };
const databaseName = process.env.BENCH_DATABASE ?? 'srdi_bench';
if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseName)) throw new Error(`BENCH_DATABASE must be a plain lower-case identifier, got ${databaseName}`);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function portInUse(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** The postmaster's pid when the cluster runs on this machine and we may read its settings. */
async function postmasterPid(admin: PgClient): Promise<number | undefined> {
  try {
    const { rows } = await admin.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    const pid = Number(readFileSync(path.join(rows[0]!.setting, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // another machine's cluster, or no right to read its settings: no PostgreSQL figure
  }
}

export async function startBenchStack(): Promise<BenchStack> {
  for (const port of Object.values(ports)) {
    if (await portInUse(port)) throw new Error(`port ${port} is in use: is another benchmark running?`);
  }
  execFileSync('bash', ['scripts/setup-temporal.sh'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const adminUrl = process.env.TEST_DATABASE_URL ?? execFileSync('bash', ['scripts/ensure-postgres.sh'], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const postgres = await postmasterPid(admin);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, databaseName);
  await prepareDatabase(databaseUrl, { demoAccountsPassword: benchPassword });

  const children: ChildProcess[] = [];
  const temporalAddress = `${host}:${ports.temporal}`;
  // The dev server's default persistence (in-memory SQLite), as in the test suite.
  children.push(spawnChild(temporalCliPath, devServerArgs({ host, port: ports.temporal, logLevel: 'error' }), process.env, 'ignore'));
  const [bundlePath] = await Promise.all([ensureWorkflowBundle(), waitForTemporal(temporalAddress)]);

  const taskQueue = 'srdi-bench';
  const env = {
    ...process.env,
    NODE_ENV: 'production' as const,
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    HOST: host,
    PORT: String(ports.api),
    DB_POOL_SIZE: '20',
    SECRET_KEY: randomBytes(32).toString('base64'),
    COOKIE_SECURE: 'false',
    // The benchmark is one client address sending thousands of requests a minute.
    API_RATE_LIMIT: '1000000',
  };
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the worker and the API.
  const tsx = [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx'];
  children.push(spawnChild(process.execPath, [...tsx, path.join(projectRoot, 'worker', 'main.ts')], env));
  children.push(spawnChild(process.execPath, [...tsx, path.join(projectRoot, 'api', 'main.ts')], env));
  const apiUrl = `http://${host}:${ports.api}`;
  await waitFor('API', async () => (await fetch(`${apiUrl}/readyz`)).ok, 60_000);

  const connection = await Connection.connect({ address: temporalAddress });
  const temporal = new Client({ connection, namespace: 'default' });
  const db = createDb(databaseUrl, 10);
  return {
    apiUrl,
    databaseUrl,
    db,
    temporal,
    taskQueue,
    temporalAddress,
    pids: { temporal: children[0]?.pid, worker: children[1]?.pid, api: children[2]?.pid, postgres: postgres === undefined ? undefined : processTreeCpu(postgres) },
    async stop() {
      await db.$disconnect();
      await connection.close();
      const [temporalServer, ...processes] = children;
      await Promise.all(processes.map((child) => stopChild(child, 15_000)));
      if (temporalServer) await stopChild(temporalServer, 10_000);
    },
  };
}
