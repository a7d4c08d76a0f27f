import path from 'node:path';
import { ConfigError, loadConfigOrExit } from '../runtime/config';
import { createDb } from '../runtime/db';
import { createLogger } from '../runtime/logger';
import { connectTemporalClient } from '../runtime/temporal';
import { createApp } from './app';
import { answerClientErrors } from './http/errors';
import { ensureMeetingSchedule } from './meeting/default-schedule';
import { keepCalendarAheadOnSchedule } from './calendar/calendar-ahead';
import { WorkflowClient } from './workflow-client';
import { securityDepsFrom } from './access/settings';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger('api', config.LOG_LEVEL);
  const db = createDb(config.DATABASE_URL, config.DB_POOL_SIZE);
  const temporal = await connectTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  const app = createApp({
    db,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger,
    bodyLimit: config.REQUEST_BODY_LIMIT,
    security: securityDepsFrom(config),
    attachments: { root: path.resolve(config.ATTACHMENT_DIR), maxBytes: config.ATTACHMENT_MAX_MB * 1024 * 1024 },
  });
  const workflows = new WorkflowClient(temporal, config.TEMPORAL_TASK_QUEUE);
  await ensureMeetingSchedule(db, workflows, logger);
  // Not awaited: the API serves while the calendar is brought ahead (a hung Temporal must not keep it down).
  const calendarAhead = keepCalendarAheadOnSchedule(db, workflows, logger);
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ url: `http://${config.HOST}:${config.PORT}` }, 'api listening');
  });

  answerClientErrors(server);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
    calendarAhead.stop();
    server.close();
    server.closeIdleConnections();
    await temporal.connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
