import type { Db } from '../../runtime/db';
import { hashPassword } from '../../activities/access/passwords';
import { seededStaff } from './staff';
import enterprisesFile from './enterprises.json';

// Demo accounts, only when SEED_DEMO_ACCOUNTS=true (npm start and the tests; never in the
// production compose file): one per demo staff member, the three administrators and one contact
// per demo enterprise, all with the demo password. Administrators and commission officers still
// bind a TOTP authenticator at their first sign-in, as the security policy requires.

export const demoUsernames = {
  staff: (staffMemberId: string) => staffMemberId.replace(/^staff-/, ''),
  enterprise: (enterpriseId: string) => `contact-${enterpriseId}`,
  admin: { system: 'sysadmin', security: 'secadmin', audit: 'auditadmin' } as const,
};

export async function seedDemoAccounts(db: Db, password: string, now = new Date()): Promise<void> {
  // One hash for all: they share the demo password anyway, and 60 argon2 hashes would slow every start.
  const passwordHash = await hashPassword(password);
  const common = { passwordHash, passwordChangedAt: now, mustChangePassword: false, createdAt: now, updatedAt: now };
  await db.account.createMany({
    data: [
      ...seededStaff.map((person) => ({ id: `acct-${person.id}`, username: demoUsernames.staff(person.id), displayName: person.name, kind: 'staff' as const, staffMemberId: person.id, ...common })),
      ...enterprisesFile.enterprises.map((enterprise) => ({
        id: `acct-contact-${enterprise.id}`,
        username: demoUsernames.enterprise(enterprise.id),
        displayName: `${enterprise.name}联系人`,
        kind: 'enterprise' as const,
        enterpriseId: enterprise.id,
        ...common,
      })),
      ...(['system', 'security', 'audit'] as const).map((role) => ({
        id: `acct-admin-${role}`,
        username: demoUsernames.admin[role],
        displayName: { system: '系统管理员（演示）', security: '安全管理员（演示）', audit: '审计管理员（演示）' }[role],
        kind: 'admin' as const,
        adminRole: role,
        ...common,
      })),
    ],
    skipDuplicates: true,
  });
}
