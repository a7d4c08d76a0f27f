import request from 'supertest';
import { accountIdOf, auditHead, auditSince, sessionCookieOf, setCookies, startAccessApp, type AccessApp } from '../../support/access-app';
import { signIn, testPassword, users, type ApiClient } from '../../support/session';

// Sign-in, lockout, sign-out and CSRF over real HTTP on a database of this file's own.

let access: AccessApp;
let securityAdmin: ApiClient;

beforeAll(async () => {
  access = await startAccessApp();
  securityAdmin = await signIn(access.app, users.securityAdmin);
});

afterAll(async () => {
  await access?.stop();
});

const login = (username: string, password: string) => request(access.app).post('/api/v1/auth/login').send({ username, password });
const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ ...body, error: { ...body.error, requestId: undefined } });

describe('signing in', () => {
  test('sets an http-only, SameSite=Strict session cookie and answers with the CSRF token', async () => {
    const response = await login(users.liaison('kjj'), testPassword);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stage: 'active', principal: { username: 'kjj-liaison', kind: 'staff' }, csrfToken: expect.any(String) });
    const cookie = setCookies(response).find((value) => value.startsWith('srdi_session='))!;
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    // Only the token's hash is stored: the cookie value itself is not a session id.
    const token = sessionCookieOf(response).split('=')[1]!;
    expect(await access.database.db.session.findUnique({ where: { id: token } })).toBeNull();
    expect(JSON.stringify(response.body)).not.toContain(token);
  });

  test('a wrong password and an unknown user get the same 401 body', async () => {
    const wrong = await login(users.liaison('czj'), 'Wrong-Pass-2026');
    const unknown = await login('nobody-here', 'Wrong-Pass-2026');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(withoutRequestId(unknown.body)).toEqual(withoutRequestId(wrong.body));
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  test('five failures lock the account, even against the right password, until the lockout ends', async () => {
    const username = users.liaison('ghzrj');
    const id = await accountIdOf(access.database, username);
    const before = await auditHead(access.database);
    for (let attempt = 1; attempt <= 4; attempt += 1) expect((await login(username, `Wrong-${attempt}-Pass`)).status).toBe(401);
    const fifth = await login(username, 'Wrong-5-Pass');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    const right = await login(username, testPassword);
    expect(right.status).toBe(423);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(right.headers['set-cookie']).toBeUndefined();

    const failed = await auditSince(access.database, before, 'security.login_failed');
    expect(failed.filter((row) => row.subject === `account:${id}`)).toHaveLength(5);
    const lockouts = await auditSince(access.database, before, 'security.lockout');
    expect(lockouts.map((row) => row.subject)).toEqual([`account:${id}`]);

    await access.database.db.account.update({ where: { id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const afterLockout = await login(username, testPassword);
    expect(afterLockout.status).toBe(200);
    expect(await access.database.db.account.findUniqueOrThrow({ where: { id } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
    const signedIn = await auditSince(access.database, before, 'security.login');
    expect(signedIn.map((row) => row.subject)).toEqual([`account:${id}`]);
  });

  test('failures sent at once still lock the account (no lost count)', async () => {
    const username = users.liaison('scjgj');
    const id = await accountIdOf(access.database, username);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => login(username, `Parallel-${index}-Wrong`)));
    expect(answers.every((answer) => [401, 423].includes(answer.status))).toBe(true);
    const account = await access.database.db.account.findUniqueOrThrow({ where: { id } });
    expect(account.lockedUntil?.getTime() ?? 0).toBeGreaterThan(Date.now());
    expect((await login(username, testPassword)).status).toBe(423);
  });

  test("the security administrator's unlock lets the owner sign in at once", async () => {
    const username = users.unitLeader('kjj');
    const id = await accountIdOf(access.database, username);
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(username, `Wrong-${attempt}-Pass`);
    expect((await login(username, testPassword)).status).toBe(423);
    const before = await auditHead(access.database);
    const unlocked = await securityAdmin.post(`/api/v1/accounts/${id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ id, lockedUntil: null });
    expect((await auditSince(access.database, before, 'account.unlocked')).map((row) => row.subject)).toEqual([`account:${id}`]);
    expect((await login(username, testPassword)).status).toBe(200);
  });
});

describe('signing out', () => {
  test('revokes the session: the same cookie no longer works', async () => {
    const client = await signIn(access.app, users.liaison('czj'));
    const loginAgain = await login(users.liaison('czj'), testPassword);
    const cookie = sessionCookieOf(loginAgain);
    const csrf = loginAgain.body.csrfToken as string;
    expect((await request(access.app).get('/api/v1/auth/session').set('Cookie', cookie)).status).toBe(200);

    const out = await request(access.app).post('/api/v1/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect(setCookies(out).join()).toMatch(/srdi_session=;.*Max-Age=0/i);
    const replay = await request(access.app).get('/api/v1/auth/session').set('Cookie', cookie);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHENTICATED');
    // Only that session ended.
    expect((await client.get('/api/v1/auth/session')).status).toBe(200);
  });
});

describe('CSRF', () => {
  test('a state-changing request without the token, with a wrong one or from another origin is refused and changes nothing', async () => {
    const client = await signIn(access.app, users.liaison('sthjj'));
    const bare = await client.agent.post('/api/v1/auth/logout');
    const wrong = await client.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', `${client.csrfToken.slice(1)}x`);
    const foreign = await client.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', client.csrfToken).set('Origin', 'https://evil.example');
    const garbled = await client.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', client.csrfToken).set('Origin', 'null');
    for (const response of [bare, wrong, foreign, garbled]) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('CSRF_REJECTED');
    }
    // The session survived all four, and GET needs no token.
    const session = await client.agent.get('/api/v1/auth/session');
    expect(session.status).toBe(200);
    expect(await access.database.db.session.count({ where: { account: { username: client.username }, revokedAt: { not: null } } })).toBe(0);
  });

  test('an administrator action without the token writes nothing', async () => {
    const id = await accountIdOf(access.database, users.liaison('swh'));
    const before = await auditHead(access.database);
    const refused = await securityAdmin.agent.post(`/api/v1/accounts/${id}/totp-reset`).send({ reason: '手机丢失' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_REJECTED');
    expect(await auditSince(access.database, before, 'account.totp_reset')).toHaveLength(0);
  });

  test('the same origin with the token is accepted', async () => {
    const client = await signIn(access.app, users.liaison('jrzx'));
    // supertest listens on a new port per request, so the site is named by a fixed Host header.
    const out = await client.agent.post('/api/v1/auth/logout').set('Host', 'srdi.example.cn').set('X-CSRF-Token', client.csrfToken).set('Origin', 'https://srdi.example.cn');
    expect(out.status).toBe(204);
  });

  test('a sign-in posted from another site is refused (login CSRF)', async () => {
    const response = await request(access.app).post('/api/v1/auth/login').set('Origin', 'https://evil.example').send({ username: users.liaison('rsj'), password: testPassword });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('CSRF_REJECTED');
    expect(response.headers['set-cookie']).toBeUndefined();
  });
});
