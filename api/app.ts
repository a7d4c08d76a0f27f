import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import { pinoHttp } from 'pino-http';
import type { Client } from '@temporalio/client';
import type { Db } from '../runtime/db';
import type { Logger } from '../runtime/logger';
import { AppError } from '../domain/errors';
import { calendarRoutes } from './calendar/routes';
import { difficultyRoutes } from './difficulty/routes';
import { healthRoutes } from './health/routes';
import { errorHandler, notFoundRoute } from './http/errors';
import { itemTypeRoutes } from './supervision/item-type-routes';
import { supervisionRoutes } from './supervision/routes';
import { WorkflowClient } from './workflow-client';

export interface AppDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  bodyLimit: string;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  const workflows = new WorkflowClient(deps.temporal, deps.taskQueue);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger: deps.logger,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use(healthRoutes(deps.db, deps.temporal));
  app.use(express.static(path.join(__dirname, '..', 'web'), { index: 'index.html', dotfiles: 'ignore' }));
  app.use('/api', (req, _res, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && req.headers['content-length'] !== '0' && req.headers['content-type'] !== undefined && !req.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    }
    next();
  });
  app.use('/api', express.json({ limit: deps.bodyLimit, strict: true }));
  app.use('/api/v1', difficultyRoutes(deps.db, workflows));
  app.use('/api/v1', supervisionRoutes(deps.db, workflows));
  app.use('/api/v1', calendarRoutes(deps.db, workflows));
  app.use('/api/v1', itemTypeRoutes(deps.db));
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
