import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** The p-th percentile (0-100) by nearest rank; the input need not be sorted. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function versionOf(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0] ?? null;
  } catch {
    return null;
  }
}

/** What the figures were measured on. */
export function machine(postgresVersion: string, temporalCli: string) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: postgresVersion,
    temporal: versionOf(temporalCli, ['--version']),
  };
}

/** Runs `count` tasks with at most `concurrency` in flight. */
export async function runConcurrently(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  });
  await Promise.all(lanes);
}

/** A process's parent and the CPU seconds (user + system) it has used, from /proc (Linux); null elsewhere. */
function processStat(pid: number): { parent: number; cpuSeconds: number; reapedSeconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime; cutime, cstime: reaped children (a PostgreSQL backend that exited), in clock ticks (USER_HZ = 100).
    return { parent: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, reapedSeconds: (Number(fields[13]) + Number(fields[14])) / 100 };
  } catch {
    return null;
  }
}

const cpuSecondsOf = (pid: number): number | null => processStat(pid)?.cpuSeconds ?? null;

/**
 * A process and its children together, e.g. PostgreSQL's postmaster and its backends: the live
 * ones, and those that exited and were reaped (their CPU moves to the parent's cutime/cstime).
 */
export function processTreeCpu(rootPid: number): () => number | null {
  return () => {
    const root = processStat(rootPid);
    if (root === null) return null;
    let total = root.cpuSeconds + root.reapedSeconds;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = processStat(Number(entry));
      if (stat?.parent === rootPid) total += stat.cpuSeconds;
    }
    return total;
  };
}

/**
 * CPU used by named processes (a pid, or a reader such as processTreeCpu) over a phase, per unit
 * of work: a figure that other load on the machine changes far less than throughput does.
 * 'bench' is this process (the load generator, and for the bare workflow also its worker).
 */
export function cpuMeter(sources: Record<string, number | (() => number | null) | undefined>) {
  const named: Record<string, number | (() => number | null) | undefined> = { ...sources, bench: process.pid };
  const cpuOf = (source: number | (() => number | null) | undefined) => (source === undefined ? null : typeof source === 'number' ? cpuSecondsOf(source) : source());
  const read = () => Object.fromEntries(Object.entries(named).map(([name, source]) => [name, cpuOf(source)]));
  const before = read();
  return {
    /** Milliseconds of CPU per unit, by process, and their total. */
    perUnit(units: number): Record<string, number> {
      const after = read();
      const result: Record<string, number> = {};
      let total = 0;
      for (const [name, start] of Object.entries(before)) {
        const end = after[name];
        if (start === null || end === null || end === undefined) continue;
        const ms = ((end - start) * 1000) / units;
        result[name] = round(ms, 1);
        total += ms;
      }
      return { ...result, total: round(total, 1) };
    },
  };
}
