import { auditHead, auditSince, startAccessApp, type AccessApp } from '../../support/access-app';
import { signIn, users, type ApiClient } from '../../support/session';

// The field-level rule on enterprise figures, denials recorded as security events, and the audit
// administrator's view of the hash-chained audit trail (search, paging, verification, tamper).

let access: AccessApp;
let auditAdmin: ApiClient;

beforeAll(async () => {
  access = await startAccessApp();
  auditAdmin = await signIn(access.app, users.auditAdmin);
});

afterAll(async () => {
  await access?.stop();
});

describe('enterprise figures (commercial secrets)', () => {
  test('go to the enterprise itself, the commission and the district leader', async () => {
    for (const username of [users.enterpriseContact('ent-001'), users.commissionOfficer, users.districtLeader]) {
      const client = await signIn(access.app, username);
      const response = await client.get('/api/v1/enterprises/ent-001');
      expect({ username, status: response.status }).toEqual({ username, status: 200 });
      expect(response.body.figures.length).toBeGreaterThan(0);
      expect(response.body.figures[0]).toEqual({ year: expect.any(Number), revenue: expect.any(Number), rdExpense: expect.any(Number), employees: expect.any(Number), inventionPatents: expect.any(Number) });
      expect(response.body).not.toHaveProperty('figuresHidden');
    }
  });

  test('are hidden from a unit liaison, who still sees who the enterprise is', async () => {
    for (const username of [users.liaison('kjj'), users.commissionLiaison]) {
      const response = await (await signIn(access.app, username)).get('/api/v1/enterprises/ent-001');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: 'ent-001', name: expect.any(String), figuresHidden: expect.stringContaining('经营数据') });
      expect(response.body).not.toHaveProperty('figures');
      expect(JSON.stringify(response.body)).not.toMatch(/revenue|rdExpense/);
    }
  });

  test("another enterprise's contact is refused, and the refusal is a security event", async () => {
    const before = await auditHead(access.database);
    const other = await signIn(access.app, users.enterpriseContact('ent-002'));
    const response = await other.get('/api/v1/enterprises/ent-001');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    const denied = await auditSince(access.database, before, 'security.permission_denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ actorId: 'account:contact-ent-002', subject: 'route:enterprises.get', detail: expect.objectContaining({ code: 'FORBIDDEN', method: 'GET' }) });
  });
});

describe('permission denials', () => {
  test('a role gate (FORBIDDEN) and another unit (WRONG_UNIT) are both recorded', async () => {
    const liaison = await signIn(access.app, users.liaison('czj'));
    const before = await auditHead(access.database);
    const overview = await liaison.get('/api/v1/supervision/overview');
    expect(overview.status).toBe(403);
    expect(overview.body.error.code).toBe('FORBIDDEN');
    const otherUnit = await liaison.get('/api/v1/units/kjj/items');
    expect(otherUnit.status).toBe(403);
    expect(otherUnit.body.error.code).toBe('WRONG_UNIT');
    const denied = await auditSince(access.database, before, 'security.permission_denied');
    expect(denied.map((row) => [row.actorId, row.subject, (row.detail as { code: string }).code])).toEqual([
      ['staff-czj-liaison', 'route:items.overview', 'FORBIDDEN'],
      ['staff-czj-liaison', 'route:inbox.list', 'WRONG_UNIT'],
    ]);
  });

  test('a role gate answers before the input is read (403 before 400)', async () => {
    const liaison = await signIn(access.app, users.liaison('ghzrj'));
    const response = await liaison.post('/api/v1/accounts', { nonsense: true });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
  });
});

describe('the audit trail', () => {
  type Row = { seq: number; action: string };

  test('is searched by action prefix and paged newest first with `before`', async () => {
    const all = await auditAdmin.get('/api/v1/audit-events?action=security.');
    expect(all.status).toBe(200);
    const events: Row[] = all.body.events;
    expect(events.length).toBeGreaterThan(5);
    expect(events.every((event) => event.action.startsWith('security.'))).toBe(true);
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['security.login', 'security.permission_denied', 'security.totp_enrolment_started', 'security.totp_enrolled']));

    const seen: number[] = [];
    let before: number | null = null;
    for (let page = 0; page < 50; page += 1) {
      const response = await auditAdmin.get(`/api/v1/audit-events?action=security.&limit=4${before ? `&before=${before}` : ''}`);
      expect(response.status).toBe(200);
      expect(response.body.events.length).toBeLessThanOrEqual(4);
      seen.push(...response.body.events.map((event: Row) => event.seq));
      before = response.body.nextBefore;
      if (before === null) break;
    }
    // The pages join up into the whole list, newest first, each row once.
    const everything = (await auditAdmin.get('/api/v1/audit-events?action=security.&limit=500')).body.events.map((event: Row) => event.seq);
    expect(seen).toEqual(everything);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);

    const logins = await auditAdmin.get('/api/v1/audit-events?action=security.login&limit=500');
    expect(logins.body.events.length).toBeGreaterThan(0);
    expect(logins.body.events.every((event: Row) => event.action.startsWith('security.login'))).toBe(true);
    expect((await auditAdmin.get('/api/v1/audit-events?action=Security;DROP')).status).toBe(400);
  });

  test('names who acted: staff by name and unit, an administrator by display name, with the id searched by', async () => {
    const logins = (await auditAdmin.get('/api/v1/audit-events?action=security.login&limit=500')).body.events as { actorId: string; actor: unknown }[];
    expect(logins.find((event) => event.actorId === `account:${users.auditAdmin}`)?.actor).toEqual({ kind: 'account', name: '审计管理员（演示）' });
    expect(logins.find((event) => event.actorId === `account:${users.districtLeader}`)?.actor).toEqual({ kind: 'staff', name: '陆示例', unitId: 'jxw' });
    const unknown = await auditAdmin.get(`/api/v1/audit-events?actorId=${encodeURIComponent('account:nobody')}`);
    expect(unknown.body.events).toEqual([]);
  });

  test('refuses a plain UPDATE or DELETE of a recent row', async () => {
    const row = await access.database.db.auditEvent.findFirstOrThrow({ orderBy: { seq: 'desc' } });
    await expect(access.database.db.$executeRaw`UPDATE audit_event SET action = 'security.nothing' WHERE seq = ${row.seq}`).rejects.toThrow(/append-only/);
    await expect(access.database.db.$executeRaw`DELETE FROM audit_event WHERE seq = ${row.seq}`).rejects.toThrow(/180 days/);
    expect(await access.database.db.auditEvent.findUniqueOrThrow({ where: { seq: row.seq } })).toEqual(row);
  });

  test('verification reports an intact chain, and the row a superuser edited with the trigger off', async () => {
    const intact = await auditAdmin.get('/api/v1/audit-events/verification');
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ intact: true, rows: expect.any(Number) });
    expect(intact.body.rows).toBeGreaterThan(10);

    const target = await access.database.db.auditEvent.findFirstOrThrow({ where: { action: 'security.login' }, orderBy: { seq: 'asc' } });
    await access.database.db.$transaction([
      access.database.db.$executeRawUnsafe('ALTER TABLE audit_event DISABLE TRIGGER audit_event_retention'),
      access.database.db.$executeRaw`UPDATE audit_event SET detail = '{"ip":"10.0.0.1"}'::jsonb WHERE seq = ${target.seq}`,
      access.database.db.$executeRawUnsafe('ALTER TABLE audit_event ENABLE TRIGGER audit_event_retention'),
    ]);
    const broken = await auditAdmin.get('/api/v1/audit-events/verification');
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ intact: false, brokenAt: { seq: target.seq.toString(), reason: 'edited' } });
  });

  test('is the audit administrator\'s alone', async () => {
    const systemAdmin = await signIn(access.app, users.systemAdmin);
    expect((await systemAdmin.get('/api/v1/audit-events')).status).toBe(403);
    expect((await systemAdmin.get('/api/v1/audit-events/verification')).status).toBe(403);
  });
});
