import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import { pinoHttp } from 'pino-http';
import type { Client } from '@temporalio/client';
import type { Db } from '../runtime/db';
import type { Logger } from '../runtime/logger';
import { AppError } from '../domain/errors';
import { auditActorOf } from '../domain/access/principal';
import { defaultSecuritySettings, type SecuritySettings } from '../domain/access/security-policy';
import { recordSecurityEvent } from '../activities/access/authentication';
import { secretBoxFrom, type SecretBox } from '../activities/access/secret-box';
import { administrationRoutes, authenticationRoutes } from './access/routes';
import { administrationDataRoutes } from './administration/routes';
import { sessionAuthenticator } from './access/session';
import { bulletinRoutes } from './bulletin/routes';
import { calendarRoutes } from './calendar/routes';
import { difficultyRoutes } from './difficulty/routes';
import { enterpriseRoutes } from './enterprise/routes';
import { healthRoutes } from './health/routes';
import { subsidyRoutes } from './subsidy/routes';
import { measureRoutes } from './measure/routes';
import { meetingRoutes } from './meeting/routes';
import { recognitionRoutes } from './recognition/routes';
import { goalRoutes } from './goals/routes';
import { listingRoutes } from './listing/routes';
import { notificationRoutes } from './notification/routes';
import { organisationRoutes } from './organisation/routes';
import { errorHandler, notFoundRoute } from './http/errors';
import { mountRoutes, publicRoute, type RouteDefinition } from './http/route';
import { docsRoutes } from './openapi/docs-page';
import { webAppFallback, webAppStatic } from './http/web-app';
import { openApiDocument } from './openapi/document';
import { attachmentRoutes } from './supervision/attachment-routes';
import { itemTypeRoutes } from './supervision/item-type-routes';
import { supervisionRoutes } from './supervision/routes';
import { WorkflowClient } from './workflow-client';

export interface SecurityDeps {
  settings: SecuritySettings;
  secrets: SecretBox;
  cookieSecure: boolean;
  /** Sign-in attempts per address per 15 minutes, and API requests per address per minute. */
  loginRateLimit: number;
  apiRateLimit: number;
  trustProxyHops: number;
}

export interface AppDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  logger: Logger;
  bodyLimit: string;
  security?: Partial<SecurityDeps>;
  /** Where attachments are stored, and their size limit (default: .data/attachments, 10 MB). */
  attachments?: { root: string; maxBytes: number };
  /** The built web app (default web/dist, `npm run build:web`). */
  webDist?: string;
}

export const defaultSecurityDeps = (): SecurityDeps => ({
  settings: defaultSecuritySettings,
  secrets: secretBoxFrom(undefined),
  cookieSecure: false,
  loginRateLimit: 30,
  apiRateLimit: 1200,
  trustProxyHops: 0,
});

/** Every /api/v1 route, in one list: the router, the OpenAPI document and the tests read it. */
export function apiRoutes(deps: AppDeps & { security: SecurityDeps }): RouteDefinition[] {
  const workflows = new WorkflowClient(deps.temporal, deps.taskQueue);
  const { settings, secrets } = deps.security;
  const access = { db: deps.db, settings, secrets, cookie: { secure: deps.security.cookieSecure, maxAgeSeconds: settings.sessionMaxHours * 3600 } };
  const routes: RouteDefinition[] = [
    ...authenticationRoutes(access),
    ...administrationRoutes(deps.db, settings),
    ...administrationDataRoutes(deps.db),
    ...supervisionRoutes(deps.db, workflows),
    ...difficultyRoutes(deps.db, workflows),
    ...meetingRoutes(deps.db, workflows),
    ...measureRoutes(deps.db, workflows),
    ...bulletinRoutes(deps.db),
    ...recognitionRoutes(deps.db, workflows),
    ...goalRoutes(deps.db),
    ...subsidyRoutes(deps.db, workflows, { root: deps.attachments?.root ?? path.resolve('.data', 'attachments') }, deps.attachments?.maxBytes ?? 10 * 1024 * 1024),
    ...listingRoutes(deps.db, workflows),
    ...enterpriseRoutes(deps.db),
    ...notificationRoutes(deps.db),
    ...organisationRoutes(deps.db),
    ...calendarRoutes(deps.db, workflows),
    ...itemTypeRoutes(deps.db),
    ...attachmentRoutes(deps.db, { root: deps.attachments?.root ?? path.resolve('.data', 'attachments') }, deps.attachments?.maxBytes ?? 10 * 1024 * 1024),
  ];
  const document = () => openApiDocument(routes, { version: process.env.npm_package_version ?? '0.1.0' });
  routes.push(
    publicRoute({ operationId: 'docs.openapi', method: 'get', path: '/openapi.json', tag: '接口文档', summary: 'OpenAPI 3.1 接口描述（由校验规则生成）', access: 'public', handle: async () => document() }),
  );
  return routes;
}

const rateLimited = (limit: number, windowMs: number) =>
  rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('RATE_LIMITED')),
  });

export function createApp(deps: AppDeps): express.Express {
  const security = { ...defaultSecurityDeps(), ...deps.security };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', security.trustProxyHops);
  app.use(
    helmet({
      // Strict-Transport-Security only matters over HTTPS, which is when cookies are Secure.
      strictTransportSecurity: security.cookieSecure,
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'connect-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          // Only behind TLS: over plain http (npm start) it would send the page's requests to https.
          'upgrade-insecure-requests': security.cookieSecure ? [] : null,
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger: deps.logger,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
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
  app.use(webAppStatic(deps.webDist));
  app.use(docsRoutes());
  app.use('/api/v1/auth/login', rateLimited(security.loginRateLimit, 15 * 60_000));
  app.use('/api', rateLimited(security.apiRateLimit, 60_000));
  app.use('/api', express.json({ limit: deps.bodyLimit, strict: true }));
  const routes = apiRoutes({ ...deps, security });
  app.use(
    '/api/v1',
    mountRoutes(routes, {
      authenticate: sessionAuthenticator({ db: deps.db, settings: security.settings, secrets: security.secrets }),
      denied: (req, principal, operationId, code) =>
        recordSecurityEvent(deps.db, {
          action: 'permission_denied',
          actorId: auditActorOf(principal),
          subject: `route:${operationId}`,
          detail: { method: req.method, path: req.originalUrl.slice(0, 300), code, ip: req.ip },
        }),
    }),
  );
  app.use(webAppFallback(deps.webDist));
  app.use(notFoundRoute);
  app.use(errorHandler);
  return app;
}
