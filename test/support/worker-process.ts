import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

// The real worker (worker/main.ts) as a separate OS process, for tests that crash it. `tsx`
// runs the program in a child node process of its own, so the worker is started as the leader
// of a new process group and every signal goes to the whole group: a SIGKILL to the tsx
// process alone would leave the actual worker running.

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcess {
  /** Process id of the tsx launcher; also the process group id. */
  pid: number;
  child: ChildProcess;
  /** stdout lines (pino JSON) and stderr, for assertions and failure messages. */
  stdout: string[];
  stderr: string[];
  exited: Promise<WorkerExit>;
  hasExited(): boolean;
  /** Signals the whole process group and waits until no process of it is left alive. */
  kill(signal?: NodeJS.Signals): Promise<WorkerExit>;
}

const tsxBin = path.join(projectRoot, 'node_modules', '.bin', 'tsx');

/** Live (not zombie) members of a process group, from /proc; falls back to kill(-pgid, 0). */
export function liveGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return [pgid];
    } catch {
      return [];
    }
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

const running = new Set<number>();
// Last resort if the test process itself goes away without its afterAll: no orphan workers.
process.on('exit', () => {
  for (const pgid of running) signalGroup(pgid, 'SIGKILL');
});

/**
 * Starts `tsx worker/main.ts` with exactly `env` (plus PATH, HOME, TMPDIR) and resolves once it
 * logs "worker started". Rejects (after killing it) if it exits or does not get there in time.
 */
export async function startWorkerProcess(env: Record<string, string>, readyTimeoutMs = 40_000): Promise<WorkerProcess> {
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  const child = spawn(tsxBin, ['worker/main.ts'], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the worker process');
  running.add(pid);

  const stdout: string[] = [];
  const stderr: string[] = [];
  let exitedFlag = false;
  const exited = new Promise<WorkerExit>((resolve) => {
    child.on('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
  });
  let announceReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    announceReady = resolve;
  });
  let pending = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      stdout.push(line);
      try {
        if ((JSON.parse(line) as { msg?: string }).msg === 'worker started') announceReady();
      } catch {
        // not a pino line
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));

  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<WorkerExit> => {
    signalGroup(pid, signal);
    const exit = await exited;
    // The launcher is gone; wait for the rest of its group (the node process running the worker).
    const deadline = Date.now() + 10_000;
    while (liveGroupMembers(pid).length > 0) {
      if (Date.now() > deadline) {
        signalGroup(pid, 'SIGKILL');
        if (Date.now() > deadline + 5_000) throw new Error(`worker process group ${pid} still has live members ${liveGroupMembers(pid).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    running.delete(pid);
    return exit;
  };

  const worker: WorkerProcess = { pid, child, stdout, stderr, exited, hasExited: () => exitedFlag, kill };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), readyTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ready') {
    await kill('SIGKILL');
    throw new Error(`worker process ${outcome} before it started:\n${stderr.join('')}\n${stdout.join('\n')}`);
  }
  return worker;
}
