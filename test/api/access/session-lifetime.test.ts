import request from 'supertest';
import pino from 'pino';
import { apiRoutes, defaultSecurityDeps } from '../../../api/app';
import { accountIdOf, auditHead, auditSince, startAccessApp, type AccessApp } from '../../support/access-app';
import { signIn, testPassword, users, type ApiClient } from '../../support/session';

// How long a password and a session last: the 90-day password expiry, the initial password an
// administrator sets, the 30-minute idle timeout and the 12-hour absolute limit.

let access: AccessApp;

beforeAll(async () => {
  access = await startAccessApp();
});

afterAll(async () => {
  await access?.stop();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** Every signed-in route that a session at this stage may not use, with its path filled in. */
function businessRoutes(stage: 'password_change') {
  const routes = apiRoutes({ db: access.database.db, temporal: access.temporal, taskQueue: 'none', logger: pino({ level: 'silent' }), bodyLimit: '100kb', security: defaultSecurityDeps() });
  return routes
    .filter((route) => route.access !== 'public' && !route.stages?.includes(stage))
    .map((route) => ({ operationId: route.operationId, method: route.method, path: `/api/v1${route.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000001')}` }));
}

describe('an expired password', () => {
  let first: ApiClient;
  let second: ApiClient;
  let accountId: string;
  const newPassword = 'Fresh-Pass-2026!';

  beforeAll(async () => {
    accountId = await accountIdOf(access.database, users.liaison('kjj'));
    await access.database.db.account.update({ where: { id: accountId }, data: { passwordChangedAt: daysAgo(91) } });
    first = await signIn(access.app, users.liaison('kjj'));
    second = await signIn(access.app, users.liaison('kjj'));
  });

  test('shows as the password_change stage', async () => {
    const session = await first.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ stage: 'password_change', passwordExpired: true });
  });

  test('closes every business route with 403 PASSWORD_CHANGE_REQUIRED', async () => {
    const routes = businessRoutes('password_change');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const response = route.method === 'get' ? await first.get(route.path) : await first.agent[route.method](route.path).set('X-CSRF-Token', first.csrfToken).send({});
      expect({ route: route.operationId, status: response.status, code: response.body.error?.code }).toEqual({ route: route.operationId, status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
    }
  });

  test('a weak new password is refused with Chinese reasons, and nothing changes', async () => {
    const before = await access.database.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const weak = await first.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword: 'abcdefg' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    const messages = (weak.body.error.fields as { path: string; message: string }[]).map((field) => {
      expect(field.path).toBe('newPassword');
      return field.message;
    });
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/至少 8 位/), expect.stringMatching(/至少 3 类/)]));
    const containsName = await first.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword: 'Kjj-Liaison-2026' });
    expect(containsName.body.error.fields.map((field: { message: string }) => field.message)).toContain('密码不得包含用户名');
    const same = await first.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword: testPassword });
    expect(same.body.error.fields.map((field: { message: string }) => field.message)).toContain('新密码不得与原密码相同');
    const wrongCurrent = await first.post('/api/v1/auth/password', { currentPassword: 'Not-The-Pass-1', newPassword });
    expect(wrongCurrent.status).toBe(401);

    const after = await access.database.db.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(after.passwordChangedAt).toEqual(before.passwordChangedAt);
    expect((await second.get('/api/v1/auth/session')).body.stage).toBe('password_change');
  });

  test('a good new password opens the system, ends the other sessions and replaces the old password', async () => {
    const before = await auditHead(access.database);
    const changed = await first.post('/api/v1/auth/password', { currentPassword: testPassword, newPassword });
    expect(changed.status).toBe(200);
    expect((await first.get('/api/v1/auth/session')).body).toMatchObject({ stage: 'active', passwordExpired: false });
    expect((await first.get('/api/v1/units/kjj/items')).status).toBe(200);
    expect((await second.get('/api/v1/auth/session')).status).toBe(401);
    expect((await auditSince(access.database, before, 'security.password_changed')).map((row) => row.subject)).toEqual([`account:${accountId}`]);

    const login = (password: string) => request(access.app).post('/api/v1/auth/login').send({ username: users.liaison('kjj'), password });
    expect((await login(testPassword)).status).toBe(401);
    expect((await login(newPassword)).body.stage).toBe('active');
  });
});

describe('an account created by the system administrator', () => {
  test('must change its initial password before anything else', async () => {
    const systemAdmin = await signIn(access.app, users.systemAdmin);
    const weak = await systemAdmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId: 'ent-002', username: 'ent002-finance', displayName: '财务联系人', initialPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'WEAK_PASSWORD', fields: expect.arrayContaining([expect.objectContaining({ path: 'initialPassword' })]) });
    expect(await access.database.db.account.count({ where: { username: 'ent002-finance' } })).toBe(0);

    const created = await systemAdmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId: 'ent-002', username: 'ENT002-Finance', displayName: '财务联系人', initialPassword: 'Initial-Pass-77' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'ent002-finance', kind: 'enterprise', mustChangePassword: true });
    expect(created.body).not.toHaveProperty('passwordHash');
    const taken = await systemAdmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId: 'ent-002', username: 'ent002-finance', displayName: '重复', initialPassword: 'Initial-Pass-77' });
    expect(taken.status).toBe(409);

    const owner = await signIn(access.app, 'ent002-finance', { password: 'Initial-Pass-77' });
    expect((await owner.get('/api/v1/auth/session')).body.stage).toBe('password_change');
    const blocked = await owner.get('/api/v1/enterprises/ent-002');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await owner.post('/api/v1/auth/password', { currentPassword: 'Initial-Pass-77', newPassword: 'Own-Choice-2026' })).status).toBe(200);
    expect((await owner.get('/api/v1/enterprises/ent-002')).status).toBe(200);
  });
});

describe('a session', () => {
  let client: ApiClient;
  let accountId: string;

  beforeAll(async () => {
    accountId = await accountIdOf(access.database, users.liaison('czj'));
    client = await signIn(access.app, users.liaison('czj'));
  });

  const sessionRow = () => access.database.db.session.findFirstOrThrow({ where: { accountId }, orderBy: { createdAt: 'desc' } });
  const setSession = async (data: { lastSeenAt?: Date; expiresAt?: Date }) => {
    const row = await sessionRow();
    await access.database.db.session.update({ where: { id: row.id }, data });
  };

  test('in use is kept alive: a request after 29 idle minutes works and moves last_seen_at', async () => {
    await setSession({ lastSeenAt: minutesAgo(29) });
    expect((await client.get('/api/v1/auth/session')).status).toBe(200);
    expect((await sessionRow()).lastSeenAt.getTime()).toBeGreaterThan(minutesAgo(1).getTime());
  });

  test('idle for 31 minutes ends with 401 SESSION_EXPIRED and stays ended', async () => {
    const before = await auditHead(access.database);
    await setSession({ lastSeenAt: minutesAgo(31) });
    const expired = await client.get('/api/v1/auth/session');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    expect(await sessionRow()).toMatchObject({ revokedAt: expect.any(Date), revokedReason: 'idle' });
    // Moving the clock back does not revive it.
    await setSession({ lastSeenAt: new Date() });
    const later = await client.get('/api/v1/auth/session');
    expect(later.status).toBe(401);
    expect(later.body.error.code).toBe('UNAUTHENTICATED');
    expect((await auditSince(access.database, before, 'security.session_ended')).map((row) => row.detail)).toEqual([{ reason: 'idle' }]);
  });

  test('ends 12 hours after sign-in however active', async () => {
    const fresh = await signIn(access.app, users.liaison('czj'));
    const row = await sessionRow();
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(12 * 3_600_000);
    await setSession({ expiresAt: new Date(Date.now() - 1000), lastSeenAt: new Date() });
    const expired = await fresh.get('/api/v1/units/czj/items');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('SESSION_EXPIRED');
    expect(await sessionRow()).toMatchObject({ revokedReason: 'expired' });
    expect((await fresh.get('/api/v1/auth/session')).status).toBe(401);
  });
});
