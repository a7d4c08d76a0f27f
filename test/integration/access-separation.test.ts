import request from 'supertest';
import type { Express } from 'express';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { accountIdOf } from '../support/access-app';
import { adminConsole } from '../support/admin-console';
import { signIn, testPassword, users, type ApiClient } from '../support/session';

// 三权分立 among the three administrators, deactivation ending sessions at once, roles set by the
// security administrator taking effect at the next request, and a stand-in (代岗) who acts for a
// colleague's unit only within the dated period: on real items, with the real worker.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission: ApiClient;
let systemAdmin: ApiClient;
let securityAdmin: ApiClient;
let auditAdmin: ApiClient;
let itemId: string;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [commission, systemAdmin, securityAdmin, auditAdmin] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.systemAdmin),
    signIn(app, users.securityAdmin),
    signIn(app, users.auditAdmin),
  ]);
  const assigned = await commission.post('/api/v1/items', { title: '核实企业扩产用地需求', leadUnitId: 'czj' });
  expect(assigned.status).toBe(201);
  itemId = assigned.body.id;
});

afterAll(async () => {
  await harness?.stop();
});

const newAccount = { kind: 'enterprise', enterpriseId: 'ent-003', username: 'ent003-new', displayName: '新联系人', initialPassword: 'Initial-Pass-77' };

describe('三权分立', () => {
  test('the system administrator manages accounts but reads no items and no audit, and grants no roles', async () => {
    for (const path of ['/api/v1/units/czj/items', `/api/v1/items/${itemId}`, '/api/v1/supervision/overview', '/api/v1/audit-events', '/api/v1/audit-events/verification']) {
      const response = await systemAdmin.get(path);
      expect({ path, status: response.status, code: response.body.error?.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
    expect((await systemAdmin.put('/api/v1/staff/staff-czj-leader/roles', { roles: ['liaison'], reason: '试图越权' })).status).toBe(403);
    expect((await systemAdmin.post('/api/v1/acting-assignments', { staffMemberId: 'staff-kjj-liaison', forStaffMemberId: 'staff-czj-liaison', from: '2026-01-01', to: '2026-01-02', reason: '试图越权' })).status).toBe(403);
    expect((await systemAdmin.get('/api/v1/accounts')).status).toBe(200);
  });

  test('the audit administrator and the security administrator cannot create accounts', async () => {
    for (const admin of [auditAdmin, securityAdmin]) {
      const response = await admin.post('/api/v1/accounts', newAccount);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await auditAdmin.put('/api/v1/staff/staff-czj-leader/roles', { roles: [], reason: '试图越权' })).status).toBe(403);
    expect(await database.db.account.count({ where: { username: newAccount.username } })).toBe(0);
    expect((await systemAdmin.post('/api/v1/accounts', newAccount)).status).toBe(201);
  });

  test('the system administrator cannot make, reset or stop a security or audit administrator; the operator does that at the console', async () => {
    const audited = () => database.db.auditEvent.count({ where: { action: { startsWith: 'account.' } } });
    const before = await audited();
    for (const adminRole of ['security', 'audit']) {
      const made = await systemAdmin.post('/api/v1/accounts', { kind: 'admin', adminRole, username: `shadow-${adminRole}`, displayName: '影子管理员', initialPassword: 'Shadow-Pass-2026' });
      expect({ adminRole, status: made.status, code: made.body.error?.code }).toEqual({ adminRole, status: 403, code: 'FORBIDDEN' });
      expect(made.body.error.message).toContain('运维人员');
    }
    for (const accountId of ['acct-admin-security', 'acct-admin-audit']) {
      expect((await systemAdmin.post(`/api/v1/accounts/${accountId}/password-reset`, { initialPassword: 'Shadow-Pass-2026' })).status).toBe(403);
      expect((await systemAdmin.post(`/api/v1/accounts/${accountId}/deactivate`, { reason: '试图越权' })).status).toBe(403);
      expect((await systemAdmin.post(`/api/v1/accounts/${accountId}/activate`, { reason: '试图越权' })).status).toBe(403);
    }
    expect(await database.db.account.count({ where: { username: { startsWith: 'shadow-' } } })).toBe(0);
    expect(await database.db.account.findMany({ where: { id: { in: ['acct-admin-security', 'acct-admin-audit'] } }, select: { active: true, mustChangePassword: true } })).toEqual([
      { active: true, mustChangePassword: false },
      { active: true, mustChangePassword: false },
    ]);
    expect(await audited()).toBe(before);
    // Another system administrator is within the system administrator's own duty.
    expect((await systemAdmin.post('/api/v1/accounts', { kind: 'admin', adminRole: 'system', username: 'sysadmin-2', displayName: '系统管理员二', initialPassword: 'Second-Sys-2026' })).status).toBe(201);

    const made = await adminConsole(database.url, ['create', '--role', 'audit', '--username', 'shenji-2', '--name', '审计管理员二', '--operator', 'ops-zhang']);
    expect(made).toMatchObject({ code: 0, stdout: expect.stringContaining('created audit administrator shenji-2') });
    const password = /initial password[^:]*: (\S+)/.exec(made.stdout)![1]!;
    const account = await database.db.account.findUniqueOrThrow({ where: { username: 'shenji-2' } });
    expect(account).toMatchObject({ kind: 'admin', adminRole: 'audit', mustChangePassword: true, active: true });
    expect(await database.db.auditEvent.findFirst({ where: { subject: `account:${account.id}` } })).toMatchObject({ actorId: 'operator:ops-zhang', action: 'account.created' });
    // The printed password signs in (then the new administrator must bind TOTP and change it).
    const login = await request(app).post('/api/v1/auth/login').send({ username: 'shenji-2', password });
    expect(login.status).toBe(200);
    expect(login.body.stage).toBe('totp_enrolment');
    const stopped = await adminConsole(database.url, ['deactivate', '--username', 'shenji-2', '--reason', '岗位调整']);
    expect(stopped.code).toBe(0);
    expect((await database.db.account.findUniqueOrThrow({ where: { username: 'shenji-2' } })).active).toBe(false);
    const refused = await adminConsole(database.url, ['create', '--role', 'security', '--username', 'x', '--name', '弱口令'], { ADMIN_INITIAL_PASSWORD: '123' });
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('WEAK_PASSWORD') });
  });

  test("roles the security administrator sets apply at the person's next request", async () => {
    const leader = await signIn(app, users.unitLeader('czj'));
    expect((await leader.get('/api/v1/units/czj/items')).status).toBe(200);
    const cleared = await securityAdmin.put('/api/v1/staff/staff-czj-leader/roles', { roles: [], reason: '调离岗位' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ id: 'staff-czj-leader', roles: [] });
    const refused = await leader.post(`/api/v1/items/${itemId}/sign`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const restored = await securityAdmin.put('/api/v1/staff/staff-czj-leader/roles', { roles: ['unit_leader'], reason: '恢复岗位' });
    expect(restored.body.roles).toEqual(['unit_leader']);
    const audit = await database.db.auditEvent.findMany({ where: { action: 'staff.roles_changed', subject: 'staff:staff-czj-leader' }, orderBy: { seq: 'asc' } });
    expect(audit.map((row) => (row.detail as { to: string[] }).to)).toEqual([[], ['unit_leader']]);
  });
});

describe('deactivating an account', () => {
  test('ends its sessions at once and refuses its sign-in until it is activated again', async () => {
    const username = users.liaison('swh');
    const id = await accountIdOf(database, username);
    const client = await signIn(app, username);
    expect((await client.get('/api/v1/units/swh/items')).status).toBe(200);

    expect((await systemAdmin.post(`/api/v1/accounts/${id}/deactivate`, { reason: '离职' })).status).toBe(200);
    const ended = await client.get('/api/v1/units/swh/items');
    expect(ended.status).toBe(401);
    expect(await database.db.session.count({ where: { accountId: id, revokedAt: null } })).toBe(0);
    const login = await request(app).post('/api/v1/auth/login').send({ username, password: testPassword });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');
    expect(login.headers['set-cookie']).toBeUndefined();

    // Not by the security administrator, and not one's own.
    expect((await securityAdmin.post(`/api/v1/accounts/${id}/activate`, { reason: '返岗' })).status).toBe(403);
    expect((await systemAdmin.post('/api/v1/accounts/acct-admin-system/deactivate', { reason: '测试' })).status).toBe(403);
    expect((await systemAdmin.post(`/api/v1/accounts/${id}/activate`, { reason: '返岗' })).status).toBe(200);
    expect((await signIn(app, username)).username).toBe(username);
  });
});

describe('a stand-in (代岗) for a colleague in another unit', () => {
  let standIn: ApiClient;
  const today = shanghaiDateOf(new Date());

  beforeAll(async () => {
    standIn = await signIn(app, users.liaison('kjj'));
  });

  const arrange = (from: string, to: string) =>
    securityAdmin.post('/api/v1/acting-assignments', { staffMemberId: 'staff-kjj-liaison', forStaffMemberId: 'staff-czj-liaison', from, to, reason: '联络员休假' });

  async function expectNoAccess() {
    const inbox = await standIn.get('/api/v1/units/czj/items');
    expect(inbox.status).toBe(403);
    expect(inbox.body.error.code).toBe('WRONG_UNIT');
    expect((await standIn.get(`/api/v1/items/${itemId}`)).status).toBe(403);
    const sign = await standIn.post(`/api/v1/items/${itemId}/sign`);
    expect(sign.status).toBe(403);
    expect(sign.body.error.code).toBe('WRONG_UNIT');
  }

  test("has no access to the colleague's unit outside the period", async () => {
    await expectNoAccess();
    expect((await arrange(addCalendarDays(today, -3), addCalendarDays(today, -1))).status).toBe(201);
    expect((await arrange(addCalendarDays(today, 1), addCalendarDays(today, 5))).status).toBe(201);
    await expectNoAccess();
    expect((await arrange(today, addCalendarDays(today, -1))).status).toBe(400);
  });

  test("sees and acts on the colleague's inbox within the period, recorded as the colleague's unit", async () => {
    const arranged = await arrange(today, addCalendarDays(today, 2));
    expect(arranged.status).toBe(201);
    const session = await standIn.get('/api/v1/auth/session');
    expect(session.body.principal.memberships).toEqual([
      expect.objectContaining({ unitId: 'kjj' }),
      expect.objectContaining({ unitId: 'czj', roles: ['liaison'], actingFor: { staffMemberId: 'staff-czj-liaison', until: addCalendarDays(today, 2) } }),
    ]);
    const inbox = await standIn.get('/api/v1/units/czj/items');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(itemId);
    // Only that unit: a third unit stays closed.
    expect((await standIn.get('/api/v1/units/ghzrj/items')).status).toBe(403);

    const signed = await standIn.post(`/api/v1/items/${itemId}/sign`);
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('in_progress');
    const event = await database.db.itemEvent.findFirstOrThrow({ where: { itemId, action: 'sign' } });
    expect(event).toMatchObject({ actorId: 'staff-kjj-liaison', unitId: 'czj' });
  });

  test('loses the access the day after the period ends', async () => {
    // As if the period had ended yesterday.
    await database.db.actingAssignment.updateMany({ where: { staffMemberId: 'staff-kjj-liaison' }, data: { to: new Date(`${addCalendarDays(today, -1)}T00:00:00Z`) } });
    const inbox = await standIn.get('/api/v1/units/czj/items');
    expect(inbox.status).toBe(403);
    expect(inbox.body.error.code).toBe('WRONG_UNIT');
    const report = await standIn.post(`/api/v1/items/${itemId}/report`, { result: '代岗期间已办结' });
    expect(report.status).toBe(403);
    expect(report.body.error.code).toBe('WRONG_UNIT');
    expect((await standIn.get('/api/v1/units/kjj/items')).status).toBe(200);
  });
});
