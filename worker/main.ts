import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { loadConfigOrExit } from '../runtime/config';
import { createDb } from '../runtime/db';
import { createLogger } from '../runtime/logger';
import { ensureWorkflowBundle } from './bundle';
import { createWorker } from './create-worker';
import { OutboxDispatcher } from '../activities/notification/outbox';

async function main() {
  const config = loadConfigOrExit();
  const log = createLogger('worker', config.LOG_LEVEL);
  Runtime.install({
    // Temporal's Rust core logs through the same level; SIGINT/SIGTERM start a graceful shutdown.
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
    shutdownSignals: ['SIGINT', 'SIGTERM'],
  });
  const db = createDb(config.DATABASE_URL, config.WORKER_ACTIVITY_CONCURRENCY);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    workflowBundlePath: config.WORKFLOW_BUNDLE_PATH ?? (await ensureWorkflowBundle()),
    activityConcurrency: config.WORKER_ACTIVITY_CONCURRENCY,
    emailEnabled: config.SMTP_URL !== undefined,
  });
  // Delivers queued e-mails and webhooks; its own small pool so it never starves activities.
  const outboxDb = createDb(config.DATABASE_URL, 4);
  const outbox = new OutboxDispatcher({
    db: outboxDb,
    logger: log,
    smtpUrl: config.SMTP_URL,
    mailFrom: config.MAIL_FROM,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
  });
  outbox.start();
  log.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  try {
    await worker.run(); // resolves after a shutdown signal once in-flight tasks are done
  } finally {
    await outbox.stop();
    await outboxDb.$disconnect();
    await connection.close();
    await db.$disconnect();
    log.info('worker stopped');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
