import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { BenchStack } from './stack';
import { bareActivities, bareReadyUpdate, bareStepUpdate } from './bare-workflow';
import { cpuMeter, percentile, round, runConcurrently } from './stats';
import { benchSignIn } from './session';

// (a) Full item lifecycles through the HTTP API — 交办 (create), 签收, 反馈, 审核通过, 销号 — against
// a bare workflow taking the same start and four Updates on the same Temporal server.

// Signed in once each, as the commission's officer and the lead unit's liaison.
let commission: Record<string, string> = {};
let unit: Record<string, string> = {};

const stepLatencies = new Map<string, number[]>();

async function post(apiUrl: string, path: string, headers: Record<string, string>, body: object): Promise<{ id: string }> {
  const step = path.split('/').pop()!;
  const started = performance.now();
  const response = await fetch(`${apiUrl}/api/v1${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  const result = (await response.json()) as { id: string };
  stepLatencies.set(step, [...(stepLatencies.get(step) ?? []), performance.now() - started]);
  return result;
}

async function itemLifecycle(apiUrl: string, index: number): Promise<void> {
  const item = await post(apiUrl, '/items', commission, { title: `基准测试交办事项 ${index}`, leadUnitId: 'kjj' });
  await post(apiUrl, `/items/${item.id}/sign`, unit, {});
  await post(apiUrl, `/items/${item.id}/report`, unit, { result: '已按要求办结' });
  await post(apiUrl, `/items/${item.id}/approve`, commission, {});
  await post(apiUrl, `/items/${item.id}/close`, commission, {});
}

async function timed(count: number, concurrency: number, pids: BenchStack['pids'], task: (index: number) => Promise<void>) {
  const cpu = cpuMeter(pids);
  const started = performance.now();
  await runConcurrently(count, concurrency, task);
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds: round(seconds), perSecond: round(count / seconds), cpuMsPerLifecycle: cpu.perUnit(count) };
}

export async function measureLifecycles(stack: BenchStack, options: { count: number; concurrency: number }) {
  const [officer, liaison] = await Promise.all([benchSignIn(stack.apiUrl, 'jxw-officer-1'), benchSignIn(stack.apiUrl, 'kjj-liaison')]);
  commission = officer.headers;
  unit = liaison.headers;
  await runConcurrently(20, options.concurrency, (index) => itemLifecycle(stack.apiUrl, -index - 1)); // warm-up
  stepLatencies.clear();
  const api = await timed(options.count, options.concurrency, stack.pids, (index) => itemLifecycle(stack.apiUrl, index));
  const latencyMs = Object.fromEntries([...stepLatencies].map(([step, values]) => [step, { p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) }]));

  const connection = await NativeConnection.connect({ address: stack.temporalAddress });
  const taskQueue = 'bench-bare';
  const worker = await Worker.create({ connection, taskQueue, workflowsPath: require.resolve('./bare-workflow'), activities: bareActivities });
  const running = worker.run();
  const bareLifecycle = (workflowType: 'bareWorkflow' | 'bareLocalActivityWorkflow') => async () => {
    const startWorkflowOperation = new WithStartWorkflowOperation(workflowType, { workflowId: `bare-${randomUUID()}`, taskQueue, args: [4], workflowIdConflictPolicy: 'FAIL' });
    await stack.temporal.workflow.executeUpdateWithStart(bareReadyUpdate, { startWorkflowOperation });
    const handle = await startWorkflowOperation.workflowHandle();
    for (const step of ['sign', 'report', 'approve', 'close']) await handle.executeUpdate(bareStepUpdate, { args: [step] });
  };
  const report = (run: Awaited<ReturnType<typeof timed>>) => ({ lifecycles: run.count, seconds: run.seconds, lifecyclesPerSecond: run.perSecond, cpuMsPerLifecycle: run.cpuMsPerLifecycle });
  try {
    await runConcurrently(20, options.concurrency, bareLifecycle('bareWorkflow'));
    const bare = await timed(options.count, options.concurrency, { temporal: stack.pids.temporal }, bareLifecycle('bareWorkflow'));
    await runConcurrently(20, options.concurrency, bareLifecycle('bareLocalActivityWorkflow'));
    const withLocalActivity = await timed(options.count, options.concurrency, { temporal: stack.pids.temporal }, bareLifecycle('bareLocalActivityWorkflow'));
    return {
      concurrency: options.concurrency,
      api: { ...report(api), latencyMs },
      bareWorkflow: report(bare),
      // Not part of the ratio: the floor of one local activity per Update, doing nothing.
      bareWithLocalActivity: report(withLocalActivity),
      ratio: round(api.perSecond / bare.perSecond),
      target: { lifecyclesPerSecond: 25, ratio: 0.5 },
    };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}
