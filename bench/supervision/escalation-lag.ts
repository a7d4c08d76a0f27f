import { randomUUID } from 'node:crypto';
import { defaultItemTypePolicy, type ItemTypePolicy } from '../../domain/supervision/item-type';
import { benchItems, sleep } from './items';
import type { BenchStack } from './stack';
import { percentile, round, runConcurrently } from './stats';

// (c) The lag from an item's deadline to its recorded escalation, with many items armed at once:
// each item's workflow holds a timer for its deadline; when it fires, the item turns red
// (超期, an `overdue` event) and its 催办 step fires (an `escalate` event plus notices). The lag
// is the moment the event is visible in PostgreSQL minus the deadline, observed by polling.

const HOUR_MS = 3_600_000;
const pollIntervalMs = 100;

/** 24 natural hours; yellow at half time (no notice), 催办 to the liaison at the deadline. */
function lagPolicy(): ItemTypePolicy {
  const base = defaultItemTypePolicy('urgent_hours');
  return {
    ...base,
    type: 'bench_lag',
    escalation: {
      warning: { yellowAtShareUsed: 0.5, yellowAtDaysLeft: 0 },
      ladder: [{ key: 'urge', label: '催办通知', trigger: { after: 'due', workingDays: 0 }, notify: [{ role: 'liaison', unit: 'lead' }] }],
    },
  };
}

export async function measureEscalationLag(stack: BenchStack, options: { armed: number; windowSeconds: number; concurrency: number }) {
  const items = benchItems(stack, lagPolicy(), 'bench-lag');
  const start = (itemId: string, dueAt: number, index: number) => items.start(index, new Date(dueAt - 24 * HOUR_MS).toISOString(), itemId);
  const recordedCount = items.recorded;
  // Calibrate the arming rate (started and recorded by the worker) with items due tomorrow:
  // armed, but they never fire here.
  const calibration = Math.min(300, Math.floor(options.armed / 10));
  const calibrationStarted = performance.now();
  await runConcurrently(calibration, options.concurrency, async (index) => {
    await start(randomUUID(), Date.now() + 24 * HOUR_MS, index);
  });
  while ((await recordedCount()) < calibration) await sleep(100);
  const ratePerSecond = calibration / ((performance.now() - calibrationStarted) / 1000);

  // The measured items: deadlines spread evenly over a window that opens once all are armed.
  const measured = options.armed - calibration;
  // Twice the calibrated time: arming slows as open workflows accumulate (and with other load on
  // the machine); at 1.5 times a 10k run on a shared machine opened its window with 9,051 armed.
  const opensAt = Date.now() + Math.ceil((measured / ratePerSecond) * 2 * 1000) + 30_000;
  const dueAtOf = new Map<string, number>();
  const creationStarted = performance.now();
  await runConcurrently(measured, options.concurrency, async (index) => {
    const itemId = randomUUID();
    const dueAt = opensAt + Math.floor((index / measured) * options.windowSeconds * 1000);
    dueAtOf.set(itemId, dueAt);
    await start(itemId, dueAt, index);
  });
  const startSeconds = (performance.now() - creationStarted) / 1000;
  // Armed: each item recorded (its deadline computed, its timer set).
  for (;;) {
    const recorded = await recordedCount();
    if (recorded >= options.armed) break;
    if (Date.now() > opensAt) throw new Error(`only ${recorded} of ${options.armed} items were armed before the first deadline; lower BENCH_ARMED`);
    await sleep(500);
  }
  const armedSeconds = (performance.now() - creationStarted) / 1000;

  const seen = { overdue: new Map<string, number>(), urge: new Map<string, number>() };
  const closesAt = opensAt + options.windowSeconds * 1000;
  while (seen.urge.size < measured && Date.now() < closesAt + 120_000) {
    const rows = await stack.db.$queryRaw<{ item_id: string; action: string; step: string | null }[]>`
      SELECT item_id, action, detail->>'step' AS step FROM item_event WHERE action IN ('overdue', 'escalate') AND at >= ${new Date(opensAt - 60_000)}`;
    const now = Date.now();
    for (const row of rows) {
      if (!dueAtOf.has(row.item_id)) continue;
      const kind = row.action === 'overdue' ? seen.overdue : row.step === 'urge' ? seen.urge : undefined;
      if (kind && !kind.has(row.item_id)) kind.set(row.item_id, now);
    }
    await sleep(pollIntervalMs);
  }
  const lags = (map: Map<string, number>) => [...map].map(([itemId, at]) => at - dueAtOf.get(itemId)!);
  const summary = (values: number[]) => ({ count: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) });
  return {
    armedItems: options.armed,
    measuredItems: measured,
    deadlineWindowSeconds: options.windowSeconds,
    startRatePerSecond: round(measured / startSeconds),
    armRatePerSecond: round(options.armed / armedSeconds),
    allArmedAfterSeconds: round(armedSeconds),
    pollIntervalMs,
    overdueLagMs: summary(lags(seen.overdue)),
    escalationLagMs: summary(lags(seen.urge)),
    missed: { overdue: measured - seen.overdue.size, escalation: measured - seen.urge.size },
    target: { escalationLagP99Ms: 2000 },
  };
}
