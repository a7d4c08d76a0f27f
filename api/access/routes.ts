import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { adminRoleLabels, orgRoleLabels, type Principal } from '../../domain/access/principal';
import { passwordExpired, type SecuritySettings } from '../../domain/access/security-policy';
import {
  authenticate,
  changePassword,
  confirmTotpEnrolment,
  signIn,
  signOut,
  startTotpEnrolment,
  verifySecondFactor,
  type Authenticated,
  type AuthenticationDeps,
} from '../../activities/access/authentication';
import {
  createAccount,
  createActingAssignment,
  endActingAssignment,
  listAccounts,
  resetPassword,
  resetSecondFactor,
  setAccountActive,
  setStaffRoles,
  unlockAccount,
} from '../../activities/access/accounts';
import { verifyAuditChain } from '../../activities/audit/audit-log';
import { publicRoute, route, type RouteDefinition } from '../http/route';
import { clearSessionCookie, setSessionCookie, checkOrigin, type CookieOptions } from './session';
import { actorViews } from '../organisation/actors';
import {
  accountListQuerySchema,
  accountParamsSchema,
  actingBodySchema,
  actingParamsSchema,
  auditQuerySchema,
  changePasswordBodySchema,
  createAccountBodySchema,
  loginBodySchema,
  reasonBodySchema,
  resetPasswordBodySchema,
  staffParamsSchema,
  staffRolesBodySchema,
  totpBodySchema,
} from './schemas';

export interface AccessRouteDeps extends AuthenticationDeps {
  cookie: CookieOptions;
}

function principalView(principal: Principal) {
  const base = { accountId: principal.accountId, username: principal.username, displayName: principal.displayName, kind: principal.kind };
  if (principal.kind === 'admin') return { ...base, adminRole: principal.adminRole, adminRoleLabel: adminRoleLabels[principal.adminRole] };
  if (principal.kind === 'enterprise') return { ...base, enterpriseId: principal.enterpriseId };
  return {
    ...base,
    staffMemberId: principal.staffMemberId,
    memberships: principal.memberships.map((m) => ({ ...m, roleLabels: m.roles.map((role) => orgRoleLabels[role]) })),
  };
}

function sessionView(auth: Authenticated, settings: SecuritySettings) {
  const expiresAt = new Date(auth.account.passwordChangedAt.getTime() + settings.passwordMaxAgeDays * 86_400_000);
  return {
    stage: auth.stage,
    csrfToken: auth.csrfToken,
    principal: principalView(auth.principal),
    totpEnabled: auth.account.totpEnabled,
    passwordExpiresAt: expiresAt.toISOString(),
    passwordExpired: passwordExpired(auth.account.passwordChangedAt, new Date(), settings),
    idleTimeoutMinutes: settings.idleTimeoutMinutes,
  };
}

const clientOf = (req: { ip?: string; header(name: string): string | undefined }) => ({ ip: req.ip, userAgent: req.header('user-agent') });

/** 登录、会话、动态口令、修改密码: the signed-in person's own routes. */
export function authenticationRoutes(deps: AccessRouteDeps): RouteDefinition[] {
  const allStages = ['second_factor', 'totp_enrolment', 'password_change'] as const;
  return [
    publicRoute({
      operationId: 'auth.login',
      access: 'public',
      method: 'post',
      path: '/auth/login',
      tag: '登录与账号',
      summary: '用户名密码登录（连续失败将锁定账号）',
      body: loginBodySchema,
      handle: async ({ req, res, body }) => {
        checkOrigin(req);
        const { token, csrfToken } = await signIn(deps, { ...body, ...clientOf(req) });
        setSessionCookie(res, token, deps.cookie);
        const auth = await authenticate(deps, token);
        return { ...sessionView(auth, deps.settings), csrfToken };
      },
    }),
    route({
      operationId: 'auth.session',
      method: 'get',
      path: '/auth/session',
      tag: '登录与账号',
      summary: '当前登录状态、身份与防伪令牌',
      access: 'session',
      stages: allStages,
      handle: async ({ auth }) => sessionView(auth, deps.settings),
    }),
    route({
      operationId: 'auth.logout',
      method: 'post',
      path: '/auth/logout',
      tag: '登录与账号',
      summary: '退出登录',
      access: 'session',
      stages: allStages,
      handle: async ({ auth, res }) => {
        await signOut(deps.db, auth);
        clearSessionCookie(res, deps.cookie);
        return undefined;
      },
    }),
    route({
      operationId: 'auth.totp.verify',
      method: 'post',
      path: '/auth/totp/verify',
      tag: '登录与账号',
      summary: '输入动态口令完成登录',
      access: 'session',
      stages: ['second_factor'],
      body: totpBodySchema,
      handle: async ({ auth, body }) => {
        await verifySecondFactor(deps, auth, body.code);
        return { verified: true };
      },
    }),
    route({
      operationId: 'auth.totp.enrol',
      method: 'post',
      path: '/auth/totp/enrolment',
      tag: '登录与账号',
      summary: '开始绑定动态口令：返回密钥与二维码内容',
      access: 'session',
      stages: ['totp_enrolment'],
      handle: async ({ auth }) => startTotpEnrolment(deps, auth),
    }),
    route({
      operationId: 'auth.totp.confirm',
      method: 'post',
      path: '/auth/totp/enrolment/confirm',
      tag: '登录与账号',
      summary: '输入新绑定的动态口令确认绑定',
      access: 'session',
      stages: ['totp_enrolment'],
      body: totpBodySchema,
      handle: async ({ auth, body }) => {
        await confirmTotpEnrolment(deps, auth, body.code);
        return { enrolled: true };
      },
    }),
    route({
      operationId: 'auth.password.change',
      method: 'post',
      path: '/auth/password',
      tag: '登录与账号',
      summary: '修改本人密码（其他会话随即失效）',
      access: 'session',
      stages: ['password_change'],
      body: changePasswordBodySchema,
      handle: async ({ auth, body }) => {
        await changePassword(deps, auth, body);
        return { changed: true };
      },
    }),
  ];
}

/** 账号管理 (系统管理员), 角色与代岗 (安全管理员), 审计 (审计管理员). */
export function administrationRoutes(db: Db, settings: SecuritySettings): RouteDefinition[] {
  return [
    route({
      operationId: 'accounts.list',
      method: 'get',
      path: '/accounts',
      tag: '账号管理',
      summary: '账号列表',
      access: 'accounts.read',
      query: accountListQuerySchema,
      handle: async ({ query }) => listAccounts(db, { kind: query.kind, afterUsername: query.cursor, limit: query.limit }),
    }),
    route({
      operationId: 'accounts.create',
      method: 'post',
      path: '/accounts',
      tag: '账号管理',
      summary: '新建账号（首次登录须修改初始密码）',
      access: 'accounts.manage',
      body: createAccountBodySchema,
      status: 201,
      handle: async ({ principal, body }) => createAccount(db, settings, principal, body),
    }),
    route({
      operationId: 'accounts.resetPassword',
      method: 'post',
      path: '/accounts/:accountId/password-reset',
      tag: '账号管理',
      summary: '重置密码（须由本人登录后修改）',
      access: 'accounts.manage',
      params: accountParamsSchema,
      body: resetPasswordBodySchema,
      handle: async ({ principal, params, body }) => resetPassword(db, settings, principal, params.accountId, body.initialPassword),
    }),
    route({
      operationId: 'accounts.deactivate',
      method: 'post',
      path: '/accounts/:accountId/deactivate',
      tag: '账号管理',
      summary: '停用账号（其会话随即失效）',
      access: 'accounts.manage',
      params: accountParamsSchema,
      body: reasonBodySchema,
      handle: async ({ principal, params, body }) => {
        if (params.accountId === principal.accountId) throw new AppError('FORBIDDEN', { userMessage: '不能停用本人账号' });
        return setAccountActive(db, principal, params.accountId, false, body.reason);
      },
    }),
    route({
      operationId: 'accounts.activate',
      method: 'post',
      path: '/accounts/:accountId/activate',
      tag: '账号管理',
      summary: '启用账号',
      access: 'accounts.manage',
      params: accountParamsSchema,
      body: reasonBodySchema,
      handle: async ({ principal, params, body }) => setAccountActive(db, principal, params.accountId, true, body.reason),
    }),
    route({
      operationId: 'accounts.unlock',
      method: 'post',
      path: '/accounts/:accountId/unlock',
      tag: '账号管理',
      summary: '解除登录锁定',
      access: 'accounts.secure',
      params: accountParamsSchema,
      handle: async ({ principal, params }) => unlockAccount(db, principal, params.accountId),
    }),
    route({
      operationId: 'accounts.resetTotp',
      method: 'post',
      path: '/accounts/:accountId/totp-reset',
      tag: '账号管理',
      summary: '重置动态口令（下次登录重新绑定）',
      access: 'accounts.secure',
      params: accountParamsSchema,
      body: reasonBodySchema,
      handle: async ({ principal, params, body }) => resetSecondFactor(db, principal, params.accountId, body.reason),
    }),
    route({
      operationId: 'staff.setRoles',
      method: 'put',
      path: '/staff/:staffMemberId/roles',
      tag: '账号管理',
      summary: '设置工作人员角色',
      access: 'accounts.secure',
      params: staffParamsSchema,
      body: staffRolesBodySchema,
      handle: async ({ principal, params, body }) => setStaffRoles(db, principal, params.staffMemberId, body.roles, body.reason),
    }),
    route({
      operationId: 'staff.acting.create',
      method: 'post',
      path: '/acting-assignments',
      tag: '账号管理',
      summary: '安排代岗：期间代岗人拥有被代岗人的单位与角色权限',
      access: 'accounts.secure',
      body: actingBodySchema,
      status: 201,
      handle: async ({ principal, body }) => createActingAssignment(db, principal, body),
    }),
    route({
      operationId: 'staff.acting.end',
      method: 'post',
      path: '/acting-assignments/:assignmentId/end',
      tag: '账号管理',
      summary: '提前结束代岗（被代岗人已返岗）：此后不再授予权限，记录保留',
      access: 'accounts.secure',
      params: actingParamsSchema,
      body: reasonBodySchema,
      handle: async ({ principal, params, body }) => endActingAssignment(db, principal, params.assignmentId, body.reason),
    }),
    route({
      operationId: 'audit.list',
      method: 'get',
      path: '/audit-events',
      tag: '安全审计',
      summary: '查询审计记录（含登录、失败、锁定、改密、越权、导出等安全事件）',
      access: 'audit.read',
      query: auditQuerySchema,
      handle: async ({ query }) => {
        const where: Prisma.AuditEventWhereInput = {
          ...(query.action ? { action: { startsWith: query.action } } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.subject ? { subject: query.subject } : {}),
          ...(query.from || query.to ? { at: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } } : {}),
          ...(query.before ? { seq: { lt: BigInt(query.before) } } : {}),
        };
        const rows = await db.auditEvent.findMany({ where, orderBy: { seq: 'desc' }, take: query.limit + 1 });
        const page = rows.slice(0, query.limit);
        // Who acted, by name (the id stays: the search is by id).
        const actors = await actorViews(db, page.map((row) => row.actorId));
        return {
          events: page.map((row) => ({
            seq: Number(row.seq),
            at: row.at.toISOString(),
            actorId: row.actorId,
            actor: actors.get(row.actorId) ?? null,
            action: row.action,
            subject: row.subject,
            detail: row.detail,
            hash: row.hash,
          })),
          nextBefore: rows.length > query.limit ? Number(page[page.length - 1]!.seq) : null,
        };
      },
    }),
    route({
      operationId: 'audit.verify',
      method: 'get',
      path: '/audit-events/verification',
      tag: '安全审计',
      summary: '校验审计链：报告被篡改或删除的记录',
      access: 'audit.read',
      handle: async () => {
        const result = await verifyAuditChain(db);
        return { intact: result.brokenAt === undefined, ...result };
      },
    }),
  ];
}
