import request from 'supertest';
import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import { verifyAuditChain } from '../../activities/audit/audit-log';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';

// The foundation's vertical slice through every layer: HTTP → Temporal → activities → PostgreSQL
// read models → HTTP, on the real dev server and a real PostgreSQL.

let commission!: ApiClient;
let landBureau!: ApiClient;
let techBureau!: ApiClient;

const difficulty = {
  enterpriseId: 'ent-001',
  category: 'land',
  title: '二期厂房用地指标',
  description: '扩建二期需新增工业用地约 30 亩，请协调用地指标。',
  leadUnitId: 'ghzrj',
};

let harness: ApiHarness;
let database: TestDatabase;
let temporal: Client;
let app: Express;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, temporal, app } = harness);
  commission = await signIn(app, users.commissionOfficer);
  landBureau = await signIn(app, users.liaison('ghzrj'));
  techBureau = await signIn(app, users.liaison('kjj'));
});

afterAll(async () => {
  await harness?.stop();
});

function raise(body: object = difficulty, headers: ApiClient = commission) {
  return headers.post('/api/v1/difficulties').send(body);
}

function act(itemId: string, action: string, headers: ApiClient, body: object = {}) {
  return headers.post(`/api/v1/items/${itemId}/${action}`).send(body);
}

describe('an enterprise difficulty assigned to a unit', () => {
  test('is recorded, listed, signed for, reported, approved and closed, with its history and audit', async () => {
    const raised = await raise();
    expect(raised.status).toBe(201);
    const item = raised.body.item;
    expect(item).toMatchObject({ state: 'pending_sign', leadUnit: { id: 'ghzrj' }, budgetDays: 7, colour: 'green', clockRunning: true });
    expect(item.dueOn > item.signDueOn).toBe(true);

    const inbox = await landBureau.get('/api/v1/units/ghzrj/items');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((row: { id: string }) => row.id)).toContain(item.id);

    const signed = await act(item.id, 'sign', landBureau);
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('in_progress');
    expect(signed.body.signedAt).not.toBeNull();

    const reported = await act(item.id, 'report', landBureau, { result: '已协调新增用地指标 30 亩' });
    expect(reported.body).toMatchObject({ state: 'pending_review', result: '已协调新增用地指标 30 亩' });
    expect((await act(item.id, 'approve', commission, { comment: '同意办结' })).body.state).toBe('completed');
    const closed = await act(item.id, 'close', commission);
    expect(closed.body.state).toBe('closed');
    expect(closed.body.history.map((event: { action: string }) => event.action)).toEqual(['create', 'sign', 'report', 'approve', 'close']);

    // The closed item now waits for the enterprise's rating (test/integration/difficulty-process.test.ts goes on from here).
    let view = await commission.get(`/api/v1/difficulties/${raised.body.difficultyId}`);
    for (let attempt = 0; attempt < 100 && view.body.state !== 'awaiting_rating'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await commission.get(`/api/v1/difficulties/${raised.body.difficultyId}`);
    }
    expect(view.body.state).toBe('awaiting_rating');

    const audit = await database.db.auditEvent.findMany({ where: { subject: `item:${item.id}` }, orderBy: { seq: 'asc' } });
    expect(audit.filter((row) => row.action.startsWith('item.')).map((row) => row.action)).toEqual(['item.create', 'item.sign', 'item.report', 'item.approve', 'item.close']);
    // The 交办通知, written beside the creation (its place in the chain is either side of it).
    expect(audit.filter((row) => !row.action.startsWith('item.')).map((row) => row.action)).toEqual(['notification.sent']);
    expect(await verifyAuditChain(database.db)).toEqual({ rows: expect.any(Number) });
  });

  test('is visible to Temporal list queries by its unit and type while it runs — state and deadline are the read model’s', async () => {
    const raised = await raise({ ...difficulty, leadUnitId: 'kjj', title: '研发费用加计扣除政策咨询', category: 'policy' });
    expect(raised.status).toBe(201);
    const workflowId = raised.body.item.workflowId;
    // Visibility is eventually consistent; poll briefly.
    let found: string[] = [];
    for (let attempt = 0; attempt < 50 && found.length === 0; attempt += 1) {
      found = [];
      const query = `SrdiUnit = 'kjj' AND SrdiItemType = '${raised.body.item.type}' AND ExecutionStatus = 'Running'`;
      for await (const execution of temporal.workflow.list({ query })) {
        found.push(execution.workflowId);
      }
      if (!found.includes(workflowId)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toContain(workflowId);
  });

  test('rejects a second sign, another unit, a unit approving its own work and an empty result, recording nothing', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    expect((await act(itemId, 'sign', techBureau)).body.error.code).toBe('WRONG_UNIT');
    expect((await act(itemId, 'report', landBureau, { result: '提前办结' })).body.error.code).toBe('INVALID_STATE');
    expect((await act(itemId, 'approve', landBureau)).body.error.code).toBe('FORBIDDEN');
    expect((await act(itemId, 'sign', landBureau)).status).toBe(200);
    const again = await act(itemId, 'sign', landBureau);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'INVALID_STATE', message: '事项当前状态不允许此操作' });
    const empty = await act(itemId, 'report', landBureau, { result: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe('result');
    const events = await database.db.itemEvent.findMany({ where: { itemId } });
    expect(events.map((event) => event.action).sort()).toEqual(['create', 'sign']);
  });

  test('acts once when a request is retried with the same Idempotency-Key', async () => {
    const key = `retry-${Date.now()}`;
    const [first, second] = await Promise.all([
      raise().set('Idempotency-Key', key),
      raise().set('Idempotency-Key', key),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.difficultyId).toBe(first.body.difficultyId);
    expect(await database.db.difficulty.count({ where: { id: first.body.difficultyId } })).toBe(1);
    expect(await database.db.supervisedItem.count({ where: { sourceId: first.body.difficultyId } })).toBe(1);

    const itemId = first.body.item.id;
    const signKey = `sign-${Date.now()}`;
    const signOnce = () => landBureau.post(`/api/v1/items/${itemId}/sign`).set('Idempotency-Key', signKey).send({});
    expect((await signOnce()).status).toBe(200);
    expect((await signOnce()).status).toBe(200);
    expect(await database.db.itemEvent.count({ where: { itemId, action: 'sign' } })).toBe(1);
  });

  test('keeps each unit to its own inbox while the commission sees every unit', async () => {
    expect((await techBureau.get('/api/v1/units/ghzrj/items')).status).toBe(403);
    expect((await commission.get('/api/v1/units/ghzrj/items')).status).toBe(200);
    const { body } = await raise();
    expect((await techBureau.get(`/api/v1/items/${body.item.id}`)).status).toBe(403);
    expect((await raise(difficulty, landBureau)).status).toBe(403);
  });

  test('pages a unit inbox by deadline with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await landBureau.get('/api/v1/units/ghzrj/items').query(cursor ? { limit: 2, cursor } : { limit: 2 });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((row: { id: string }) => row.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const open = await database.db.itemAssignment.findMany({
      where: { unitId: 'ghzrj', state: { in: ['pending_sign', 'in_progress', 'pending_review', 'returned'] } },
      orderBy: [{ dueOn: 'asc' }, { itemId: 'asc' }],
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual(open.map((row) => row.itemId));
  });

  test('refuses unknown units and enterprises and malformed bodies with field errors', async () => {
    const unknownUnit = await raise({ ...difficulty, leadUnitId: 'no-such-unit' });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.code).toBe('UNKNOWN_UNIT');
    const unknownEnterprise = await raise({ ...difficulty, enterpriseId: 'ent-999' });
    expect(unknownEnterprise.body.error.code).toBe('UNKNOWN_ENTERPRISE');
    const invalid = await raise({ ...difficulty, category: 'weather', title: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['category', 'title']);
    const before = await database.db.difficulty.count();
    const extra = await raise({ ...difficulty, injected: true });
    expect(extra.status).toBe(400);
    expect(await database.db.difficulty.count()).toBe(before);
  });
});
