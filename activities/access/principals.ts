import type { Db } from '../../runtime/db';
import type { LocalDate } from '../../domain/calendar';
import type { Principal, UnitMembership } from '../../domain/access/principal';
import { toDateColumn, fromDateColumn } from '../../prisma/date-column';

export const accountInclude = {
  staffMember: { include: { unit: { select: { id: true, kind: true } } } },
} as const;

/**
 * The principal an account stands for on a given China-local day: a staff member's own unit and
 * roles, plus the units and roles of colleagues they stand in for that day (代岗). Undefined for
 * an account that can no longer act (inactive, or its staff member left).
 */
export async function loadPrincipal(db: Db, accountId: string, today: LocalDate): Promise<Principal | undefined> {
  const account = await db.account.findUnique({ where: { id: accountId }, include: accountInclude });
  if (!account || !account.active) return undefined;
  const base = { accountId: account.id, username: account.username, displayName: account.displayName };
  if (account.kind === 'enterprise') return account.enterpriseId ? { ...base, kind: 'enterprise', enterpriseId: account.enterpriseId } : undefined;
  if (account.kind === 'admin') return account.adminRole ? { ...base, kind: 'admin', adminRole: account.adminRole } : undefined;
  const staff = account.staffMember;
  if (!staff || !staff.active) return undefined;
  const day = toDateColumn(today);
  const standIns = await db.actingAssignment.findMany({
    where: { staffMemberId: staff.id, from: { lte: day }, to: { gte: day }, absentColleague: { active: true } },
    include: { absentColleague: { include: { unit: { select: { id: true, kind: true } } } } },
    orderBy: { createdAt: 'asc' },
  });
  const memberships: UnitMembership[] = [
    { unitId: staff.unit.id, unitKind: staff.unit.kind, roles: staff.roles },
    ...standIns.map((acting) => ({
      unitId: acting.absentColleague.unit.id,
      unitKind: acting.absentColleague.unit.kind,
      roles: acting.absentColleague.roles,
      actingFor: { staffMemberId: acting.forStaffMemberId, until: fromDateColumn(acting.to) },
    })),
  ];
  return { ...base, kind: 'staff', staffMemberId: staff.id, memberships };
}
