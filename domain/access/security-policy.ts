import type { Principal } from './principal';
import { commissionMembership } from './policy';

// 等保 2.0 (GB/T 22239-2019, level 3) identification and authentication rules as pure functions;
// the figures are configuration (runtime/config.ts), with the standard's usual values as defaults.

export interface SecuritySettings {
  passwordMinLength: number;
  /** Of the four classes: lower case, upper case, digits, other characters. */
  passwordMinClasses: number;
  passwordMaxAgeDays: number;
  maxFailedLogins: number;
  lockoutMinutes: number;
  idleTimeoutMinutes: number;
  /** A session ends this long after sign-in, however active. */
  sessionMaxHours: number;
}

export const defaultSecuritySettings: SecuritySettings = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  passwordMaxAgeDays: 90,
  maxFailedLogins: 5,
  lockoutMinutes: 15,
  idleTimeoutMinutes: 30,
  sessionMaxHours: 12,
};

const characterClasses = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** What is wrong with a new password, in words a user understands; empty when it is acceptable. */
export function passwordProblems(password: string, settings: SecuritySettings, context: { username: string; currentPassword?: string }): string[] {
  const problems: string[] = [];
  if ([...password].length < settings.passwordMinLength) problems.push(`密码至少 ${settings.passwordMinLength} 位`);
  const classes = characterClasses.filter((pattern) => pattern.test(password)).length;
  if (classes < settings.passwordMinClasses) problems.push(`密码须包含大写字母、小写字母、数字、特殊字符中的至少 ${settings.passwordMinClasses} 类`);
  if (context.username.length >= 3 && password.toLowerCase().includes(context.username.toLowerCase())) problems.push('密码不得包含用户名');
  if (context.currentPassword !== undefined && password === context.currentPassword) problems.push('新密码不得与原密码相同');
  return problems;
}

export function passwordExpired(changedAt: Date, now: Date, settings: SecuritySettings): boolean {
  return now.getTime() - changedAt.getTime() > settings.passwordMaxAgeDays * 86_400_000;
}

/** Administrators and the commission's officers must use a second factor (TOTP). */
export function requiresSecondFactor(principal: Principal): boolean {
  return principal.kind === 'admin' || commissionMembership(principal) !== undefined;
}

/** After this failure, is the account locked, and until when? */
export function lockoutAfterFailure(failedLogins: number, now: Date, settings: SecuritySettings): Date | undefined {
  return failedLogins >= settings.maxFailedLogins ? new Date(now.getTime() + settings.lockoutMinutes * 60_000) : undefined;
}

export type SessionEnd = 'idle' | 'expired';

/** Whether a session is still alive at `now`, or why it ended. */
export function sessionEnd(session: { lastSeenAt: Date; expiresAt: Date }, now: Date, settings: SecuritySettings): SessionEnd | undefined {
  if (now >= session.expiresAt) return 'expired';
  if (now.getTime() - session.lastSeenAt.getTime() > settings.idleTimeoutMinutes * 60_000) return 'idle';
  return undefined;
}
