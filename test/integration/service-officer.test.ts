import type { Express } from 'express';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { applyInOpenRound } from '../support/subsidy';

// 服务专员 (一企一策一人, measure 22) through the HTTP API on the dev server and a real PostgreSQL:
// the commission names an enterprise's service officer (audited, once), the officer raises a
// difficulty for the enterprise and follows its cases; nobody else may raise for it, and the
// enterprise reads the officer's unit, never the person's id.

let harness: ApiHarness;
let app: Express;
let commission!: ApiClient;
let officer!: ApiClient;
let otherLiaison!: ApiClient;
let enterprise!: ApiClient;

const officerId = 'staff-czj-liaison';
const assignments = () => harness.database.db.auditEvent.count({ where: { action: 'enterprise.service_officer_assigned', subject: 'enterprise:ent-003' } });

beforeAll(async () => {
  harness = await startApiHarness();
  ({ app } = harness);
  [commission, officer, otherLiaison, enterprise] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('czj')),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.enterpriseContact('ent-003')),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

test('the commission names the service officer once; others and ineligible officers are refused, writing nothing', async () => {
  expect((await otherLiaison.put('/api/v1/enterprises/ent-003/service-officer', { officerId, reason: '联络员自行指定' })).status).toBe(403);
  const ineligible = await commission.put('/api/v1/enterprises/ent-003/service-officer', { officerId: 'staff-district-leader', reason: '区领导不担任服务专员' });
  expect(ineligible.status).toBe(400);
  expect(ineligible.body.error.fields).toEqual([expect.objectContaining({ path: 'officerId', message: expect.stringContaining('服务专员') })]);
  expect((await commission.put('/api/v1/enterprises/ent-003/service-officer', { officerId, reason: '' })).status).toBe(400);
  expect(await assignments()).toBe(0);
  expect((await harness.database.db.enterprise.findUniqueOrThrow({ where: { id: 'ent-003' } })).serviceOfficerId).toBeNull();

  const named = await commission.put('/api/v1/enterprises/ent-003/service-officer', { officerId, reason: '按一企一策一人安排' });
  expect(named.status).toBe(200);
  expect(named.body).toMatchObject({ changed: true, serviceOfficer: { staffId: officerId, unitId: 'czj' } });
  const again = await commission.put('/api/v1/enterprises/ent-003/service-officer', { officerId, reason: '重复提交' });
  expect(again.body.changed).toBe(false);
  expect(await assignments()).toBe(1);
  const [event] = await harness.database.db.auditEvent.findMany({ where: { action: 'enterprise.service_officer_assigned', subject: 'enterprise:ent-003' } });
  expect(event!.detail).toMatchObject({ from: null, to: officerId, reason: '按一企一策一人安排' });
  // The officer is told, once.
  const told = (await officer.get('/api/v1/notifications')).body.notifications.filter((row: { kind: string }) => row.kind === 'enterprise.service_officer');
  expect(told).toEqual([expect.objectContaining({ title: expect.stringMatching(/^您已被指定为.+的服务专员$/), body: expect.stringContaining('按一企一策一人安排') })]);

  // Staff see who it is; the enterprise sees the unit.
  expect((await otherLiaison.get('/api/v1/enterprises/ent-003')).body.serviceOfficer).toEqual({ staffId: officerId, name: expect.any(String), unitId: 'czj' });
  expect((await enterprise.get('/api/v1/enterprises/ent-003')).body.serviceOfficer).toEqual({ unitId: 'czj' });
  expect((await commission.get(`/api/v1/enterprises?serviceOfficerId=${officerId}`)).body.enterprises.map((row: { id: string }) => row.id)).toEqual(['ent-003']);
});

test('the officer raises a difficulty for the enterprise and follows it; another unit may not', async () => {
  const body = { category: 'financing', title: '流动资金周转困难（服务专员代提）', description: '企业反映年底回款慢，需协调续贷。' };
  expect((await otherLiaison.post('/api/v1/enterprises/ent-003/difficulties', body)).status).toBe(403);
  const elsewhere = await officer.post('/api/v1/enterprises/ent-004/difficulties', body);
  expect(elsewhere.status).toBe(403);
  expect(elsewhere.body.error.message).toContain('服务专员');
  expect(await harness.database.db.difficulty.count({ where: { title: body.title } })).toBe(0);

  const raised = await officer.post('/api/v1/enterprises/ent-003/difficulties', body);
  expect(raised.status).toBe(201);
  expect(raised.body).toMatchObject({ state: 'awaiting_classification', origin: 'enterprise', raisedBy: officerId, raisedByActor: { kind: 'staff', unitId: 'czj' } });
  const id: string = raised.body.id;

  // The officer follows the enterprise's cases; a unit with no part in them does not.
  expect((await officer.get(`/api/v1/difficulties/${id}`)).status).toBe(200);
  expect((await officer.get('/api/v1/difficulties')).body.difficulties.map((row: { id: string }) => row.id)).toContain(id);
  expect((await officer.get('/api/v1/enterprises/ent-003/cases')).body.cases.map((row: { id: string }) => row.id)).toContain(id);
  expect((await officer.get('/api/v1/enterprises/ent-003/difficulties')).body.difficulties.map((row: { id: string }) => row.id)).toContain(id);
  expect((await officer.get('/api/v1/enterprises/ent-004/cases')).status).toBe(403);
  expect((await officer.get('/api/v1/enterprises/ent-004/difficulties')).status).toBe(403);
  expect((await otherLiaison.get(`/api/v1/difficulties/${id}`)).status).toBe(403);
  expect((await otherLiaison.get('/api/v1/difficulties')).body.difficulties.map((row: { id: string }) => row.id)).not.toContain(id);
  // The commission classifies it as it does the enterprise's own.
  expect((await commission.get('/api/v1/difficulties?state=awaiting_classification')).body.difficulties.map((row: { id: string }) => row.id)).toContain(id);

  // The enterprise sees its case raised by the officer's unit, with no staff id anywhere.
  const seen = await enterprise.get(`/api/v1/difficulties/${id}`);
  expect(seen.status).toBe(200);
  expect(seen.body.raisedByActor).toEqual({ kind: 'unit', unitId: 'czj' });
  expect(seen.body).not.toHaveProperty('raisedBy');
  expect(seen.body.timeline.every((event: object) => !('actorId' in event))).toBe(true);
  expect(JSON.stringify(seen.body)).not.toContain('刘示例'); // the officer's name is for staff
  expect((await enterprise.get('/api/v1/enterprises/ent-003/cases')).body.cases.map((row: { id: string }) => row.id)).toContain(id);
});

test('the officer opens the enterprise’s subsidy application and listing case; a unit with no part in them may not', async () => {
  const today = shanghaiDateOf(new Date());
  const { applicationId } = await applyInOpenRound(commission, enterprise, '服务专员测试补助批次');
  expect((await officer.get(`/api/v1/subsidy-applications/${applicationId}`)).status).toBe(200);
  expect((await otherLiaison.get(`/api/v1/subsidy-applications/${applicationId}`)).status).toBe(403);

  // Its listing case too, whose own officer is someone else (jrzx's liaison).
  const enrolled = await commission.post('/api/v1/listing-cases', { enterpriseId: 'ent-003', officerId: 'staff-jrzx-liaison', enrolledOn: addCalendarDays(today, -20), documents: [{ title: '区级上市培育库入库通知', reference: '测试〔2026〕7号' }] });
  expect(enrolled.status).toBe(201);
  expect((await officer.get(`/api/v1/listing-cases/${enrolled.body.id}`)).status).toBe(200);
  expect((await otherLiaison.get(`/api/v1/listing-cases/${enrolled.body.id}`)).status).toBe(403);
});

test('an officer who no longer holds a serving role loses the enterprise until they hold one again', async () => {
  const { db } = harness.database;
  await db.staffMember.update({ where: { id: officerId }, data: { roles: [] } });
  try {
    const body = { category: 'energy', title: '用电增容（已无角色）', description: '需协调用电增容。' };
    expect((await officer.post('/api/v1/enterprises/ent-003/difficulties', body)).status).toBe(403);
    expect((await officer.get('/api/v1/enterprises/ent-003/cases')).status).toBe(403);
    expect(await db.difficulty.count({ where: { title: body.title } })).toBe(0);
  } finally {
    await db.staffMember.update({ where: { id: officerId }, data: { roles: ['liaison'] } });
  }
  expect((await officer.get('/api/v1/enterprises/ent-003/cases')).status).toBe(200);
});

test('changing the officer moves who may raise for the enterprise', async () => {
  const changed = await commission.put('/api/v1/enterprises/ent-003/service-officer', { officerId: 'staff-kjj-liaison', reason: '人员调整' });
  expect(changed.body).toMatchObject({ changed: true, serviceOfficer: { staffId: 'staff-kjj-liaison' } });
  const [, latest] = await harness.database.db.auditEvent.findMany({ where: { action: 'enterprise.service_officer_assigned', subject: 'enterprise:ent-003' }, orderBy: { seq: 'asc' } });
  expect(latest!.detail).toMatchObject({ from: officerId, to: 'staff-kjj-liaison', reason: '人员调整' });
  // The previous officer is told they no longer follow it; the new one that they do.
  const kinds = async (client: ApiClient) => ((await client.get('/api/v1/notifications')).body.notifications as { kind: string; title: string }[]).filter((row) => row.kind === 'enterprise.service_officer').map((row) => row.title);
  expect(await kinds(officer)).toEqual([expect.stringMatching(/^您不再担任.+的服务专员$/), expect.stringMatching(/^您已被指定为/)]);
  expect(await kinds(otherLiaison)).toEqual([expect.stringMatching(/^您已被指定为.+的服务专员$/)]);
  const body = { category: 'land', title: '仓储用地（更换服务专员后）', description: '需协调仓储用地。' };
  expect((await officer.post('/api/v1/enterprises/ent-003/difficulties', body)).status).toBe(403);
  expect((await otherLiaison.post('/api/v1/enterprises/ent-003/difficulties', body)).status).toBe(201);
});
