import { DefaultLogger, Runtime } from '@temporalio/worker';
import { measureInbox } from './inbox';
import { measureLifecycles } from './lifecycle';
import { startBenchStack } from './stack';
import { machine } from './stats';
import { temporalCliPath } from '../../scripts/lib/processes';

// `npm run bench:supervision [-- a,b,c,d]`: the supervision engine's figures, printed as JSON.
// Environment: BENCH_LIFECYCLES, BENCH_CONCURRENCY, BENCH_ARMED, BENCH_RECOMPUTE, BENCH_INBOX_SIZES
// (item counts, default 100000,1000000), BENCH_INBOX_REQUESTS, BENCH_INBOX_WARMUP.

const int = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main() {
  // stdout carries only the JSON result.
  Runtime.install({ logger: new DefaultLogger('WARN', (entry) => process.stderr.write(`${entry.level} ${entry.message}\n`)) });
  const parts = new Set((process.argv[2] ?? 'a,b,c,d').split(','));
  const stack = await startBenchStack();
  const results: Record<string, unknown> = {};
  try {
    const [row] = await stack.db.$queryRaw<{ version: string }[]>`SELECT version()`;
    results.machine = machine(row?.version ?? "unknown", temporalCliPath);
    if (parts.has('a')) results.lifecycles = await measureLifecycles(stack, { count: int('BENCH_LIFECYCLES', 300), concurrency: int('BENCH_CONCURRENCY', 16) });
    if (parts.has('b')) {
      const sizes = (process.env.BENCH_INBOX_SIZES ?? '100000,1000000').split(',').map(Number);
      results.inbox = await measureInbox(stack, { sizes, requests: int('BENCH_INBOX_REQUESTS', 300), warmup: int('BENCH_INBOX_WARMUP', 20) });
    }
  } finally {
    await stack.stop();
  }
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
