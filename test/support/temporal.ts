import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { searchAttributeDeclarations } from '../../workflows/search-attributes';
import { temporalCli } from './paths';
import { createWorker } from '../../worker/create-worker';
import type { Db } from '../../runtime/db';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: jest's global setup provides it`);
  return value;
}

export const testTemporalAddress = () => required('SRDI_TEST_TEMPORAL_ADDRESS');
export const testWorkflowBundle = () => required('SRDI_TEST_WORKFLOW_BUNDLE');

export interface RunningWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

let runtimeInstalled = false;
/** Once per test process, before anything (e.g. a TestWorkflowEnvironment) installs the default runtime. */
export function installQuietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

/**
 * A real worker on the shared dev server (or on `address`, a server of the file's own), on a
 * task queue of its own so test files stay apart.
 */
export async function startTestWorker(db: Db, taskQueue = `test-${randomBytes(4).toString('hex')}`, address = testTemporalAddress()): Promise<RunningWorker> {
  installQuietRuntime();
  const connection = await NativeConnection.connect({ address });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    db,
    workflowBundlePath: testWorkflowBundle(),
    activityConcurrency: 10,
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export async function testTemporalClient(): Promise<Client> {
  const connection = await Connection.connect({ address: testTemporalAddress() });
  return new Client({ connection, namespace: 'default' });
}

/**
 * A Temporal dev server for tests: in memory, headless, with this system's search attributes;
 * `dynamicConfig` adds server settings (e.g. a lowered continue-as-new threshold).
 */
export function startTestDevServer(dynamicConfig: Record<string, string | number> = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCli },
      ip: '127.0.0.1',
      namespace: 'default',
      extraArgs: [
        '--headless',
        '--log-level', 'error',
        '--sqlite-pragma', 'journal_mode=WAL',
        '--sqlite-pragma', 'synchronous=OFF',
        ...searchAttributeDeclarations.flatMap((declaration) => ['--search-attribute', declaration]),
        ...Object.entries(dynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${value}`]),
      ],
    },
  });
}
