import request from 'supertest';
import type { Express } from 'express';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { WorkflowClient } from '../../api/workflow-client';
import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { meetingScheduleIdFor } from '../../domain/meeting/meeting';
import { eventually } from '../support/eventually';

// 联席会议 end to end on the dev server: the quarterly Schedule starts a cycle, its agenda gathers
// open difficulties and overdue items, the minutes turn decisions into supervised items, and the
// next meeting's bulletin reports their progress.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission!: ApiClient;
let kjj!: ApiClient;
let overdueItemId: string;
let difficultyItemId: string;


beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [commission, kjj] = await Promise.all([signIn(app, users.commissionOfficer), signIn(app, users.liaison('kjj'))]);
  const raised = await commission.post('/api/v1/difficulties', {
    enterpriseId: 'ent-003',
    category: 'energy',
    title: '新建产线用电增容',
    description: '新建产线需增容 2000 千伏安。',
    leadUnitId: 'kjj',
  });
  expect(raised.status).toBe(201);
  difficultyItemId = raised.body.item.id;
  // An item assigned 60 days ago: long overdue by now.
  const workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
  const overdue = await workflows.assignItem({
    title: '核实园区闲置厂房底数',
    leadUnitId: 'czj',
    coUnitIds: [],
    commissionUnitId: 'jxw',
    policy: await itemTypePolicyFor(database.db, 'assignment', 'general', 'type'),
    assignedAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
    createdBy: 'staff-jxw-officer-1',
  });
  overdueItemId = overdue.itemId;
});

afterAll(async () => {
  await harness?.temporal.schedule.getHandle(meetingScheduleIdFor(harness.worker.taskQueue)).delete().catch(() => undefined);
  await harness?.stop();
});

test('the quarterly Schedule starts a cycle whose agenda lists open difficulties and overdue items', async () => {
  const changes = () => harness.database.db.auditEvent.findMany({ where: { action: 'meeting.schedule_changed' }, orderBy: { seq: 'asc' } });
  const saved = await commission.put('/api/v1/meeting-schedule', { months: [10, 1, 7, 4], dayOfMonth: 10, hour: 9, reason: '领导小组确定按季度召开' });
  expect(saved.status).toBe(200);
  expect(saved.body.cadence).toEqual({ months: [1, 4, 7, 10], dayOfMonth: 10, hour: 9 });
  // Audited with who, before → after and why; the same cadence again records nothing.
  expect((await changes()).map((event) => [event.actorId, event.detail])).toEqual([
    ['staff-jxw-officer-1', { from: null, to: { months: [1, 4, 7, 10], dayOfMonth: 10, hour: 9 }, reason: '领导小组确定按季度召开' }],
  ]);
  expect((await commission.put('/api/v1/meeting-schedule', { months: [1, 4, 7, 10], dayOfMonth: 10, hour: 9 })).status).toBe(200);
  expect(await changes()).toHaveLength(1);
  expect(saved.body.nextStarts.length).toBeGreaterThan(0);
  for (const start of saved.body.nextStarts as string[]) {
    // 09:00 in Shanghai is 01:00 UTC on the same day.
    expect(start).toMatch(/^\d{4}-(01|04|07|10)-10T01:00:00\.000Z$/);
  }
  expect((await kjj.put('/api/v1/meeting-schedule', { months: [1], dayOfMonth: 1, hour: 9 })).status).toBe(403);

  await harness.temporal.schedule.getHandle(meetingScheduleIdFor(harness.worker.taskQueue)).trigger();
  const listed = await eventually(
    () => kjj.get('/api/v1/meetings'),
    (response) => response.body.meetings?.length === 1,
  );
  expect(listed.body.meetings).toHaveLength(1);
  const meeting = (await kjj.get(`/api/v1/meetings/${listed.body.meetings[0].id}`)).body;
  expect(meeting).toMatchObject({ state: 'preparing', convenedBy: 'schedule', bulletin: [] });
  expect(meeting.title).toMatch(/^\d{4}年第1次专精特新企业培育联席会议$/);
  expect(meeting.agenda.difficulties.map((row: { itemId: string }) => row.itemId)).toContain(difficultyItemId);
  expect(meeting.agenda.overdueItems.map((row: { itemId: string }) => row.itemId)).toContain(overdueItemId);
});

test('the minutes assign each decision as a supervised item, once; the next meeting reports their progress', async () => {
  const [{ id: meetingId }] = (await commission.get('/api/v1/meetings')).body.meetings;
  const minutes = {
    heldOn: new Date().toISOString().slice(0, 10),
    minutes: '会议听取了企业诉求办理情况汇报，研究了用电增容与闲置厂房盘活事项。',
    decisions: [
      { text: '协调供电公司加快产线增容', leadUnitId: 'kjj', coUnitIds: ['czj'] },
      { text: '盘活园区闲置厂房并形成清单', leadUnitId: 'czj', coUnitIds: [] },
    ],
  };
  const before = await database.db.supervisedItem.count();
  expect((await kjj.post(`/api/v1/meetings/${meetingId}/minutes`, minutes)).status).toBe(403);
  const unknownUnit = await commission.post(`/api/v1/meetings/${meetingId}/minutes`, { ...minutes, decisions: [{ text: '无效单位', leadUnitId: 'nowhere', coUnitIds: [] }] });
  expect(unknownUnit.status).toBe(400);
  expect(unknownUnit.body.error.code).toBe('UNKNOWN_UNIT');
  expect((await commission.get(`/api/v1/meetings/${meetingId}`)).body.state).toBe('preparing');
  expect(await database.db.supervisedItem.count()).toBe(before);

  const recorded = await commission.post(`/api/v1/meetings/${meetingId}/minutes`, minutes).set('Idempotency-Key', 'minutes-0001');
  expect(recorded.status).toBe(200);
  expect(recorded.body.state).toBe('held');
  const itemIds = recorded.body.decisions.map((decision: { itemId: string }) => decision.itemId);
  expect(itemIds.every((id: string) => typeof id === 'string')).toBe(true);
  expect(recorded.body.decisions[0].item).toMatchObject({ state: 'pending_sign', colour: 'green' });
  const retry = await commission.post(`/api/v1/meetings/${meetingId}/minutes`, minutes).set('Idempotency-Key', 'minutes-0001');
  expect(retry.status).toBe(200);
  expect(retry.body.decisions.map((decision: { itemId: string }) => decision.itemId)).toEqual(itemIds);
  const again = await commission.post(`/api/v1/meetings/${meetingId}/minutes`, minutes);
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('INVALID_STATE');
  expect(await database.db.supervisedItem.count({ where: { sourceKind: 'meeting', sourceId: meetingId } })).toBe(2);

  const inbox = await kjj.get('/api/v1/units/kjj/items');
  expect(inbox.body.items.map((row: { id: string }) => row.id)).toContain(itemIds[0]);
  expect((await kjj.post(`/api/v1/items/${itemIds[0]}/sign`, {})).status).toBe(200);

  const next = await commission.post('/api/v1/meetings', { scheduledOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) });
  expect(next.status).toBe(201);
  expect(next.body.title).toMatch(/第2次/);
  expect(next.body.convenedBy).toBe('staff-jxw-officer-1');
  expect(next.body.bulletin.map((row: { itemId: string; state: string }) => [row.itemId, row.state])).toEqual([
    [itemIds[0], 'in_progress'],
    [itemIds[1], 'pending_sign'],
  ]);
  expect((await request(app).get('/api/v1/meetings')).status).toBe(401);
});
