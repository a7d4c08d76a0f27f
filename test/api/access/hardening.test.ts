import request from 'supertest';
import { startAccessApp, type AccessApp } from '../../support/access-app';
import { signIn, testPassword, users } from '../../support/session';

// HTTP hardening: security headers, rate limits, the body limit, and error bodies that never
// carry a stack trace or an internal message.

let access: AccessApp;

beforeAll(async () => {
  access = await startAccessApp();
});

afterAll(async () => {
  await access?.stop();
});

/** What no error body may contain: a stack frame, a source path, a driver's message. */
const leaks = /\bat [\w.<>]+ \(|\.ts:\d+|node_modules|Prisma|stack|SELECT|ECONN/;

describe('security headers', () => {
  test.each(['/api/v1/auth/session', '/api/v1/nowhere', '/'])('are set on %s', async (path) => {
    const response = await request(access.app).get(path);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const framing = `${response.headers['x-frame-options'] ?? ''} ${response.headers['content-security-policy']}`;
    expect(framing).toMatch(/SAMEORIGIN|DENY|frame-ancestors '(self|none)'/i);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['referrer-policy']).toBeDefined();
  });
});

describe('rate limits', () => {
  test('sign-in attempts beyond the limit get 429 RATE_LIMITED in the error model, whatever the spelling of the path', async () => {
    const app = access.build({ loginRateLimit: 3 });
    const attempt = (path = '/api/v1/auth/login') => request(app).post(path).send({ username: users.liaison('kjj'), password: 'Wrong-Pass-2026' });
    for (let index = 0; index < 3; index += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', requestId: expect.any(String) });
    expect(limited.headers['ratelimit-policy'] ?? limited.headers['ratelimit']).toBeDefined();
    for (const path of ['/api/v1/auth/login/', '/api/v1/Auth/Login', '/api/v1/AUTH/LOGIN/']) {
      expect({ path, status: (await attempt(path)).status }).toEqual({ path, status: 429 });
    }
    // Even the right password waits: the limit is on attempts, not failures.
    expect((await request(app).post('/api/v1/auth/login').send({ username: users.liaison('czj'), password: testPassword })).status).toBe(429);
  });

  test('API requests beyond the per-minute limit get 429 too', async () => {
    const app = access.build({ apiRateLimit: 5 });
    for (let index = 0; index < 5; index += 1) expect((await request(app).get('/api/v1/auth/session')).status).toBe(401);
    const limited = await request(app).get('/api/v1/auth/session');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });
});

describe('request bodies', () => {
  test('over the limit get 413 in the error model', async () => {
    const app = access.build({}, '2kb');
    const response = await request(app).post('/api/v1/auth/login').send({ username: 'kjj-liaison', password: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    expect(JSON.stringify(response.body)).not.toMatch(leaks);
  });

  test('that are not JSON get 415, malformed JSON 400, and neither leaks internals', async () => {
    const form = await request(access.app).post('/api/v1/auth/login').type('form').send('username=a&password=b');
    expect(form.status).toBe(415);
    const malformed = await request(access.app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const unexpected = await request(access.app).post('/api/v1/auth/login').send({ username: 'kjj-liaison', password: 'x', admin: true });
    expect(unexpected.status).toBe(400);
    const huge = await request(access.app).post('/api/v1/auth/login').send({ username: 'kjj-liaison', password: 'x'.repeat(129) });
    expect(huge.status).toBe(400);
    for (const response of [form, malformed, unexpected, huge]) expect(JSON.stringify(response.body)).not.toMatch(leaks);
  });
});

describe('error bodies', () => {
  test('carry a code, a Chinese message and a request id, never a stack', async () => {
    const auditAdmin = await signIn(access.app, users.auditAdmin);
    const answers = await Promise.all([
      request(access.app).get('/api/v1/audit-events'),
      request(access.app).get('/api/v1/auth/session').set('Cookie', 'srdi_session=not-a-real-token-but-long-enough'),
      auditAdmin.get('/api/v1/audit-events?before=99999999999999999999999'),
      auditAdmin.get('/api/v1/audit-events?from=yesterday'),
      auditAdmin.get('/api/v1/accounts'),
      auditAdmin.post('/api/v1/accounts/acct-admin-system/unlock'),
      request(access.app).get('/api/v1/items/%E0%A4%A'),
    ]);
    for (const response of answers) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body.error).toEqual(expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.stringMatching(/[\u4e00-\u9fff]/), requestId: expect.any(String) }));
      expect(JSON.stringify(response.body)).not.toMatch(leaks);
    }
  });
});
