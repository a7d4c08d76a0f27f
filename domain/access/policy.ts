import type { OrgRole } from '../supervision/escalation';
import { AppError } from '../errors';
import { actionRules, type UserAction } from '../supervision/item-state';
import type { Actor } from '../supervision/item';
import { actorFor, type Principal, type StaffPrincipal, type UnitMembership } from './principal';

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
  'enterprises.read',
  'meetings.read',
  'meetings.manage',
  'calendar.read',
  'calendar.publish',
  'itemTypes.read',
  'itemTypes.edit',
  'accounts.read',
  'accounts.manage',
  'accounts.secure',
  'audit.read',
  /** One's own notifications (通知中心). */
  'notifications.read',
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
  'enterprises.read': (principal) => isStaff(principal) || principal.kind === 'enterprise',
  'meetings.read': isStaff,
  'meetings.manage': isCommission,
  'calendar.read': (principal) => isStaff(principal) || isAdmin('system')(principal),
  'calendar.publish': isAdmin('system'),
  'itemTypes.read': (principal) => isStaff(principal) || isAdmin('system')(principal),
  'itemTypes.edit': isAdmin('system'),
  'accounts.read': (principal) => isAdmin('system')(principal) || isAdmin('security')(principal),
  'accounts.manage': isAdmin('system'),
  'accounts.secure': isAdmin('security'),
  'audit.read': isAdmin('audit'),
  'notifications.read': isStaff,
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

/** An enterprise's own contacts see its cases; staff see cases assigned to their units. */
export function canSeeEnterpriseCase(principal: Principal, enterpriseId: string, assignedUnitIds: readonly string[]): boolean {
  if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
  return principal.kind === 'staff' && canSeeUnits(principal, assignedUnitIds);
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
