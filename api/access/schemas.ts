import { z } from 'zod';
import { adminRoles } from '../../domain/access/principal';
import { orgRoles } from '../../domain/supervision/escalation';

const username = z.string().trim().min(3, '用户名至少 3 位').max(64).regex(/^[A-Za-z0-9._@-]+$/, '用户名只能包含字母、数字和 . _ @ -');
// Bounded before hashing: argon2 accepts any length, an attacker should not choose our cost.
const password = z.string().min(1, '请输入密码').max(128, '密码最长 128 位');
const totpCode = z.string().regex(/^\d{6}$/, '动态口令为 6 位数字');
const reason = z.string().trim().min(1, '请填写理由').max(500);

export const loginBodySchema = z.strictObject({ username: z.string().trim().min(1, '请输入用户名').max(64), password });
export const totpBodySchema = z.strictObject({ code: totpCode });
export const changePasswordBodySchema = z.strictObject({ currentPassword: password, newPassword: password });

// Not only UUIDs: the demo accounts have readable ids (acct-staff-…), and they are administered too.
export const accountParamsSchema = z.strictObject({ accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
export const staffParamsSchema = z.strictObject({ staffMemberId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const accountListQuerySchema = z.strictObject({
  kind: z.enum(['staff', 'enterprise', 'admin']).optional(),
  cursor: username.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const newAccountBase = { username, displayName: z.string().trim().min(1, '请填写姓名').max(60), initialPassword: password };
export const createAccountBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('staff'), staffMemberId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), ...newAccountBase }),
  z.strictObject({ kind: z.literal('enterprise'), enterpriseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), ...newAccountBase }),
  z.strictObject({ kind: z.literal('admin'), adminRole: z.enum(adminRoles), ...newAccountBase }),
]);

export const resetPasswordBodySchema = z.strictObject({ initialPassword: password });
export const reasonBodySchema = z.strictObject({ reason });
export const staffRolesBodySchema = z.strictObject({ roles: z.array(z.enum(orgRoles)).max(orgRoles.length), reason });
export const actingParamsSchema = z.strictObject({ assignmentId: z.uuid() });
export const actingBodySchema = z.strictObject({
  staffMemberId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  forStaffMemberId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  from: z.iso.date(),
  to: z.iso.date(),
  reason,
});

export const auditQuerySchema = z.strictObject({
  /** An action or a prefix of one: security., account., item. … */
  action: z.string().regex(/^[a-z_.]{1,64}$/).optional(),
  actorId: z.string().max(128).optional(),
  subject: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Rows before this sequence number (newest first). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
