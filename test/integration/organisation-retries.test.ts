import type { Express } from 'express';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';

// A request retried after a lost answer acts once: a new person with the same Idempotency-Key
// is the same person, a unit created again with the same id, name and kind is that unit, and
// ending a stand-in that has already ended answers with it instead of an error.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let systemAdmin: ApiClient;
let securityAdmin: ApiClient;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [systemAdmin, securityAdmin] = await Promise.all([signIn(app, users.systemAdmin), signIn(app, users.securityAdmin)]);
});

afterAll(async () => {
  await harness?.stop();
});

test('a new person sent twice with the same Idempotency-Key is created once', async () => {
  const send = (key: string) => systemAdmin.post('/api/v1/staff').set('Idempotency-Key', key).send({ unitId: 'sthjj', name: '重试测试人员（虚构）' });
  const first = await send('retry-staff-0001');
  expect(first.status).toBe(201);
  const again = await send('retry-staff-0001');
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  expect(await database.db.staffMember.count({ where: { name: '重试测试人员（虚构）' } })).toBe(1);
  expect(await database.db.auditEvent.count({ where: { action: 'staff.created', subject: `staff:${first.body.id}` } })).toBe(1);
  // Another key is another person.
  const other = await send('retry-staff-0002');
  expect(other.body.id).not.toBe(first.body.id);
  expect(await database.db.staffMember.count({ where: { name: '重试测试人员（虚构）' } })).toBe(2);
});

test('a unit sent again with the same id, name and kind is returned; a different kind is still a clash', async () => {
  const unit = { id: 'retry-unit', name: '重试测试单位（虚构）', kind: 'external' };
  const first = await systemAdmin.post('/api/v1/units', unit);
  expect(first.status).toBe(201);
  const again = await systemAdmin.post('/api/v1/units', unit);
  expect(again.status).toBe(201);
  expect(again.body).toEqual(first.body);
  expect(await database.db.auditEvent.count({ where: { action: 'unit.created', subject: 'unit:retry-unit' } })).toBe(1);
  const clash = await systemAdmin.post('/api/v1/units', { ...unit, kind: 'department' });
  expect(clash.status).toBe(400);
  expect(clash.body.error.fields).toEqual([expect.objectContaining({ path: 'id', message: '单位编号已存在' })]);
});

test('ending a stand-in twice answers both times with the same end, recorded once', async () => {
  const today = shanghaiDateOf(new Date());
  const arranged = await securityAdmin.post('/api/v1/acting-assignments', { staffMemberId: 'staff-kjj-liaison', forStaffMemberId: 'staff-czj-liaison', from: today, to: addCalendarDays(today, 3), reason: '联络员休假' });
  expect(arranged.status).toBe(201);
  const end = () => securityAdmin.post(`/api/v1/acting-assignments/${arranged.body.id}/end`, { reason: '已返岗' });
  const first = await end();
  expect(first.status).toBe(200);
  const again = await end();
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(await database.db.auditEvent.count({ where: { action: 'staff.acting_ended', detail: { path: ['assignmentId'], equals: arranged.body.id } } })).toBe(1);
});
