import type { OrgRole } from '../supervision/escalation';
import { AppError } from '../errors';
import { actionRules, type UserAction } from '../supervision/item-state';
import type { Actor } from '../supervision/item';
import type { ListingActor } from '../listing/listing';
import { actorFor, auditActorOf, type Principal, type StaffPrincipal, type UnitMembership } from './principal';

// The one access policy. Every route names a capability (a role gate checked before its input is
// read); routes that touch an object then ask the object rules below, which the item workflow
// repeats in its Update validators for the actions it records.

export const capabilities = [
  /** Any signed-in account: its own session, password and second factor. */
  'session',
  'items.assign',
  'items.overview',
  'items.read',
  'items.act',
  'inbox.read',
  'difficulties.raise',
  'difficulties.read',
  /** An enterprise's contact raises a difficulty for their own enterprise. */
  'difficulties.submit',
  /** 分门别类并交办: the commission assigns an enterprise's difficulty. */
  'difficulties.classify',
  /** 回访满意度: an enterprise's contact rates its closed difficulty. */
  'difficulties.rate',
  'enterprises.read',
  'enterprises.list',
  /** 指定服务专员: the commission names (or changes) an enterprise's service officer. */
  'enterprises.assignOfficer',
  'meetings.read',
  'meetings.manage',
  'measures.read',
  'measures.manage',
  'measures.report',
  'figures.read',
  'bulletins.export',
  'recognition.read',
  'recognition.apply',
  'recognition.manage',
  'goals.read',
  'subsidy.read',
  'subsidy.apply',
  'subsidy.decide',
  'subsidy.manage',
  /** 上市培育: read a case (scoped in the handler), manage (enrol, confirm, officer), record evidence. */
  'listing.read',
  'listing.manage',
  'listing.evidence',
  /** 入库申请: an enterprise applies to join the pool; the enterprise and those who oversee every unit read applications. */
  'listing.apply',
  'listing.applications.read',
  'calendar.read',
  'calendar.publish',
  'itemTypes.read',
  'itemTypes.edit',
  'accounts.read',
  'accounts.manage',
  'accounts.secure',
  'audit.read',
  /** 组织架构: units, their staff, roles and stand-ins (the system and security administrators). */
  'organisation.read',
  /** New units and new staff members (without roles: the security administrator grants those). */
  'organisation.manage',
  /** 数据导入 (enterprises, plans and measures from Excel) and its progress. */
  'imports.run',
  /** One's own notifications (通知中心). */
  'notifications.read',
  /** The units' names and kinds (组织架构), as every staff screen names them. */
  'units.read',
] as const;
export type Capability = (typeof capabilities)[number];

const commissionRoles: readonly OrgRole[] = ['commission_officer', 'commission_head'];
const unitRoles: readonly OrgRole[] = ['liaison', 'unit_leader'];

const staffOf = (principal: Principal): StaffPrincipal | undefined => (principal.kind === 'staff' ? principal : undefined);

/** 区经济信息委 督办员 / 科长: in the commission, in a commission role. */
export function commissionMembership(principal: Principal): UnitMembership | undefined {
  return staffOf(principal)?.memberships.find((m) => m.unitKind === 'commission' && m.roles.some((role) => commissionRoles.includes(role)));
}

/** The actor for the commission's own acts (交办, 登记诉求, 召集会议): the principal's commission membership. */
export function commissionActor(principal: Principal): Actor {
  const membership = commissionMembership(principal);
  if (principal.kind !== 'staff' || !membership) throw new AppError('FORBIDDEN', { userMessage: '仅区经济信息委督办人员可执行此操作' });
  return actorFor(principal, membership);
}

const isCommission = (principal: Principal) => commissionMembership(principal) !== undefined;
const isDistrictLeader = (principal: Principal) => staffOf(principal)?.memberships.some((m) => m.roles.includes('district_leader')) ?? false;
const isUnitStaff = (principal: Principal) => staffOf(principal)?.memberships.some((m) => m.roles.some((role) => unitRoles.includes(role))) ?? false;
const isStaff = (principal: Principal) => principal.kind === 'staff';
const isAdmin = (role: 'system' | 'security' | 'audit') => (principal: Principal) => principal.kind === 'admin' && principal.adminRole === role;

/** Everyone who oversees every unit: the commission and the district's leaders. */
export const seesEveryUnit = (principal: Principal) => isCommission(principal) || isDistrictLeader(principal);

const gates: Record<Capability, (principal: Principal) => boolean> = {
  session: () => true,
  'items.assign': isCommission,
  'items.overview': seesEveryUnit,
  'items.read': isStaff,
  'items.act': (principal) => isCommission(principal) || isUnitStaff(principal) || isDistrictLeader(principal),
  'inbox.read': isStaff,
  'difficulties.raise': isCommission,
  'difficulties.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  // An enterprise's contact, or its service officer on its behalf (object check: canActForEnterprise).
  'difficulties.submit': (principal) => principal.kind === 'enterprise' || isStaff(principal),
  'difficulties.classify': isCommission,
  'difficulties.rate': (principal) => principal.kind === 'enterprise',
  'enterprises.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  // Who the district's enterprises are (no figures) is for staff; an enterprise sees only itself.
  'enterprises.list': isStaff,
  'enterprises.assignOfficer': isCommission,
  'meetings.read': isStaff,
  'meetings.manage': isCommission,
  'measures.read': isStaff,
  'measures.manage': isCommission,
  // A measure's own units record its achievements; the object check is in the handler.
  'measures.report': (principal) => isCommission(principal) || isUnitStaff(principal),
  // Units see their own row of the figures; the handler narrows the table (figuresVisibleTo).
  'figures.read': isStaff,
  // The whole ranking leaves the system only with those who oversee every unit.
  'bulletins.export': seesEveryUnit,
  // Units see the batches and their own steps; an enterprise its own applications and tiers.
  'recognition.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  'recognition.apply': (principal) => principal.kind === 'enterprise',
  'recognition.manage': isCommission,
  'goals.read': seesEveryUnit,
  // Object-level checks in api/subsidy/routes.ts: an enterprise sees its own applications, a unit those its steps went to.
  'subsidy.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  'subsidy.apply': (principal) => principal.kind === 'enterprise',
  'subsidy.decide': (principal) => isCommission(principal) || isUnitStaff(principal),
  'subsidy.manage': isCommission,
  'listing.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  'listing.manage': isCommission,
  'listing.evidence': (principal) => isUnitStaff(principal) || principal.kind === 'enterprise',
  'listing.apply': (principal) => principal.kind === 'enterprise',
  'listing.applications.read': (principal) => seesEveryUnit(principal) || principal.kind === 'enterprise',
  'calendar.read': (principal) => isStaff(principal) || isAdmin('system')(principal),
  'calendar.publish': isAdmin('system'),
  'itemTypes.read': (principal) => isStaff(principal) || isAdmin('system')(principal),
  'itemTypes.edit': isAdmin('system'),
  'accounts.read': (principal) => isAdmin('system')(principal) || isAdmin('security')(principal),
  'accounts.manage': isAdmin('system'),
  'accounts.secure': isAdmin('security'),
  'audit.read': isAdmin('audit'),
  'organisation.read': (principal) => isAdmin('system')(principal) || isAdmin('security')(principal),
  'organisation.manage': isAdmin('system'),
  'imports.run': isAdmin('system'),
  'notifications.read': isStaff,
  // The audit trail names units by id everywhere; its reader needs their names (public, like the org chart's units).
  'units.read': (principal) => isStaff(principal) || isAdmin('audit')(principal),
};

export function can(principal: Principal, capability: Capability): boolean {
  return gates[capability](principal);
}

export function requireCapability(principal: Principal, capability: Capability): void {
  if (!can(principal, capability)) throw new AppError('FORBIDDEN');
}

/** May the principal see what these units hold (an inbox, an item they lead or support)? */
export function canSeeUnits(principal: Principal, unitIds: readonly string[]): boolean {
  if (seesEveryUnit(principal)) return true;
  return staffOf(principal)?.memberships.some((m) => unitIds.includes(m.unitId)) ?? false;
}

export function requireUnitsVisible(principal: Principal, unitIds: readonly string[]): void {
  if (!canSeeUnits(principal, unitIds)) throw new AppError('WRONG_UNIT');
}

/**
 * The unit a file attached to an item is filed under: the commission's, or the uploader's own unit
 * among the item's (staff with a unit role there). A district leader reads and instructs, but
 * files nothing (their 批示 is the record).
 */
export function attachingUnit(principal: Principal, unitIds: readonly string[]): string {
  const commission = commissionMembership(principal);
  if (commission) return commission.unitId;
  const membership = staffOf(principal)?.memberships.find((m) => unitIds.includes(m.unitId) && m.roles.some((role) => unitRoles.includes(role)));
  if (!membership) throw new AppError(canSeeUnits(principal, unitIds) ? 'FORBIDDEN' : 'WRONG_UNIT', { userMessage: canSeeUnits(principal, unitIds) ? '只有督办员与事项所涉单位的人员可以上传附件' : undefined });
  return membership.unitId;
}

/** The parts an item assigns: its lead unit and its co-organisers. */
export interface ItemUnits {
  leadUnitId: string;
  coUnitIds: readonly string[];
}

/**
 * The actor for an action on an item: the commission for the commission's actions, the lead
 * unit's staff for the lead's, a co-organiser's staff for a co-organiser's report. A stand-in
 * (代岗) acts for the absent colleague's unit. Throws the same errors the workflow would.
 */
export function actorForAction(principal: Principal, item: ItemUnits, action: UserAction): Actor {
  const staff = staffOf(principal);
  const side = actionRules[action].by;
  if (side === 'leader') {
    const membership = staff?.memberships.find((m) => leadsItem(m, item));
    if (!staff || !membership) throw new AppError('FORBIDDEN', { userMessage: '仅区领导、委领导或事项所涉单位的分管领导可作批示' });
    return actorFor(staff, membership);
  }
  if (side === 'commission') return commissionActor(principal);
  const unitIds = side === 'lead' ? [item.leadUnitId] : item.coUnitIds;
  const membership = staff?.memberships.find((m) => unitIds.includes(m.unitId) && m.roles.some((role) => unitRoles.includes(role)));
  if (!staff || !membership) throw new AppError('WRONG_UNIT');
  return actorFor(staff, membership);
}

/** 批示: district leaders and the commission's head anywhere; a unit leader on items of their unit. */
function leadsItem(membership: UnitMembership, item: ItemUnits): boolean {
  if (membership.roles.includes('district_leader') || membership.roles.includes('commission_head')) return true;
  return membership.roles.includes('unit_leader') && (membership.unitId === item.leadUnitId || item.coUnitIds.includes(membership.unitId));
}

/** Roles that may serve as an enterprise's 服务专员 (held in the person's own unit, not as a stand-in). */
export const serviceOfficerRoles: readonly OrgRole[] = ['liaison', 'unit_leader', 'commission_officer'];

/**
 * 服务专员: the staff member the commission named to follow this enterprise (一企一策一人), while
 * they still hold a role that may serve (a deactivated person has no session at all). The
 * naming is personal: a colleague standing in (代岗) does not inherit it.
 */
export function isServiceOfficerOf(principal: Principal, serviceOfficerId: string | null | undefined): boolean {
  if (principal.kind !== 'staff' || serviceOfficerId === null || serviceOfficerId === undefined || principal.staffMemberId !== serviceOfficerId) return false;
  return principal.memberships.some((membership) => !membership.actingFor && membership.roles.some((role) => serviceOfficerRoles.includes(role)));
}

/**
 * An enterprise's own contacts see its cases; staff see cases assigned to their units, and the
 * enterprise's service officer every case of the enterprise they follow.
 */
export function canSeeEnterpriseCase(principal: Principal, enterpriseId: string, assignedUnitIds: readonly string[], serviceOfficerId?: string | null): boolean {
  if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
  return principal.kind === 'staff' && (canSeeUnits(principal, assignedUnitIds) || isServiceOfficerOf(principal, serviceOfficerId));
}

/** Who may raise a difficulty for an enterprise: its own contact, or its service officer on its behalf. */
export function canActForEnterprise(principal: Principal, enterpriseId: string, serviceOfficerId: string | null | undefined): boolean {
  if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
  return isServiceOfficerOf(principal, serviceOfficerId);
}

/** Enterprise financial and R&D figures (commercial secrets): the enterprise itself and those who review them. */
export function canSeeEnterpriseFigures(principal: Principal, enterpriseId: string): boolean {
  if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
  return seesEveryUnit(principal);
}

export function canSeeEnterprise(principal: Principal, enterpriseId: string): boolean {
  if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
  return principal.kind === 'staff';
}

/**
 * 上市培育 evidence: the service officer's unit (its liaisons and leaders) or the enterprise's own
 * contact records it; the commission confirms, so it does not record. Throws the workflow's errors.
 */
export function listingEvidenceActor(principal: Principal, listingCase: { enterpriseId: string; officerUnitId: string }): ListingActor {
  if (principal.kind === 'enterprise') {
    if (principal.enterpriseId !== listingCase.enterpriseId) throw new AppError('FORBIDDEN', { userMessage: '只能为本企业记录佐证材料' });
    return { userId: auditActorOf(principal), side: 'enterprise', enterpriseId: principal.enterpriseId };
  }
  const membership = staffOf(principal)?.memberships.find((m) => m.unitId === listingCase.officerUnitId && m.roles.some((role) => unitRoles.includes(role)));
  if (principal.kind !== 'staff' || !membership) throw new AppError('WRONG_UNIT', { userMessage: '仅服务专员所在单位可为该企业记录佐证材料' });
  return { userId: principal.staffMemberId, side: 'officer_unit', unitId: membership.unitId };
}

/** The commission's own acts on a listing case (enrol, confirm, change the officer). */
export function listingCommissionActor(principal: Principal): ListingActor {
  const actor = commissionActor(principal);
  return { userId: actor.userId, side: 'commission', unitId: actor.unitId };
}

/**
 * The rows of the per-unit figures a principal sees: every unit for the commission and district
 * leaders; for unit staff, their own units only (their rank shown, the other units' rows not).
 */
export function figuresVisibleTo(principal: Principal): ((unitId: string) => boolean) {
  if (seesEveryUnit(principal)) return () => true;
  const own = new Set(staffOf(principal)?.memberships.map((m) => m.unitId) ?? []);
  return (unitId) => own.has(unitId);
}

/** Who records an achievement of a measure: the commission, or staff of one of the measure's units. */
export function achievementActor(principal: Principal, unitIds: readonly string[]): Actor {
  if (isCommission(principal)) return commissionActor(principal);
  const staff = staffOf(principal);
  const membership = staff?.memberships.find((m) => unitIds.includes(m.unitId) && m.roles.some((role) => unitRoles.includes(role)));
  if (!staff || !membership) throw new AppError('WRONG_UNIT', { userMessage: '仅本项任务的牵头、配合单位或区经济信息委可填报完成情况' });
  return actorFor(staff, membership);
}
