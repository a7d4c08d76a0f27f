import * as OTPAuth from 'otpauth';

// The benchmark signs in like a browser would (demo accounts, session cookie, CSRF token), so
// its figures include what every real request pays for its session.

export const benchPassword = 'Bench-Pass-2026';

export interface BenchSession {
  /** Headers for any request: the session cookie, the CSRF token and JSON. */
  headers: Record<string, string>;
}

async function call(apiUrl: string, path: string, init: { headers?: Record<string, string>; body?: object }) {
  const response = await fetch(`${apiUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** Signs a demo account in; accounts that need a second factor bind one on the way. */
export async function benchSignIn(apiUrl: string, username: string): Promise<BenchSession> {
  const login = await call(apiUrl, '/auth/login', { body: { username, password: benchPassword } });
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const headers = { cookie, 'x-csrf-token': String(login.body.csrfToken), 'content-type': 'application/json' };
  if (login.body.stage === 'totp_enrolment') {
    const enrolment = await call(apiUrl, '/auth/totp/enrolment', { headers });
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(String(enrolment.body.secret)) }).generate();
    await call(apiUrl, '/auth/totp/enrolment/confirm', { headers, body: { code } });
  }
  return { headers };
}
