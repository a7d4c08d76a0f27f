import type { Express } from 'express';
import { verifyAuditChain } from '../../activities/audit/audit-log';
import { createDifficultyActivities } from '../../activities/difficulty/difficulty-activities';
import { difficultyStatusQuery } from '../../workflows/difficulty/messages';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { recordHistory } from '../support/histories';
import { signIn, users, type ApiClient } from '../support/session';
import { eventually } from '../support/eventually';

// 企业诉求交办 end to end through the HTTP API on the dev server and a real PostgreSQL: the
// enterprise raises, the commission classifies and assigns lead and co-units, the units handle
// and close it, the enterprise rates it low (the unit's fault) and it is reopened, then rates it
// high. Access and validation are checked on the way, each refusal writing nothing.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let enterprise!: ApiClient;
let otherEnterprise!: ApiClient;
let commission!: ApiClient;
let lead!: ApiClient;
let co!: ApiClient;
let otherUnit!: ApiClient;


beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [enterprise, otherEnterprise, commission, lead, co, otherUnit] = await Promise.all([
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.enterpriseContact('ent-002')),
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('ghzrj')),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.liaison('czj')),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

const act = async (itemId: string, action: string, by: ApiClient, body: object = {}) => {
  const response = await by.post(`/api/v1/items/${itemId}/${action}`, body);
  expect([action, response.status, response.body.error]).toEqual([action, 200, undefined]);
  return response.body;
};

/** Sign, co-report, report, approve, close: the units handle the round and the commission closes it. */
async function handleRound(itemId: string) {
  await act(itemId, 'sign', lead);
  await act(itemId, 'co-report', co, { report: '园区已预留地块' });
  await act(itemId, 'report', lead, { result: '已协调新增工业用地指标' });
  await act(itemId, 'approve', commission, { comment: '同意办结' });
  await act(itemId, 'close', commission);
}

/** What a refused request must leave as it was. */
const footprint = async (difficultyId: string) => ({
  ratings: await database.db.difficultyRating.count({ where: { difficultyId } }),
  events: await database.db.difficultyEvent.count({ where: { difficultyId } }),
  audit: await database.db.auditEvent.count({ where: { subject: `difficulty:${difficultyId}` } }),
  state: (await database.db.difficulty.findUniqueOrThrow({ where: { id: difficultyId } })).state,
});

test('raised by the enterprise, classified and assigned, handled, rated low and reopened, then rated high', async () => {
  const raised = await enterprise.post('/api/v1/enterprises/ent-001/difficulties', { category: 'energy', title: '二期厂房用地指标', description: '扩建二期需新增工业用地约 30 亩。' });
  expect(raised.status).toBe(201);
  expect(raised.body).toMatchObject({ state: 'awaiting_classification', stateLabel: '待分类交办', origin: 'enterprise', items: [], leadUnitId: null });
  const id: string = raised.body.id;

  // Before it is assigned only the enterprise and the commission see it.
  expect((await otherEnterprise.get(`/api/v1/difficulties/${id}`)).status).toBe(403);
  expect((await lead.get(`/api/v1/difficulties/${id}`)).status).toBe(403);
  expect((await enterprise.post('/api/v1/enterprises/ent-002/difficulties', { category: 'land', title: '代他企提诉求', description: '不应受理' })).status).toBe(403);
  const queue = await commission.get('/api/v1/difficulties?state=awaiting_classification');
  expect(queue.body.difficulties.map((row: { id: string }) => row.id)).toContain(id);

  // Rating before it is closed: refused, nothing written.
  const before = await footprint(id);
  const early = await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 5, comment: '很好' });
  expect(early.status).toBe(409);
  expect(early.body.error).toMatchObject({ code: 'INVALID_STATE', message: '诉求尚未办结销号，暂不能评价' });
  expect(await footprint(id)).toEqual(before);

  // 分门别类: the commission changes the category and assigns a lead and a co-organiser.
  expect((await lead.post(`/api/v1/difficulties/${id}/classify`, { category: 'land', leadUnitId: 'ghzrj' })).status).toBe(403);
  const classify = () => commission.post(`/api/v1/difficulties/${id}/classify`).set('Idempotency-Key', 'classify-retry-0001').send({ category: 'land', leadUnitId: 'ghzrj', coUnitIds: ['kjj'], comment: '属用地类诉求' });
  const classified = await classify();
  expect(classified.status).toBe(200);
  // A retry with the same key (the answer was lost on the way) gets the same answer, not a 409.
  const retried = await classify();
  expect(retried.status).toBe(200);
  expect(retried.body.item.id).toBe(classified.body.item.id);
  expect(await harness.database.db.supervisedItem.count({ where: { sourceKind: 'difficulty', sourceId: id } })).toBe(1);
  expect(classified.body).toMatchObject({ state: 'assigned', category: 'land', leadUnitId: 'ghzrj', coUnitIds: ['kjj'] });
  expect(classified.body.item).toMatchObject({ state: 'pending_sign', leadUnit: { id: 'ghzrj' } });
  const again = await commission.post(`/api/v1/difficulties/${id}/classify`, { category: 'land', leadUnitId: 'czj' });
  expect(again.status).toBe(409);
  const firstItem: string = classified.body.item.id;

  // Units see the difficulties assigned to them; another unit does not.
  expect((await lead.get(`/api/v1/difficulties/${id}`)).status).toBe(200);
  expect((await co.get('/api/v1/difficulties')).body.difficulties.map((row: { id: string }) => row.id)).toContain(id);
  expect((await otherUnit.get('/api/v1/difficulties')).body.difficulties.map((row: { id: string }) => row.id)).not.toContain(id);
  expect((await otherUnit.get(`/api/v1/difficulties/${id}`)).status).toBe(403);

  await handleRound(firstItem);
  const awaiting = await eventually(() => enterprise.get(`/api/v1/difficulties/${id}`), (response) => response.body.state === 'awaiting_rating');
  expect(awaiting.body).toMatchObject({ state: 'awaiting_rating', stateLabel: '待评价' });
  expect(awaiting.body.ratingDueAt > new Date().toISOString()).toBe(true);

  // Validators: out of range, not an integer, someone else's difficulty; nothing written.
  const beforeRating = await footprint(id);
  const outOfRange = await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 6, comment: '超出范围' });
  expect(outOfRange.status).toBe(400);
  expect(outOfRange.body.error.fields).toEqual([{ path: 'score', message: '评分须为 1 到 5 的整数' }]);
  expect((await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 2.5, comment: '小数' })).status).toBe(400);
  expect((await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 0, comment: '零分' })).status).toBe(400);
  const foreign = await otherEnterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 1, cause: 'unit', comment: '冒名评价' });
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.message).toBe('只能评价本企业的诉求');
  expect((await lead.post(`/api/v1/difficulties/${id}/rating`, { score: 5, comment: '自评' })).status).toBe(403);
  expect(await footprint(id)).toEqual(beforeRating);

  // Rated 1, the unit's fault: reopened as a new item for the same units.
  const low = await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 1, cause: 'unit', comment: '用地指标未落实，答复敷衍' });
  expect(low.status).toBe(200);
  expect(low.body).toMatchObject({ decision: 'reopen', state: 'assigned', reopenCount: 1 });
  expect(low.body.ratings).toEqual([
    expect.objectContaining({ round: 0, itemId: firstItem, unitId: 'ghzrj', role: 'lead', outcome: 'rated', score: 1, cause: 'unit', reopened: true }),
    expect.objectContaining({ round: 0, itemId: firstItem, unitId: 'kjj', role: 'co', outcome: 'rated', score: 1, cause: 'unit', reopened: true }),
  ]);
  const reopened = await eventually(() => enterprise.get(`/api/v1/difficulties/${id}`), (response) => response.body.items.length === 2);
  const secondItem = reopened.body.items[1];
  expect(secondItem).toMatchObject({ title: '二期厂房用地指标（重办第1次）', state: 'pending_sign', leadUnit: { id: 'ghzrj' } });
  expect((await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 5, comment: '再次评价' })).status).toBe(409);

  await handleRound(secondItem.id);
  await eventually(() => enterprise.get(`/api/v1/difficulties/${id}`), (response) => response.body.state === 'awaiting_rating');
  const rate = (key: string) => enterprise.post(`/api/v1/difficulties/${id}/rating`).set('Idempotency-Key', key).send({ score: 5, comment: '问题已解决，非常满意' });
  const high = await rate('rating-retry-0001');
  expect(high.status).toBe(200);
  expect(high.body).toMatchObject({ decision: 'satisfied', state: 'resolved', stateLabel: '已办结', reopenCount: 1 });
  expect(high.body.ratings.filter((row: { round: number }) => row.round === 1).map((row: { unitId: string; score: number; reopened: boolean }) => [row.unitId, row.score, row.reopened])).toEqual([
    ['ghzrj', 5, false],
    ['kjj', 5, false],
  ]);
  expect(high.body.timeline.map((event: { action: string; toState: string }) => `${event.action}:${event.toState}`)).toEqual([
    'raise:awaiting_classification',
    'classify:assigned',
    'requestRating:awaiting_rating',
    'rate:assigned',
    'reopen:assigned',
    'requestRating:awaiting_rating',
    'rate:resolved',
  ]);
  const handle = harness.temporal.workflow.getHandle(`difficulty-${id}`);
  await handle.result();
  // The workflow has ended: a retry with the rating's key still gets its answer; a new rating
  // (another key) is refused as rated, not as a missing workflow.
  const ratedAgain = await rate('rating-retry-0001');
  expect([ratedAgain.status, ratedAgain.body.decision, ratedAgain.body.state]).toEqual([200, 'satisfied', 'resolved']);
  const another = await rate('rating-other-0002');
  expect([another.status, another.body.error.code, another.body.error.message]).toEqual([409, 'INVALID_STATE', '诉求已办结并评价']);
  await recordHistory(harness.temporal, `difficulty-${id}`, 'enterprise-raised-reopened-rated');

  // The enterprise's list shows it with its state; the audit trail has every state change.
  const listed = await enterprise.get('/api/v1/difficulties');
  expect(listed.body.difficulties.find((row: { id: string }) => row.id === id)).toMatchObject({ state: 'resolved', reopenCount: 1 });
  expect((await enterprise.get('/api/v1/difficulties?enterpriseId=ent-002')).status).toBe(403);
  const audit = await database.db.auditEvent.findMany({ where: { subject: `difficulty:${id}` }, orderBy: { seq: 'asc' } });
  expect(audit.map((row) => row.action)).toEqual([
    'difficulty.raise',
    'difficulty.classify',
    'difficulty.requestRating',
    'difficulty.rate',
    'difficulty.reopen',
    'difficulty.requestRating',
    'difficulty.rate',
  ]);
  expect(await verifyAuditChain(database.db)).toEqual({ rows: expect.any(Number) });
});

test('a low rating blamed on policy is recorded per unit without reopening; the commission-raised route still assigns in one step', async () => {
  const raised = await commission.post('/api/v1/difficulties', { enterpriseId: 'ent-001', category: 'financing', title: '贷款贴息政策', description: '申请设备贷款贴息', leadUnitId: 'ghzrj' });
  expect(raised.status).toBe(201);
  const id: string = raised.body.difficultyId;
  expect((await enterprise.get(`/api/v1/difficulties/${id}`)).body).toMatchObject({ state: 'assigned', origin: 'commission' });
  await act(raised.body.item.id, 'sign', lead);
  await act(raised.body.item.id, 'report', lead, { result: '已答复现行贴息政策' });
  await act(raised.body.item.id, 'approve', commission);
  await act(raised.body.item.id, 'close', commission);
  const status = await eventually(() => harness.temporal.workflow.getHandle(`difficulty-${id}`).query(difficultyStatusQuery), (value) => value?.state === 'awaiting_rating');
  expect(status).toMatchObject({ state: 'awaiting_rating', round: 0, reopenCount: 0 });
  const rated = await enterprise.post(`/api/v1/difficulties/${id}/rating`, { score: 2, cause: 'policy', comment: '贴息比例偏低' });
  expect(rated.body).toMatchObject({ decision: 'dissatisfied', state: 'resolved', reopenCount: 0 });
  const rows = await database.db.difficultyRating.findMany({ where: { difficultyId: id } });
  expect(rows.map((row) => [row.unitId, row.role, row.score, row.cause, row.reopened])).toEqual([['ghzrj', 'lead', 2, 'policy', false]]);
  await recordHistory(harness.temporal, `difficulty-${id}`, 'commission-raised-rated-policy');
});

test('a round not rated in time is recorded per unit as no rating, neither satisfied nor dissatisfied', async () => {
  const raised = await commission.post('/api/v1/difficulties', { enterpriseId: 'ent-001', category: 'supporting', title: '园区道路配套', description: '厂区门前道路未硬化', leadUnitId: 'ghzrj', coUnitIds: ['kjj'] });
  expect(raised.status).toBe(201);
  const id: string = raised.body.difficultyId;
  await handleRound(raised.body.item.id);
  const awaiting = await eventually(() => enterprise.get(`/api/v1/difficulties/${id}`), (response) => response.body.state === 'awaiting_rating');
  // The rating window is 10 working days (data): the workflow's timer is not waited for here; the
  // activity it runs when the timer fires is, with what the workflow passes it.
  const { recordRating } = createDifficultyActivities(database.db);
  const lapse = { difficultyId: id, round: 0, itemId: raised.body.item.id, units: { leadUnitId: 'ghzrj', coUnitIds: ['kjj'] }, decision: 'no_rating' as const, reopenCount: 0, at: awaiting.body.ratingDueAt };
  await recordRating(lapse);
  await recordRating(lapse);
  const rows = await database.db.difficultyRating.findMany({ where: { difficultyId: id }, orderBy: { unitId: 'asc' } });
  expect(rows.map((row) => [row.unitId, row.outcome, row.score, row.reopened])).toEqual([
    ['ghzrj', 'no_rating', null, false],
    ['kjj', 'no_rating', null, false],
  ]);
  const view = await enterprise.get(`/api/v1/difficulties/${id}`);
  expect(view.body.state).toBe('resolved');
  expect(view.body.timeline.map((event: { action: string }) => event.action)).toEqual(['raise', 'requestRating', 'ratingLapsed']);
});
