import type { LocalDate } from '../calendar';
import type { Actor, UnitKind } from '../supervision/item';
import type { OrgRole } from '../supervision/escalation';

// Who is signed in, as every access rule sees them. Built once per request from the session, the
// account and the organisation chart (with the 代岗 periods in force that day).

export const orgRoleLabels: Record<OrgRole, string> = {
  liaison: '联络员',
  unit_leader: '分管领导',
  commission_officer: '督办员',
  commission_head: '科长',
  district_leader: '区领导',
};

export const adminRoles = ['system', 'security', 'audit'] as const;
export type AdminRole = (typeof adminRoles)[number];

export const adminRoleLabels: Record<AdminRole, string> = {
  system: '系统管理员',
  security: '安全管理员',
  audit: '审计管理员',
};

/** A unit a staff member works for, with the roles held there: their own, or a colleague's while standing in. */
export interface UnitMembership {
  unitId: string;
  unitKind: UnitKind;
  roles: OrgRole[];
  /** Set when held on behalf of an absent colleague (代岗), until this China-local date (inclusive). */
  actingFor?: { staffMemberId: string; until: LocalDate };
}

interface PrincipalBase {
  accountId: string;
  username: string;
  displayName: string;
}

export interface StaffPrincipal extends PrincipalBase {
  kind: 'staff';
  staffMemberId: string;
  /** The person's own unit first, then units held as a stand-in. */
  memberships: UnitMembership[];
}

export interface EnterprisePrincipal extends PrincipalBase {
  kind: 'enterprise';
  enterpriseId: string;
}

export interface AdminPrincipal extends PrincipalBase {
  kind: 'admin';
  adminRole: AdminRole;
}

export type Principal = StaffPrincipal | EnterprisePrincipal | AdminPrincipal;

/** The actor a workflow records and re-checks: the person, and the unit they act for on this item. */
export function actorFor(principal: StaffPrincipal, membership: UnitMembership): Actor {
  return {
    userId: principal.staffMemberId,
    unitId: membership.unitId,
    unitKind: membership.unitKind,
    roles: membership.roles,
    ...(membership.actingFor ? { onBehalfOf: membership.actingFor.staffMemberId } : {}),
  };
}

/** The audit trail names people by account, whatever their kind. */
export const auditActorOf = (principal: Principal): string => (principal.kind === 'staff' ? principal.staffMemberId : `account:${principal.username}`);
