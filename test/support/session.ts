import type { Express } from 'express';
import * as OTPAuth from 'otpauth';
import request from 'supertest';
import { demoUsernames } from '../../prisma/seed/demo-accounts';

// Signing in as a demo account, the way a browser does: the cookie lives in a supertest agent,
// the CSRF token goes with every state-changing request, and accounts that need a second factor
// bind one (the secret comes back from enrolment) and answer with a fresh TOTP code.

/** The demo accounts' password in test databases (global setup seeds them). */
export const testPassword = 'Test-Pass-2026';

export const users = {
  commissionOfficer: demoUsernames.staff('staff-jxw-officer-1'),
  commissionOfficer2: demoUsernames.staff('staff-jxw-officer-2'),
  commissionHead: demoUsernames.staff('staff-jxw-head'),
  districtLeader: demoUsernames.staff('staff-district-leader'),
  commissionLiaison: demoUsernames.staff('staff-jxw-liaison'),
  liaison: (unitId: string) => demoUsernames.staff(`staff-${unitId}-liaison`),
  unitLeader: (unitId: string) => demoUsernames.staff(`staff-${unitId}-leader`),
  enterpriseContact: (enterpriseId: string) => demoUsernames.enterprise(enterpriseId),
  systemAdmin: demoUsernames.admin.system,
  securityAdmin: demoUsernames.admin.security,
  auditAdmin: demoUsernames.admin.audit,
};

type TestAgent = ReturnType<typeof request.agent>;

export class ApiClient {
  constructor(
    readonly agent: TestAgent,
    readonly username: string,
    public csrfToken: string,
    /** Set once the account has bound a TOTP authenticator. */
    readonly totpSecret?: string,
  ) {}

  get(path: string) {
    return this.agent.get(path);
  }

  post(path: string, body?: object) {
    const pending = this.agent.post(path).set('X-CSRF-Token', this.csrfToken);
    return body === undefined ? pending : pending.send(body);
  }

  put(path: string, body?: object) {
    const pending = this.agent.put(path).set('X-CSRF-Token', this.csrfToken);
    return body === undefined ? pending : pending.send(body);
  }
}

const totpPeriodMs = 30_000;
const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

/** A TOTP code for the secret, one period ahead when asked (a code is accepted once per period). */
export function totpCode(secret: string, periodsAhead = 0): string {
  return totpOf(secret).generate({ timestamp: Date.now() + periodsAhead * totpPeriodMs });
}

/** The last period each secret answered with in this test process. */
const lastTotpPeriod = new Map<string, number>();

/**
 * A code the server will still take: it accepts the previous, current and next period, each once
 * and in increasing order, so a sign-in soon after another with the same secret takes the next
 * period, or waits for a new one when that is used too. (Never the previous period: it may have
 * gone out of the window by the time the server checks.)
 */
export async function unusedTotpCode(secret: string): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / totpPeriodMs);
    const period = Math.max(now, (lastTotpPeriod.get(secret) ?? -Infinity) + 1);
    if (period <= now + 1) {
      lastTotpPeriod.set(secret, period);
      return totpOf(secret).generate({ timestamp: period * totpPeriodMs });
    }
    await new Promise((resolve) => setTimeout(resolve, (now + 1) * totpPeriodMs - Date.now() + 50));
  }
}

async function expectOk(response: request.Response, what: string): Promise<request.Response> {
  if (response.status >= 300) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/** Signs in and completes whatever the account must do first (bind TOTP, answer TOTP). */
export async function signIn(app: Express, username: string, options: { password?: string; totpSecret?: string } = {}): Promise<ApiClient> {
  const agent = request.agent(app);
  const login = await expectOk(await agent.post('/api/v1/auth/login').send({ username, password: options.password ?? testPassword }), `sign in ${username}`);
  let csrf: string = login.body.csrfToken;
  let secret = options.totpSecret;
  if (login.body.stage === 'totp_enrolment') {
    const enrolment = await expectOk(await agent.post('/api/v1/auth/totp/enrolment').set('X-CSRF-Token', csrf), 'TOTP enrolment');
    secret = enrolment.body.secret as string;
    await expectOk(await agent.post('/api/v1/auth/totp/enrolment/confirm').set('X-CSRF-Token', csrf).send({ code: await unusedTotpCode(secret) }), 'TOTP confirm');
  } else if (login.body.stage === 'second_factor') {
    if (!secret) throw new Error(`${username} needs its TOTP secret to sign in again`);
    await expectOk(await agent.post('/api/v1/auth/totp/verify').set('X-CSRF-Token', csrf).send({ code: await unusedTotpCode(secret) }), 'TOTP verify');
  }
  const session = await expectOk(await agent.get('/api/v1/auth/session'), 'session');
  csrf = session.body.csrfToken;
  return new ApiClient(agent, username, csrf, secret);
}

/** One signed-in client per user for a test file (a TOTP code is single-use, so sign in once). */
export function sessions(app: () => Express) {
  const clients = new Map<string, Promise<ApiClient>>();
  return (username: string): Promise<ApiClient> => {
    if (!clients.has(username)) clients.set(username, signIn(app(), username));
    return clients.get(username)!;
  };
}
