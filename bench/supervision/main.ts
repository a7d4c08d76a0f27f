import { DefaultLogger, Runtime } from '@temporalio/worker';
import { measureEscalationLag } from './escalation-lag';
import { measureInbox } from './inbox';
import { measureLifecycles } from './lifecycle';
import { measureRecompute } from './recompute';
import { startBenchStack } from './stack';
import { machine } from './stats';
import { temporalCliPath } from '../../scripts/lib/processes';

// `npm run bench:supervision [-- a,b,c,d]`: the supervision engine's figures, printed as JSON.
// Environment: BENCH_LIFECYCLES, BENCH_CONCURRENCY, BENCH_ARMED, BENCH_LAG_WINDOW, BENCH_RECOMPUTE (armed items),
// BENCH_RECOMPUTE_TOTAL (open items, the rest read-model-only), BENCH_INBOX_SIZES
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
    results.machine = machine(row?.version ?? 'unknown', temporalCliPath);
    if (parts.has('a')) results.lifecycles = await measureLifecycles(stack, { count: int('BENCH_LIFECYCLES', 300), concurrency: int('BENCH_CONCURRENCY', 16) });
    // b right after a, on a read model holding only a's closed items, and it empties the read
    // model when done (its rows have no workflows): its inbox must not count d's and c's open
    // items, nor d recompute b's. d before c: c leaves its armed items open, and a calendar change
    // would have to visit them too.
    if (parts.has('b')) {
      const sizes = (process.env.BENCH_INBOX_SIZES ?? '100000,1000000').split(',').map(Number);
      results.inbox = await measureInbox(stack, { sizes, requests: int('BENCH_INBOX_REQUESTS', 300), warmup: int('BENCH_INBOX_WARMUP', 20) });
    }
    if (parts.has('d')) results.recompute = await measureRecompute(stack, {
        items: int('BENCH_RECOMPUTE', 2_000),
        total: int('BENCH_RECOMPUTE_TOTAL', 100_000),
        concurrency: int('BENCH_CONCURRENCY', 16),
      });
    if (parts.has('c')) {
      results.escalationLag = await measureEscalationLag(stack, { armed: int('BENCH_ARMED', 10_000), windowSeconds: int('BENCH_LAG_WINDOW', 600), concurrency: int('BENCH_CONCURRENCY', 16) });
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
