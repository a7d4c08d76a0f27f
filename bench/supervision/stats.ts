import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/**
 * CPU used by named processes over a phase, per unit of work: a figure that other load on the
 * machine changes far less than throughput does. 'bench' is this process (the load generator,
 * and for the bare workflow also its worker).
 */
export function cpuMeter(pids: Record<string, number | undefined>) {
  const named: Record<string, number | undefined> = { ...pids, bench: process.pid };
  const read = () => Object.fromEntries(Object.entries(named).map(([name, pid]) => [name, pid === undefined ? null : cpuSecondsOf(pid)]));
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
