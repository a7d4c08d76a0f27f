import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeDeclarations } from '../../workflows/search-attributes';

// Child processes of the local stack (`npm start`, the benchmarks): each in its own process
// group, so a signal to the orchestrator reaches only it and it stops the children in order.

export const projectRoot = path.join(__dirname, '..', '..');
export const temporalCliPath = path.join(projectRoot, '.tools', 'bin', 'temporal');

export function spawnChild(command: string, args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', stdio, stdio], detached: true });
}

/** SIGTERM to the child's process group, SIGKILL after `timeoutMs`. */
export function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
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

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, cancelled: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cancelled()) return;
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

export interface DevServerOptions {
  host: string;
  port: number;
  /** The Web UI's port; absent: headless. */
  uiPort?: number;
  /** SQLite file; absent: in memory. */
  dbFile?: string;
  logLevel?: string;
}

/**
 * Server settings the dev server does not default to: eager activity dispatch lets a workflow
 * task's completion hand its new activity straight back to the same worker, saving a round trip
 * through matching for every activity an item schedules.
 */
const dynamicConfig: Record<string, string> = {
  'system.enableActivityEagerExecution': 'true',
};

/** `temporal server start-dev` arguments, with this system's search attributes declared. */
export function devServerArgs(options: DevServerOptions): string[] {
  return [
    'server', 'start-dev',
    '--ip', options.host,
    '--port', String(options.port),
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort)]),
    ...(options.dbFile ? ['--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL'] : []),
    '--namespace', 'default',
    '--log-level', options.logLevel ?? 'warn',
    ...Object.entries(dynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
    ...searchAttributeDeclarations.flatMap((declaration) => ['--search-attribute', declaration]),
  ];
}

export function waitForTemporal(address: string, timeoutMs = 60_000, cancelled?: () => boolean): Promise<void> {
  return waitFor(
    'Temporal',
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return true;
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
    cancelled,
  );
}
