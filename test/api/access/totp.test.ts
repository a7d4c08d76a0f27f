import request from 'supertest';
import { accountIdOf, auditHead, auditSince, startAccessApp, type AccessApp } from '../../support/access-app';
import { testPassword, totpCode, users } from '../../support/session';

// The second factor for the commission's officers (and administrators): bound at the first
// sign-in, asked at every later one, each code accepted once, the secret sealed at rest.

let access: AccessApp;

beforeAll(async () => {
  access = await startAccessApp();
});

afterAll(async () => {
  await access?.stop();
});

const username = users.commissionOfficer;

async function passwordStep() {
  const agent = request.agent(access.app);
  const login = await agent.post('/api/v1/auth/login').send({ username, password: testPassword });
  expect(login.status).toBe(200);
  return { agent, csrf: login.body.csrfToken as string, stage: login.body.stage as string };
}

describe('a commission officer', () => {
  let secret: string;
  let confirmedWith: string;

  test('binds an authenticator at the first sign-in before using the system', async () => {
    const { agent, csrf, stage } = await passwordStep();
    expect(stage).toBe('totp_enrolment');
    const blocked = await agent.get('/api/v1/supervision/overview');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('TOTP_ENROLMENT_REQUIRED');
    // Nor can the password be changed to skip it.
    expect((await agent.post('/api/v1/auth/password').set('X-CSRF-Token', csrf).send({ currentPassword: testPassword, newPassword: 'Other-Pass-2026' })).body.error.code).toBe('TOTP_ENROLMENT_REQUIRED');

    const enrolment = await agent.post('/api/v1/auth/totp/enrolment').set('X-CSRF-Token', csrf);
    expect(enrolment.status).toBe(200);
    secret = enrolment.body.secret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);

    const account = await access.database.db.account.findUniqueOrThrow({ where: { username } });
    expect(account.totpSecret).toBeTruthy();
    expect(account.totpSecret).not.toContain(secret);
    expect(Buffer.from(account.totpSecret!.split('.').pop()!, 'base64').toString('utf8')).not.toContain(secret);
    expect(account.totpEnabled).toBe(false);

    const wrongCode = totpCode(secret) === '000000' ? '111111' : '000000';
    const wrong = await agent.post('/api/v1/auth/totp/enrolment/confirm').set('X-CSRF-Token', csrf).send({ code: wrongCode });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_TOTP');
    expect((await agent.get('/api/v1/supervision/overview')).status).toBe(403);

    confirmedWith = totpCode(secret);
    expect((await agent.post('/api/v1/auth/totp/enrolment/confirm').set('X-CSRF-Token', csrf).send({ code: confirmedWith })).status).toBe(200);
    expect((await agent.get('/api/v1/supervision/overview')).status).toBe(200);
    expect((await agent.get('/api/v1/auth/session')).body).toMatchObject({ stage: 'active', totpEnabled: true });
  });

  test('answers a code at every later sign-in; a code already used is refused', async () => {
    const accountId = await accountIdOf(access.database, username);
    const before = await auditHead(access.database);
    const { agent, csrf, stage } = await passwordStep();
    expect(stage).toBe('second_factor');
    const blocked = await agent.get('/api/v1/supervision/overview');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('SECOND_FACTOR_REQUIRED');
    // Enrolling again would replace the factor: not for a session that has not passed it.
    expect((await agent.post('/api/v1/auth/totp/enrolment').set('X-CSRF-Token', csrf)).status).toBe(403);

    const reused = await agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', csrf).send({ code: confirmedWith });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('INVALID_TOTP');
    expect((await agent.get('/api/v1/supervision/overview')).status).toBe(403);

    const next = totpCode(secret, 1);
    expect((await agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', csrf).send({ code: next })).status).toBe(200);
    expect((await agent.get('/api/v1/supervision/overview')).status).toBe(200);

    // The same code on another session, inside its period, is refused too.
    const other = await passwordStep();
    const again = await other.agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', other.csrf).send({ code: next });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('INVALID_TOTP');

    const failures = await auditSince(access.database, before, 'security.totp_failed');
    expect(failures.map((row) => row.subject)).toEqual([`account:${accountId}`, `account:${accountId}`]);
    expect(await auditSince(access.database, before, 'security.second_factor')).toHaveLength(1);
  });

  test('guessing codes counts as failed sign-ins: the fifth wrong code locks the account and ends the half-signed-in session', async () => {
    const accountId = await accountIdOf(access.database, username);
    // The reused codes above counted too; start from a clean count.
    await access.database.db.account.update({ where: { id: accountId }, data: { failedLogins: 0 } });
    const before = await auditHead(access.database);
    const valid = new Set([-1, 0, 1, 2].map((step) => totpCode(secret, step)));
    const wrongCodes = ['000000', '111111', '222222', '333333', '444444', '555555', '666666'].filter((code) => !valid.has(code)).slice(0, 5);
    // A fresh password step between guesses must not reset the count.
    const first = await passwordStep();
    for (const code of wrongCodes.slice(0, 3)) expect((await first.agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', first.csrf).send({ code })).status).toBe(401);
    const second = await passwordStep();
    expect((await second.agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', second.csrf).send({ code: wrongCodes[3] })).status).toBe(401);
    const fifth = await second.agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', second.csrf).send({ code: wrongCodes[4] });
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');

    // Neither session can go on guessing, not even with the right code, and signing in again waits.
    for (const pending of [first, second]) expect((await pending.agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', pending.csrf).send({ code: totpCode(secret, 2) })).status).toBe(401);
    expect((await request(access.app).post('/api/v1/auth/login').send({ username, password: testPassword })).status).toBe(423);
    expect((await auditSince(access.database, before, 'security.lockout')).map((row) => row.subject)).toEqual([`account:${accountId}`]);
  });
});
