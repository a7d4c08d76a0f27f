import type { OrgRole } from '../../../domain/supervision/escalation';
import { AppError } from '../../../domain/errors';
import { actorForAction, can, canActForEnterprise, canSeeEnterpriseCase, canSeeEnterpriseFigures, canSeeUnits, capabilities } from '../../../domain/access/policy';
import type { Principal } from '../../../domain/access/principal';
import { defaultSecuritySettings, lockoutAfterFailure, passwordExpired, passwordProblems, requiresSecondFactor, sessionEnd } from '../../../domain/access/security-policy';
import type { UnitKind } from '../../../domain/supervision/item';

const staff = (unitId: string, unitKind: UnitKind, roles: OrgRole[], acting: { unitId: string; roles: OrgRole[] }[] = []): Principal => ({
  kind: 'staff',
  accountId: `acct-${unitId}`,
  username: `${unitId}-user`,
  displayName: '测试',
  staffMemberId: `staff-${unitId}-${roles.join('-')}`,
  memberships: [
    { unitId, unitKind, roles },
    ...acting.map((part) => ({ unitId: part.unitId, unitKind: 'department' as const, roles: part.roles, actingFor: { staffMemberId: `staff-${part.unitId}`, until: '2026-12-31' } })),
  ],
});
const officer = staff('jxw', 'commission', ['commission_officer']);
const commissionLiaison = staff('jxw', 'commission', ['liaison']);
const districtLeader = staff('jxw', 'commission', ['district_leader']);
const kjjLiaison = staff('kjj', 'department', ['liaison']);
const standIn = staff('czj', 'department', ['liaison'], [{ unitId: 'kjj', roles: ['liaison'] }]);
const enterprise: Principal = { kind: 'enterprise', accountId: 'a', username: 'contact-ent-001', displayName: '企业', enterpriseId: 'ent-001' };
const admin = (adminRole: 'system' | 'security' | 'audit'): Principal => ({ kind: 'admin', accountId: adminRole, username: adminRole, displayName: adminRole, adminRole });
const item = { leadUnitId: 'kjj', coUnitIds: ['czj'] };

describe('the access policy', () => {
  test('three administrators hold disjoint capabilities and see no business data', () => {
    const held = (principal: Principal) => capabilities.filter((capability) => capability !== 'session' && can(principal, capability));
    expect(held(admin('system'))).toEqual(['calendar.read', 'calendar.publish', 'itemTypes.read', 'itemTypes.edit', 'accounts.read', 'accounts.manage', 'organisation.read', 'organisation.manage', 'imports.run']);
    expect(held(admin('security'))).toEqual(['accounts.read', 'accounts.secure', 'organisation.read']);
    // The audit reader also reads the units' names (reference data: the trail names units by id).
    expect(held(admin('audit'))).toEqual(['audit.read', 'units.read']);
  });

  test('an enterprise’s service officer acts for it and sees its cases; other staff and enterprises do not', () => {
    const officerId = (kjjLiaison as { staffMemberId: string }).staffMemberId;
    expect(canActForEnterprise(kjjLiaison, 'ent-001', officerId)).toBe(true);
    expect(canActForEnterprise(kjjLiaison, 'ent-001', null)).toBe(false);
    expect(canActForEnterprise(officer, 'ent-001', officerId)).toBe(false); // the commission raises through its own route (difficulties.raise)
    expect(canActForEnterprise(enterprise, 'ent-001', officerId)).toBe(true);
    expect(canActForEnterprise(enterprise, 'ent-002', null)).toBe(false);
    expect(canSeeEnterpriseCase(kjjLiaison, 'ent-001', ['czj'], officerId)).toBe(true);
    expect(canSeeEnterpriseCase(kjjLiaison, 'ent-001', ['czj'], 'staff-someone-else')).toBe(false);
    expect(canSeeEnterpriseCase(kjjLiaison, 'ent-001', ['kjj'])).toBe(true);
    expect(can(kjjLiaison, 'enterprises.assignOfficer')).toBe(false);
    expect(can(officer, 'enterprises.assignOfficer')).toBe(true);
  });

  test('the commission is a role in the commission unit, not the unit alone', () => {
    expect(can(officer, 'items.assign')).toBe(true);
    expect(can(commissionLiaison, 'items.assign')).toBe(false);
    expect(() => actorForAction(commissionLiaison, item, 'approve')).toThrow(AppError);
    expect(actorForAction(officer, item, 'approve')).toMatchObject({ unitId: 'jxw', unitKind: 'commission', roles: ['commission_officer'] });
  });

  test('unit staff act for the side they hold on the item; others are refused with WRONG_UNIT', () => {
    expect(actorForAction(kjjLiaison, item, 'sign')).toMatchObject({ unitId: 'kjj' });
    expect(() => actorForAction(kjjLiaison, item, 'coReport')).toThrow(expect.objectContaining({ code: 'WRONG_UNIT' }));
    expect(() => actorForAction(districtLeader, item, 'sign')).toThrow(expect.objectContaining({ code: 'WRONG_UNIT' }));
  });

  test('a stand-in acts for the absent colleague’s unit, naming them', () => {
    expect(canSeeUnits(standIn, ['kjj'])).toBe(true);
    expect(actorForAction(standIn, item, 'sign')).toMatchObject({ unitId: 'kjj', onBehalfOf: 'staff-kjj' });
    expect(actorForAction(standIn, item, 'coReport')).toMatchObject({ unitId: 'czj' });
    expect(actorForAction(standIn, item, 'coReport').onBehalfOf).toBeUndefined();
  });

  test('enterprise figures: the enterprise itself, the commission and district leaders only', () => {
    expect(canSeeEnterpriseFigures(enterprise, 'ent-001')).toBe(true);
    expect(canSeeEnterpriseFigures(enterprise, 'ent-002')).toBe(false);
    expect(canSeeEnterpriseFigures(officer, 'ent-002')).toBe(true);
    expect(canSeeEnterpriseFigures(districtLeader, 'ent-002')).toBe(true);
    expect(canSeeEnterpriseFigures(kjjLiaison, 'ent-001')).toBe(false);
    expect(canSeeEnterpriseFigures(admin('system'), 'ent-001')).toBe(false);
  });
});

describe('the 等保 2.0 rules', () => {
  const settings = defaultSecuritySettings;
  test('passwords: length, three of four classes, not the user name, not the current one', () => {
    expect(passwordProblems('Abcdef1!', settings, { username: 'kjj-liaison' })).toEqual([]);
    expect(passwordProblems('Ab1!', settings, { username: 'x' })).toEqual(['密码至少 8 位']);
    expect(passwordProblems('abcdefgh1', settings, { username: 'x' })).toEqual(['密码须包含大写字母、小写字母、数字、特殊字符中的至少 3 类']);
    expect(passwordProblems('Kjj-Liaison-9', settings, { username: 'kjj-liaison' })).toEqual(['密码不得包含用户名']);
    expect(passwordProblems('Same-Pass-1', settings, { username: 'x', currentPassword: 'Same-Pass-1' })).toEqual(['新密码不得与原密码相同']);
  });

  test('expiry after 90 days, lockout at the fifth failure, idle and absolute session ends', () => {
    const now = new Date('2026-11-28T08:00:00Z');
    expect(passwordExpired(new Date('2026-08-30T08:00:00Z'), now, settings)).toBe(false);
    expect(passwordExpired(new Date('2026-08-29T07:59:00Z'), now, settings)).toBe(true);
    expect(lockoutAfterFailure(4, now, settings)).toBeUndefined();
    expect(lockoutAfterFailure(5, now, settings)).toEqual(new Date('2026-11-28T08:15:00Z'));
    const fresh = { lastSeenAt: new Date('2026-11-28T07:31:00Z'), expiresAt: new Date('2026-11-28T12:00:00Z') };
    expect(sessionEnd(fresh, now, settings)).toBeUndefined();
    expect(sessionEnd({ ...fresh, lastSeenAt: new Date('2026-11-28T07:29:00Z') }, now, settings)).toBe('idle');
    expect(sessionEnd({ ...fresh, expiresAt: now }, now, settings)).toBe('expired');
  });

  test('a second factor is required of administrators and the commission, not of unit staff or enterprises', () => {
    expect(requiresSecondFactor(admin('audit'))).toBe(true);
    expect(requiresSecondFactor(officer)).toBe(true);
    expect(requiresSecondFactor(kjjLiaison)).toBe(false);
    expect(requiresSecondFactor(enterprise)).toBe(false);
  });
});
