import type { OrgRole } from '../../domain/supervision/escalation';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { auditActorOf, type AdminRole, type Principal } from '../../domain/access/principal';
import { passwordProblems, type SecuritySettings } from '../../domain/access/security-policy';
import { toDateColumn } from '../../prisma/date-column';
import type { LocalDate } from '../../domain/calendar';
import { appendAudit } from '../audit/audit-log';
import { normaliseUsername } from './authentication';
import { hashPassword } from './passwords';

// Account administration, split along 三权分立: the system administrator creates, resets and
// deactivates accounts; the security administrator grants roles, stand-ins (代岗), unlocks
// accounts and resets second factors. Every change is audited in the same transaction.

export type NewAccount =
  | { kind: 'staff'; username: string; displayName: string; staffMemberId: string; initialPassword: string }
  | { kind: 'enterprise'; username: string; displayName: string; enterpriseId: string; initialPassword: string }
  | { kind: 'admin'; username: string; displayName: string; adminRole: AdminRole; initialPassword: string };

const accountView = {
  id: true,
  username: true,
  displayName: true,
  kind: true,
  staffMemberId: true,
  enterpriseId: true,
  adminRole: true,
  active: true,
  mustChangePassword: true,
  passwordChangedAt: true,
  lockedUntil: true,
  totpEnabled: true,
  createdAt: true,
} as const;

export type AccountView = Awaited<ReturnType<typeof listAccounts>>['accounts'][number];

export async function listAccounts(db: Db, query: { kind?: 'staff' | 'enterprise' | 'admin'; afterUsername?: string; limit: number }) {
  const rows = await db.account.findMany({
    where: { ...(query.kind ? { kind: query.kind } : {}), ...(query.afterUsername ? { username: { gt: query.afterUsername } } : {}) },
    orderBy: { username: 'asc' },
    take: query.limit + 1,
    select: accountView,
  });
  const page = rows.slice(0, query.limit);
  return { accounts: page, nextCursor: rows.length > query.limit ? page[page.length - 1]!.username : null };
}

function weakPassword(password: string, username: string, settings: SecuritySettings): void {
  const problems = passwordProblems(password, settings, { username });
  if (problems.length > 0) throw new AppError('WEAK_PASSWORD', { fieldErrors: problems.map((message) => ({ path: 'initialPassword', message })) });
}

/** Who an account change is recorded under: a signed-in administrator, or `operator:<name>` at the console. */
export type AccountActor = Principal | { operator: string };
const actorIdOf = (by: AccountActor) => ('operator' in by ? `operator:${by.operator}` : auditActorOf(by));

/**
 * 三权分立 holds only if no administrator can make another kind: security and audit
 * administrators are opened, reset and stopped by the operator at the console (npm run
 * admin:account), never by the system administrator through the API.
 */
function refuseOtherAdministrators(by: AccountActor, target: { kind: string; adminRole: string | null }): void {
  if ('operator' in by || target.kind !== 'admin' || target.adminRole === 'system') return;
  throw new AppError('FORBIDDEN', { userMessage: '安全管理员、审计管理员账号由运维人员在服务器上开设和管理（npm run admin:account），系统管理员不能操作' });
}

const audit = (by: AccountActor, action: string, accountId: string, detail: Record<string, unknown>, at: Date) => ({
  actorId: actorIdOf(by),
  action: `account.${action}`,
  subject: `account:${accountId}`,
  detail,
  dedupKey: `account:${randomUUID()}`,
  at,
});

export async function createAccount(db: Db, settings: SecuritySettings, by: AccountActor, input: NewAccount, now = new Date()) {
  refuseOtherAdministrators(by, { kind: input.kind, adminRole: input.kind === 'admin' ? input.adminRole : null });
  const username = normaliseUsername(input.username);
  weakPassword(input.initialPassword, username, settings);
  if (input.kind === 'staff' && !(await db.staffMember.findUnique({ where: { id: input.staffMemberId }, select: { id: true } }))) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'staffMemberId', message: '工作人员不存在' }] });
  }
  // An enterprise is named by its id or by its credit code (imported enterprises have generated
  // ids; the administrator knows them by the code on their list).
  const enterprise =
    input.kind === 'enterprise'
      ? await db.enterprise.findFirst({ where: { OR: [{ id: input.enterpriseId }, { creditCode: input.enterpriseId.toUpperCase() }] }, select: { id: true } })
      : null;
  if (input.kind === 'enterprise' && !enterprise) {
    throw new AppError('UNKNOWN_ENTERPRISE', { fieldErrors: [{ path: 'enterpriseId', message: '企业不存在（请填写企业编号或统一社会信用代码）' }] });
  }
  const passwordHash = await hashPassword(input.initialPassword);
  const id = randomUUID();
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.account.create({
        data: {
          id,
          username,
          displayName: input.displayName,
          kind: input.kind,
          staffMemberId: input.kind === 'staff' ? input.staffMemberId : null,
          enterpriseId: enterprise?.id ?? null,
          adminRole: input.kind === 'admin' ? input.adminRole : null,
          passwordHash,
          passwordChangedAt: now,
          mustChangePassword: true,
          createdAt: now,
          updatedAt: now,
        },
        select: accountView,
      });
      await appendAudit(tx, audit(by, 'created', id, { username, kind: input.kind }, now));
      return created;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') {
      const target = String((error as { meta?: { target?: unknown } }).meta?.target ?? '');
      if (target.includes('staff_member')) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'staffMemberId', message: '该工作人员已有账号' }] });
      throw new AppError('USERNAME_TAKEN', { fieldErrors: [{ path: 'username', message: '用户名已被使用' }] });
    }
    throw error;
  }
}

async function changeAccount(
  db: Db,
  by: AccountActor,
  accountId: string,
  action: string,
  data: Record<string, unknown>,
  options: { endSessions: boolean; detail?: Record<string, unknown>; guard?: (target: { kind: string; adminRole: string | null }) => void },
  now: Date,
) {
  return db.$transaction(async (tx) => {
    if (options.guard) {
      const target = await tx.account.findUnique({ where: { id: accountId }, select: { kind: true, adminRole: true } });
      if (!target) throw new AppError('NOT_FOUND', { userMessage: '账号不存在' });
      options.guard(target);
    }
    const updated = await tx.account.updateMany({ where: { id: accountId }, data: { ...data, updatedAt: now } });
    if (updated.count === 0) throw new AppError('NOT_FOUND', { userMessage: '账号不存在' });
    if (options.endSessions) await tx.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now, revokedReason: action } });
    await appendAudit(tx, audit(by, action, accountId, options.detail ?? {}, now));
    return tx.account.findUniqueOrThrow({ where: { id: accountId }, select: accountView });
  });
}

export async function resetPassword(db: Db, settings: SecuritySettings, by: AccountActor, accountId: string, initialPassword: string, now = new Date()) {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { username: true, kind: true, adminRole: true } });
  if (!account) throw new AppError('NOT_FOUND', { userMessage: '账号不存在' });
  refuseOtherAdministrators(by, account);
  weakPassword(initialPassword, account.username, settings);
  const passwordHash = await hashPassword(initialPassword);
  return changeAccount(db, by, accountId, 'password_reset', { passwordHash, passwordChangedAt: now, mustChangePassword: true }, { endSessions: true }, now);
}

export function setAccountActive(db: Db, by: AccountActor, accountId: string, active: boolean, reason: string, now = new Date()) {
  const guard = (target: { kind: string; adminRole: string | null }) => refuseOtherAdministrators(by, target);
  return changeAccount(db, by, accountId, active ? 'activated' : 'deactivated', { active }, { endSessions: !active, detail: { reason }, guard }, now);
}

export function unlockAccount(db: Db, by: Principal, accountId: string, now = new Date()) {
  return changeAccount(db, by, accountId, 'unlocked', { failedLogins: 0, lockedUntil: null }, { endSessions: false }, now);
}

/** The owner binds a new authenticator at the next sign-in (a lost phone). */
export function resetSecondFactor(db: Db, by: Principal, accountId: string, reason: string, now = new Date()) {
  return changeAccount(db, by, accountId, 'totp_reset', { totpEnabled: false, totpSecret: null, totpLastStep: null }, { endSessions: true, detail: { reason } }, now);
}

export async function setStaffRoles(db: Db, by: Principal, staffMemberId: string, roles: OrgRole[], reason: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const before = await tx.staffMember.findUnique({ where: { id: staffMemberId }, select: { roles: true } });
    if (!before) throw new AppError('NOT_FOUND', { userMessage: '工作人员不存在' });
    const staff = await tx.staffMember.update({ where: { id: staffMemberId }, data: { roles }, select: { id: true, name: true, unitId: true, roles: true } });
    await appendAudit(tx, { actorId: auditActorOf(by), action: 'staff.roles_changed', subject: `staff:${staffMemberId}`, detail: { from: before.roles, to: roles, reason }, dedupKey: `staff:${randomUUID()}`, at: now });
    return staff;
  });
}

/** 代岗: from..to inclusive, China-local; the stand-in holds the colleague's unit and roles for that period. */
export async function createActingAssignment(db: Db, by: Principal, input: { staffMemberId: string; forStaffMemberId: string; from: LocalDate; to: LocalDate; reason: string }, now = new Date()) {
  if (input.staffMemberId === input.forStaffMemberId) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'forStaffMemberId', message: '不能为本人代岗' }] });
  if (input.to < input.from) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'to', message: '结束日期早于开始日期' }] });
  const people = await db.staffMember.count({ where: { id: { in: [input.staffMemberId, input.forStaffMemberId] }, active: true } });
  if (people !== 2) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'staffMemberId', message: '工作人员不存在或已离岗' }] });
  const id = randomUUID();
  return db.$transaction(async (tx) => {
    const created = await tx.actingAssignment.create({
      data: { id, staffMemberId: input.staffMemberId, forStaffMemberId: input.forStaffMemberId, from: toDateColumn(input.from), to: toDateColumn(input.to), reason: input.reason, createdAt: now },
    });
    await appendAudit(tx, { actorId: auditActorOf(by), action: 'staff.acting_assigned', subject: `staff:${input.forStaffMemberId}`, detail: { ...input }, dedupKey: `acting:${id}`, at: now });
    return { id: created.id, ...input };
  });
}

/** Ends a stand-in early (the colleague is back): from now on it grants nothing. Kept for the record. */
export async function endActingAssignment(db: Db, by: Principal, assignmentId: string, reason: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const ended = await tx.actingAssignment.updateMany({ where: { id: assignmentId, endedAt: null }, data: { endedAt: now, endedBy: auditActorOf(by) } });
    const row = await tx.actingAssignment.findUnique({ where: { id: assignmentId } });
    if (!row) throw new AppError('NOT_FOUND', { userMessage: '代岗安排不存在' });
    // Already ended (a retry, or two administrators at once): the same answer, no second record.
    if (ended.count === 0) return { id: row.id, endedAt: (row.endedAt ?? now).toISOString() };
    await appendAudit(tx, { actorId: auditActorOf(by), action: 'staff.acting_ended', subject: `staff:${row.forStaffMemberId}`, detail: { assignmentId, staffMemberId: row.staffMemberId, reason }, dedupKey: `acting:${assignmentId}:ended`, at: now });
    return { id: row.id, endedAt: now.toISOString() };
  });
}
