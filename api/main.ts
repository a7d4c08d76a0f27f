import path from 'node:path';
import { ConfigError, loadConfigOrExit } from '../runtime/config';
import { errorCatalog } from '../domain/errors';
import { createDb } from '../runtime/db';
import { createLogger } from '../runtime/logger';
import { connectTemporalClient } from '../runtime/temporal';
import { createApp } from './app';
import { ensureMeetingSchedule } from './meeting/default-schedule';
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
  await ensureMeetingSchedule(db, new WorkflowClient(temporal, config.TEMPORAL_TASK_QUEUE), logger);
  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info({ url: `http://${config.HOST}:${config.PORT}` }, 'api listening');
  });

  // Node answers requests it cannot parse (headers over 16 KB, broken framing) before Express
  // sees them; they get the same error envelope as everything else.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const code = error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
    const { status, message } = errorCatalog[code];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(`HTTP/1.1 ${status} ${code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping');
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
