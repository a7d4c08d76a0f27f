import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp, type SecurityDeps } from '../../api/app';
import { sessionCookieName } from '../../api/access/session';
import { createTestDatabase, type TestDatabase } from './database';
import { testTemporalClient } from './temporal';

// The HTTP app on a database of the test file's own, without a worker: the access routes never
// start a workflow. Sign-ins come from one address, so the login limit is raised unless a test
// asks for a small one.

export interface AccessApp {
  database: TestDatabase;
  temporal: Client;
  app: Express;
  /** Another app on the same database, e.g. with small rate limits. */
  build(security?: Partial<SecurityDeps>, bodyLimit?: string): Express;
  stop(): Promise<void>;
}

export async function startAccessApp(security: Partial<SecurityDeps> = {}): Promise<AccessApp> {
  const database = await createTestDatabase({ poolSize: 5 });
  const temporal = await testTemporalClient();
  const build = (overrides: Partial<SecurityDeps> = {}, bodyLimit = '100kb') =>
    createApp({ db: database.db, temporal, taskQueue: 'access-tests-no-worker', logger: pino({ level: 'silent' }), bodyLimit, security: { loginRateLimit: 1000, ...security, ...overrides } });
  return {
    database,
    temporal,
    app: build(),
    build,
    async stop() {
      await temporal.connection.close();
      await database.drop();
    },
  };
}

export const setCookies = (response: request.Response): string[] => ([] as string[]).concat(response.headers['set-cookie'] ?? []);

/** The session token a login response set, to replay it by hand after the browser dropped it. */
export function sessionCookieOf(response: request.Response): string {
  const cookie = setCookies(response).find((value) => value.startsWith(`${sessionCookieName}=`));
  if (!cookie) throw new Error('no session cookie set');
  return cookie.split(';')[0]!;
}

/** The account id of a demo user. */
export async function accountIdOf(database: TestDatabase, username: string): Promise<string> {
  return (await database.db.account.findUniqueOrThrow({ where: { username }, select: { id: true } })).id;
}

/** Audit rows of one action since a sequence number (exclusive). */
export async function auditSince(database: TestDatabase, seq: bigint, action?: string) {
  return database.db.auditEvent.findMany({ where: { seq: { gt: seq }, ...(action ? { action } : {}) }, orderBy: { seq: 'asc' } });
}

export async function auditHead(database: TestDatabase): Promise<bigint> {
  return (await database.db.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0n;
}
