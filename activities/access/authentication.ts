import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Db } from '../../runtime/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import {
  lockoutAfterFailure,
  passwordExpired,
  passwordProblems,
  requiresSecondFactor,
  sessionEnd,
  type SecuritySettings,
} from '../../domain/access/security-policy';
import { appendAudit } from '../audit/audit-log';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords';
import { findSessionRecord, principalOf } from './principals';
import type { SecretBox } from './secret-box';

// Sign-in, sessions, second factor and passwords. Sessions live in PostgreSQL (README "Sessions"):
// the browser holds an opaque random token in an http-only cookie; each request looks it up, so
// signing out, a lockout, a password change or a deactivated account ends it at once.

export interface AuthenticationDeps {
  db: Db;
  settings: SecuritySettings;
  secrets: SecretBox;
}

/** What the signed-in person must still do before using the system. */
export type SessionStage = 'second_factor' | 'totp_enrolment' | 'password_change' | 'active';

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export interface SecurityEvent {
  action: string;
  actorId: string;
  subject: string;
  detail?: Record<string, unknown>;
}

/** Security events (sign-in, failures, lockouts, password changes, denials, exports) join the hash-chained audit. */
export async function recordSecurityEvent(db: Db, event: SecurityEvent, at = new Date()): Promise<void> {
  await db.$transaction((tx) =>
    appendAudit(tx, { actorId: event.actorId, action: `security.${event.action}`, subject: event.subject, detail: event.detail ?? {}, dedupKey: `security:${randomUUID()}`, at }),
  );
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const accountSubject = (accountId: string) => `account:${accountId}`;

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * One failed attempt (a wrong password or a wrong TOTP code) towards the lockout, counted on the
 * locked account row: attempts sent at once must each count, or a burst of guesses never locks.
 */
async function countFailure(tx: Tx, settings: SecuritySettings, attempt: { accountId: string; actorId: string; action: string; detail: Record<string, unknown> }, now: Date) {
  const subject = accountSubject(attempt.accountId);
  const [current] = await tx.$queryRaw<{ failedLogins: number; lockedUntil: Date | null }[]>`
    SELECT failed_logins AS "failedLogins", locked_until AS "lockedUntil" FROM account WHERE id = ${attempt.accountId} FOR UPDATE`;
  const lockedMeanwhile = current?.lockedUntil && current.lockedUntil > now ? current.lockedUntil : undefined;
  const failures = lockedMeanwhile ? settings.maxFailedLogins : (current?.lockedUntil ? 0 : current?.failedLogins ?? 0) + 1;
  const lockedUntil = lockedMeanwhile ?? lockoutAfterFailure(failures, now, settings);
  if (!lockedMeanwhile) await tx.account.update({ where: { id: attempt.accountId }, data: { failedLogins: lockedUntil ? 0 : failures, lockedUntil: lockedUntil ?? null } });
  await appendAudit(tx, { actorId: attempt.actorId, action: attempt.action, subject, detail: { ...attempt.detail, failures }, dedupKey: `security:${randomUUID()}`, at: now });
  if (lockedUntil && !lockedMeanwhile) {
    // Sessions still waiting for their second factor end with the lockout: they cannot keep guessing.
    await tx.session.updateMany({ where: { accountId: attempt.accountId, revokedAt: null, secondFactorPassed: false }, data: { revokedAt: now, revokedReason: 'lockout' } });
    await appendAudit(tx, { actorId: 'system', action: 'security.lockout', subject, detail: { ...attempt.detail, until: lockedUntil.toISOString(), failures }, dedupKey: `security:${randomUUID()}`, at: now });
  }
  return { failures, lockedUntil };
}

export async function signIn(deps: AuthenticationDeps, input: { username: string; password: string } & ClientInfo, now = new Date()) {
  const { db, settings } = deps;
  const username = normaliseUsername(input.username);
  const client = { ip: input.ip, userAgent: input.userAgent };
  const account = await db.account.findUnique({ where: { username } });
  if (!account) {
    await verifyAgainstDecoy(input.password);
    await recordSecurityEvent(db, { action: 'login_failed', actorId: `anonymous:${username}`, subject: `username:${username}`, detail: { ...client, reason: 'unknown_user' } }, now);
    throw new AppError('INVALID_CREDENTIALS');
  }
  const subject = accountSubject(account.id);
  if (account.lockedUntil && account.lockedUntil > now) {
    await recordSecurityEvent(db, { action: 'login_denied', actorId: `account:${username}`, subject, detail: { ...client, reason: 'locked', lockedUntil: account.lockedUntil.toISOString() } }, now);
    throw new AppError('ACCOUNT_LOCKED', { userMessage: `登录失败次数过多，账号已锁定至 ${shanghaiClock(account.lockedUntil)}，请稍后再试` });
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    const { failures, lockedUntil } = await db.$transaction((tx) =>
      countFailure(tx, settings, { accountId: account.id, actorId: `account:${username}`, action: 'security.login_failed', detail: client }, now),
    );
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', { userMessage: `连续 ${failures} 次密码错误，账号已锁定至 ${shanghaiClock(lockedUntil)}` });
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (!account.active) {
    await recordSecurityEvent(db, { action: 'login_denied', actorId: `account:${username}`, subject, detail: { ...client, reason: 'inactive' } }, now);
    throw new AppError('ACCOUNT_DISABLED');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.$transaction(async (tx) => {
    // With a second factor still to answer, earlier wrong codes keep counting until it is answered.
    await tx.account.update({ where: { id: account.id }, data: account.totpEnabled ? { lockedUntil: null } : { failedLogins: 0, lockedUntil: null } });
    await tx.session.create({
      data: {
        id: tokenHash(token),
        accountId: account.id,
        csrfToken,
        lastSeenAt: now,
        createdAt: now,
        expiresAt: new Date(now.getTime() + settings.sessionMaxHours * 3_600_000),
        ip: input.ip?.slice(0, 64) ?? null,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
    });
    await appendAudit(tx, { actorId: `account:${username}`, action: 'security.login', subject, detail: client, dedupKey: `security:${randomUUID()}`, at: now });
  });
  return { token, csrfToken };
}

function shanghaiClock(at: Date): string {
  return at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

export interface Authenticated {
  sessionId: string;
  csrfToken: string;
  principal: Principal;
  stage: SessionStage;
  account: { id: string; username: string; totpEnabled: boolean; passwordChangedAt: Date; mustChangePassword: boolean };
}

/** The session behind a cookie token, with who it is and what they may do yet; throws 401 when there is none. */
export async function authenticate(deps: AuthenticationDeps, token: string, now = new Date()): Promise<Authenticated> {
  const { db, settings } = deps;
  const session = await findSessionRecord(db, tokenHash(token), shanghaiDateOf(now));
  if (!session || session.revokedAt) throw new AppError('UNAUTHENTICATED');
  const ended = sessionEnd(session, now, settings);
  if (ended) {
    await db.session.updateMany({ where: { id: session.sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: ended } });
    await recordSecurityEvent(db, { action: 'session_ended', actorId: 'system', subject: accountSubject(session.accountId), detail: { reason: ended } }, now);
    throw new AppError('SESSION_EXPIRED');
  }
  const principal = principalOf(session);
  if (!principal) throw new AppError('UNAUTHENTICATED');
  // Written at most once a minute: idle time is measured in minutes, and reads stay cheap.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await db.session.update({ where: { id: session.sessionId }, data: { lastSeenAt: now } });
  }
  return {
    sessionId: session.sessionId,
    csrfToken: session.csrfToken,
    principal,
    stage: stageOf(session.secondFactorPassed, session, principal, settings, now),
    account: {
      id: session.accountId,
      username: session.username,
      totpEnabled: session.totpEnabled,
      passwordChangedAt: session.passwordChangedAt,
      mustChangePassword: session.mustChangePassword,
    },
  };
}

function stageOf(
  secondFactorPassed: boolean,
  account: { totpEnabled: boolean; mustChangePassword: boolean; passwordChangedAt: Date },
  principal: Principal,
  settings: SecuritySettings,
  now: Date,
): SessionStage {
  if (!secondFactorPassed) {
    if (account.totpEnabled) return 'second_factor';
    if (requiresSecondFactor(principal)) return 'totp_enrolment';
  }
  if (account.mustChangePassword || passwordExpired(account.passwordChangedAt, now, settings)) return 'password_change';
  return 'active';
}

export async function signOut(db: Db, auth: Authenticated, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { id: auth.sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: 'logout' } });
  await recordSecurityEvent(db, { action: 'logout', actorId: auditActorOf(auth.principal), subject: accountSubject(auth.account.id) }, now);
}

const totpOf = (username: string, secret: OTPAuth.Secret) =>
  new OTPAuth.TOTP({ issuer: 'SRDI Flow 专精特新督办平台', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret });

/** Accepts a code within one step of now, once: a code seen before (or older than the last one) is refused. */
async function acceptTotp(deps: AuthenticationDeps, accountId: string, code: string, now: Date): Promise<void> {
  const account = await deps.db.account.findUniqueOrThrow({ where: { id: accountId } });
  const sealed = account.totpSecret;
  if (!sealed) throw new AppError('TOTP_ENROLMENT_REQUIRED');
  const totp = totpOf(account.username, OTPAuth.Secret.fromBase32(deps.secrets.open(sealed)));
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  const step = delta === null ? undefined : BigInt(Math.floor(now.getTime() / 30_000) + delta);
  const accepted =
    step !== undefined &&
    (await deps.db.account.updateMany({
      where: { id: accountId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    })).count === 1;
  if (!accepted) {
    const { lockedUntil } = await deps.db.$transaction((tx) =>
      countFailure(tx, deps.settings, { accountId, actorId: `account:${account.username}`, action: 'security.totp_failed', detail: {} }, now),
    );
    if (lockedUntil) throw new AppError('ACCOUNT_LOCKED', { userMessage: `动态口令错误次数过多，账号已锁定至 ${shanghaiClock(lockedUntil)}` });
    throw new AppError('INVALID_TOTP');
  }
}

export async function verifySecondFactor(deps: AuthenticationDeps, auth: Authenticated, code: string, now = new Date()): Promise<void> {
  if (!auth.account.totpEnabled) throw new AppError('TOTP_ENROLMENT_REQUIRED');
  await acceptTotp(deps, auth.account.id, code, now);
  await deps.db.$transaction([
    deps.db.session.update({ where: { id: auth.sessionId }, data: { secondFactorPassed: true } }),
    deps.db.account.update({ where: { id: auth.account.id }, data: { failedLogins: 0 } }),
  ]);
  await recordSecurityEvent(deps.db, { action: 'second_factor', actorId: auditActorOf(auth.principal), subject: accountSubject(auth.account.id) }, now);
}

/** A new secret to scan; it becomes the account's second factor once a code from it is confirmed. */
export async function startTotpEnrolment(deps: AuthenticationDeps, auth: Authenticated, now = new Date()): Promise<{ secret: string; otpauthUri: string }> {
  if (auth.account.totpEnabled) throw new AppError('INVALID_STATE', { userMessage: '已绑定动态口令' });
  const secret = new OTPAuth.Secret({ size: 20 });
  // A new secret replaces any earlier unconfirmed one: a state change, so audited (never the secret).
  await deps.db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: auth.account.id }, data: { totpSecret: deps.secrets.seal(secret.base32), totpLastStep: null, updatedAt: now } });
    await appendAudit(tx, { actorId: auditActorOf(auth.principal), action: 'security.totp_enrolment_started', subject: accountSubject(auth.account.id), detail: {}, dedupKey: `security:${randomUUID()}`, at: now });
  });
  return { secret: secret.base32, otpauthUri: totpOf(auth.account.username, secret).toString() };
}

export async function confirmTotpEnrolment(deps: AuthenticationDeps, auth: Authenticated, code: string, now = new Date()): Promise<void> {
  if (auth.account.totpEnabled) throw new AppError('INVALID_STATE', { userMessage: '已绑定动态口令' });
  await acceptTotp(deps, auth.account.id, code, now);
  await deps.db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: auth.account.id }, data: { totpEnabled: true, updatedAt: now } });
    await tx.session.update({ where: { id: auth.sessionId }, data: { secondFactorPassed: true } });
    await appendAudit(tx, { actorId: auditActorOf(auth.principal), action: 'security.totp_enrolled', subject: accountSubject(auth.account.id), detail: {}, dedupKey: `security:${randomUUID()}`, at: now });
  });
}

/** The owner changes their password: the current one is required; every other session ends. */
export async function changePassword(deps: AuthenticationDeps, auth: Authenticated, input: { currentPassword: string; newPassword: string }, now = new Date()): Promise<void> {
  const account = await deps.db.account.findUniqueOrThrow({ where: { id: auth.account.id } });
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    await recordSecurityEvent(deps.db, { action: 'password_change_failed', actorId: auditActorOf(auth.principal), subject: accountSubject(account.id) }, now);
    throw new AppError('INVALID_CREDENTIALS', { userMessage: '原密码不正确' });
  }
  const problems = passwordProblems(input.newPassword, deps.settings, { username: account.username, currentPassword: input.currentPassword });
  if (problems.length > 0) throw new AppError('WEAK_PASSWORD', { fieldErrors: problems.map((message) => ({ path: 'newPassword', message })) });
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: account.id }, data: { passwordHash, passwordChangedAt: now, mustChangePassword: false, updatedAt: now } });
    await tx.session.updateMany({ where: { accountId: account.id, revokedAt: null, id: { not: auth.sessionId } }, data: { revokedAt: now, revokedReason: 'password_changed' } });
    await appendAudit(tx, { actorId: auditActorOf(auth.principal), action: 'security.password_changed', subject: accountSubject(account.id), detail: {}, dedupKey: `security:${randomUUID()}`, at: now });
  });
}
