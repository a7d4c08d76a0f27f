import { writeFileSync, mkdirSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';

// 梯度培育认定 end to end on the dev server: batches with cut-off dates, criteria checked against
// the enterprise's figures, each step a supervised item of the commission, the tier history with
// its 3-year validity, and goal progress counted from the tier rows.

let harness: ApiHarness;
let database: TestDatabase;
let commission!: ApiClient;
let leader!: ApiClient;
let jxwLiaison!: ApiClient;
let kjj!: ApiClient;
let ent004!: ApiClient;
let ent001!: ApiClient;
let ent003!: ApiClient;

const today = () => shanghaiDateOf(new Date());
let counter = 0;

async function createBatch(tier: string, title: string, opensOn = addCalendarDays(today(), -20), cutoffOn = addCalendarDays(today(), 20)) {
  counter += 1;
  const response = await commission.post('/api/v1/recognition/batches', { tier, title, opensOn, cutoffOn }).set('Idempotency-Key', `test-batch-${counter}-${Date.now()}`);
  expect(response.status).toBe(201);
  return response.body as { id: string; accepting: boolean; criteriaVersion: string; figuresYear: number };
}

/** A run of at least five working days, ended before today. */
const pastPublicity = () => ({ publicityFrom: addCalendarDays(today(), -15), publicityTo: addCalendarDays(today(), -1) });

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database } = harness);
  const app = harness.app;
  [commission, leader, jxwLiaison, kjj, ent004, ent001, ent003] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.districtLeader),
    signIn(app, users.commissionLiaison),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.enterpriseContact('ent-004')),
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.enterpriseContact('ent-003')),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

test('an innovative SME is reviewed, spot-checked and published: recognised for 3 years, each step a supervised item', async () => {
  const batch = await createBatch('innovative_sme', '2026年第二批创新型中小企业');
  expect(batch).toMatchObject({ accepting: true, criteriaVersion: '2022', figuresYear: 2025 });

  const applied = await ent004.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true }).set('Idempotency-Key', 'test-apply-ent004');
  expect(applied.status).toBe(201);
  const applicationId = applied.body.id as string;
  const retried = await ent004.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true }).set('Idempotency-Key', 'test-apply-ent004');
  expect(retried.body.id).toBe(applicationId);
  expect(applied.body).toMatchObject({ state: 'in_review', currentStep: 'review', criteriaCheck: { allMet: true, figuresYear: 2025 } });
  expect(applied.body.criteriaCheck.results.map((r: { outcome: string }) => r.outcome)).toEqual(['met', 'met', 'met']);
  expect(applied.body.steps[0].item).toMatchObject({ state: 'pending_sign', unitId: 'jxw' });
  expect(applied.body.steps[0].item.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  // Access: the enterprise and the commission's unit see it; another enterprise and another unit do not.
  expect((await ent001.get(`/api/v1/recognition/applications/${applicationId}`)).status).toBe(403);
  expect((await kjj.get(`/api/v1/recognition/applications/${applicationId}`)).body.error.code).toBe('WRONG_UNIT');
  const seenByUnit = await jxwLiaison.get(`/api/v1/recognition/applications/${applicationId}`);
  expect(seenByUnit.status).toBe(200);
  expect(seenByUnit.body.criteriaCheck.figuresHidden).toBeDefined();
  expect((await kjj.get('/api/v1/recognition/applications')).body.applications).toEqual([]);
  expect((await ent001.get('/api/v1/recognition/applications')).body.applications).toEqual([]);
  expect((await ent004.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'review', decision: 'pass', comment: '同意' })).status).toBe(403);
  expect((await ent004.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true })).body.error.code).toBe('ALREADY_APPLIED');

  // Steps in order: a later step is refused while the review is open.
  const early = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'spot_check', decision: 'pass', comment: '抽查属实' });
  expect(early.status).toBe(409);
  expect(early.body.error.message).toContain('当前步骤为“区经济信息委初审”');

  const reviewed = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'review', decision: 'pass', comment: '材料齐全，数据属实' });
  expect(reviewed.status).toBe(200);
  expect(reviewed.body).toMatchObject({ state: 'in_review', currentStep: 'spot_check' });
  expect(reviewed.body.steps[0]).toMatchObject({ decision: 'pass', item: { state: 'closed' } });
  expect(reviewed.body.steps[1].item).toMatchObject({ state: 'pending_sign' });

  const checked = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'spot_check', decision: 'pass', comment: '实地抽查属实' });
  expect(checked.body).toMatchObject({ currentStep: 'publicity' });

  const tooShort = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, {
    step: 'publicity',
    decision: 'pass',
    comment: '公示无异议',
    publicityFrom: addCalendarDays(today(), -2),
    publicityTo: addCalendarDays(today(), -1),
  });
  expect(tooShort.status).toBe(400);
  expect(tooShort.body.error.fields[0].message).toContain('公示期不少于 5 个工作日');
  const notOver = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'publicity', decision: 'pass', comment: '公示无异议', publicityFrom: today(), publicityTo: addCalendarDays(today(), 9) });
  expect(notOver.body.error.fields[0].message).toContain('公示期未满');

  const published = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'publicity', decision: 'pass', comment: '公示期满无异议', ...pastPublicity() });
  expect(published.status).toBe(200);
  expect(published.body).toMatchObject({ state: 'recognised', currentStep: null });
  expect(published.body.steps.map((step: { item: { state: string } }) => step.item.state)).toEqual(['closed', 'closed', 'closed']);
  // The enterprise sees the deciding unit, never a staff member's id.
  const enterpriseView = await ent004.get(`/api/v1/recognition/applications/${applicationId}`);
  expect(enterpriseView.status).toBe(200);
  expectNoStaffIds(published.body, enterpriseView.body);

  const tiers = await ent004.get('/api/v1/enterprises/ent-004/tiers');
  expect(tiers.status).toBe(200);
  const recognisedOn = today();
  const validUntil = addCalendarDays(`${Number(recognisedOn.slice(0, 4)) + 3}${recognisedOn.slice(4)}`, -1);
  expect(tiers.body.tiers).toEqual([
    expect.objectContaining({ tier: 'innovative_sme', recognisedOn, validUntil, status: 'valid', batchId: batch.id, batchTitle: '2026年第二批创新型中小企业', applicationId, source: 'application' }),
  ]);
  expect(tiers.body.tiers[0].recheckOn < validUntil).toBe(true);
  expect((await ent001.get('/api/v1/enterprises/ent-004/tiers')).status).toBe(403);
  const decided = await commission.post(`/api/v1/recognition/applications/${applicationId}/decisions`, { step: 'publicity', decision: 'pass', comment: '再次提交', ...pastPublicity() });
  expect(decided.status).toBe(409);

  const audit = await database.db.auditEvent.findMany({ where: { subject: `recognition:${applicationId}` }, orderBy: { seq: 'asc' } });
  expect(audit.map((event) => event.action)).toEqual(['recognition.apply', 'recognition.review', 'recognition.spot_check', 'recognition.publicity']);

  if (process.env.SRDI_RECORD_HISTORIES === '1') {
    const history = await harness.temporal.workflow.getHandle(`recognition-${applicationId}`).fetchHistory();
    // historyToJSON fails inside jest's module sandbox (protobufjs instanceof); the raw object is
    // converted afterwards by scripts/dev/history-to-json.ts.
    mkdirSync('.data/histories', { recursive: true });
    writeFileSync('.data/histories/recognition.raw.json', JSON.stringify(temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, { longs: String, bytes: String })));
  }
});

test('criteria not met: the application is refused with each criterion explained, and nothing is written', async () => {
  const batch = await createBatch('national_little_giant', '2026年国家级专精特新“小巨人”推荐');
  expect(batch.criteriaVersion).toBe('2026');
  const eligibility = await ent001.get(`/api/v1/recognition/batches/${batch.id}/eligibility`);
  expect(eligibility.status).toBe(200);
  const outcomes = Object.fromEntries(eligibility.body.results.map((r: { key: string; outcome: string }) => [r.key, r.outcome]));
  expect(outcomes).toEqual({ municipal_srdi: 'not_met', revenue: 'met', rd_expense: 'met', rd_ratio: 'not_met', revenue_growth: 'met', invention_patents: 'met' });

  const before = await Promise.all([database.db.recognitionApplication.count(), database.db.supervisedItem.count(), database.db.auditEvent.count()]);
  const refused = await ent001.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('CRITERIA_NOT_MET');
  expect(refused.body.error.message).toContain('未达到国家级专精特新“小巨人”企业认定条件（2026 版）');
  expect(refused.body.error.fields).toEqual([
    { path: 'criteria.municipal_srdi', message: '未持有有效的市级专精特新中小企业认定：不符合' },
    { path: 'criteria.rd_ratio', message: '2025 年度研发费用占营业收入比重 4.73%，要求不低于 5%：不符合' },
  ]);
  expect(await Promise.all([database.db.recognitionApplication.count(), database.db.supervisedItem.count(), database.db.auditEvent.count()])).toEqual(before);
});

test('a new criteria version is data: published once, immutable, and taken by batches opening after it', async () => {
  const body = { effectiveFrom: '2090-01-01', source: '示例修订（虚构）', rules: [{ key: 'rd_ratio', label: '研发费用占比不低于 4%', metric: 'rdRatio', op: 'gte', value: 4 }] };
  expect((await kjj.put('/api/v1/recognition/criteria/innovative_sme/2090', body)).status).toBe(403);
  expect((await commission.put('/api/v1/recognition/criteria/innovative_sme/2090', { ...body, rules: [{ ...body.rules[0], metric: 'profit' }] })).status).toBe(400);
  const published = await commission.put('/api/v1/recognition/criteria/innovative_sme/2090', body);
  expect(published.status).toBe(201);
  expect((await commission.put('/api/v1/recognition/criteria/innovative_sme/2090', body)).body.changed).toBe(false);
  expect((await commission.put('/api/v1/recognition/criteria/innovative_sme/2090', { ...body, source: '改动' })).body.error.code).toBe('VERSION_CONFLICT');
  const earlier = await commission.put('/api/v1/recognition/criteria/innovative_sme/2089', { ...body, effectiveFrom: '2020-01-01' });
  expect(earlier.body.error.fields[0].path).toBe('effectiveFrom');
  const versions = (await ent001.get('/api/v1/recognition/criteria')).body.criteria.filter((row: { tier: string }) => row.tier === 'innovative_sme');
  expect(versions.map((row: { version: string }) => row.version)).toEqual(['2022', '2090']);
});

test('a late application is refused with a clear message and nothing is written', async () => {
  const batch = await createBatch('innovative_sme', '2026年第一批创新型中小企业');
  const cutoff = addCalendarDays(today(), -1);
  await database.db.recognitionBatch.update({ where: { id: batch.id }, data: { opensOn: new Date(`${addCalendarDays(today(), -30)}T00:00:00Z`), cutoffOn: new Date(`${cutoff}T00:00:00Z`) } });
  const before = await Promise.all([database.db.recognitionApplication.count(), database.db.auditEvent.count()]);
  const late = await ent003.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true });
  expect(late.status).toBe(409);
  expect(late.body.error).toMatchObject({ code: 'BATCH_CLOSED', message: `本批次申报已于 ${cutoff} 截止，逾期不再受理` });
  expect(await Promise.all([database.db.recognitionApplication.count(), database.db.auditEvent.count()])).toEqual(before);
});

test('municipal: district review and recommendation upward, then the commission enters the city’s decision', async () => {
  // ent-003 was recognised as an innovative SME before the system: recorded from the records.
  expect((await kjj.post('/api/v1/enterprises/ent-003/tiers', { tier: 'innovative_sme', recognisedOn: '2025-03-01', note: '渝经信发〔2025〕示例号' })).status).toBe(403);
  const recorded = await commission.post('/api/v1/enterprises/ent-003/tiers', { tier: 'innovative_sme', recognisedOn: '2025-03-01', note: '渝经信发〔2025〕示例号（虚构）' });
  expect(recorded.status).toBe(201);
  expect(recorded.body).toMatchObject({ recognisedOn: '2025-03-01', validUntil: '2028-02-29', created: true });

  // One recorded long ago: past its re-check day, listed for the commission to re-check.
  await commission.post('/api/v1/enterprises/ent-003/tiers', { tier: 'innovative_sme', recognisedOn: '2023-09-20', note: '示例早期认定（虚构）' });
  const due = await commission.get('/api/v1/recognition/tiers/due');
  expect(due.body.tiers).toEqual([expect.objectContaining({ enterpriseId: 'ent-003', recognisedOn: '2023-09-20', validUntil: '2026-09-19', status: 'expired' })]);
  expect((await kjj.get('/api/v1/recognition/tiers/due')).status).toBe(403);

  const batch = await createBatch('municipal_srdi', '2026年市级专精特新中小企业');
  const applied = await ent003.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true });
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;
  expect(applied.body.criteriaCheck.results[0]).toMatchObject({ key: 'innovative_sme', outcome: 'met' });

  const decide = (body: object) => commission.post(`/api/v1/recognition/applications/${id}/decisions`, body);
  expect((await decide({ step: 'review', decision: 'pass', comment: '初审通过，同意推荐' })).body.currentStep).toBe('recommend');
  expect((await decide({ step: 'recommend', decision: 'pass', comment: '已行文推荐至市经济信息委', documentNo: '江津经信〔2026〕示例号' })).body.currentStep).toBe('result');
  const missingDate = await decide({ step: 'result', decision: 'pass', comment: '市经济信息委公布名单', documentNo: '渝经信〔2026〕示例号' });
  expect(missingDate.body.error.fields).toEqual([{ path: 'recognisedOn', message: '请填写上级认定日期' }]);
  const recognisedOn = addCalendarDays(today(), -3);
  const result = await decide({ step: 'result', decision: 'pass', comment: '市经济信息委公布名单', documentNo: '渝经信〔2026〕示例号', recognisedOn });
  expect(result.body).toMatchObject({ state: 'recognised' });
  expect(result.body.steps.map((step: { kind: string }) => step.kind)).toEqual(['review', 'recommend', 'result']);
  expect(result.body.steps[2].detail).toMatchObject({ documentNo: '渝经信〔2026〕示例号', recognisedOn });

  const tiers = (await ent003.get('/api/v1/enterprises/ent-003/tiers')).body.tiers;
  expect(tiers.map((row: { tier: string; source: string; status: string }) => [row.tier, row.source, row.status])).toEqual([
    ['municipal_srdi', 'application', 'valid'],
    ['innovative_sme', 'record', 'valid'],
    ['innovative_sme', 'record', 'expired'],
  ]);
  expect(tiers[0].recognisedOn).toBe(recognisedOn);
});

test('a rejected review ends the application without a tier', async () => {
  const batch = await createBatch('innovative_sme', '2026年第三批创新型中小企业');
  const applied = await ent001.post(`/api/v1/recognition/batches/${batch.id}/applications`, { declaration: true });
  const rejected = await commission.post(`/api/v1/recognition/applications/${applied.body.id}/decisions`, { step: 'review', decision: 'reject', comment: '研发费用归集不规范' });
  expect(rejected.body).toMatchObject({ state: 'rejected', stateLabel: '未通过' });
  expect(rejected.body.steps).toHaveLength(1);
  expect((await ent001.get('/api/v1/enterprises/ent-001/tiers')).body.tiers).toEqual([]);
});

test('goal progress counts tier rows within the plan period by year, listings from listing cases; leaders only', async () => {
  // A listing case's read model as the listing workflow leaves it after 上市 (the workflow itself is
  // exercised in listing.test.ts): listed within the plan period, and one still on its way.
  const listingCase = (enterpriseId: string, listedOn: string | null) => ({
    id: `goal-${enterpriseId}`,
    enterpriseId,
    workflowId: `goal-listing-${enterpriseId}`,
    officerId: 'staff-jrzx-liaison',
    officerUnitId: 'jrzx',
    currentMilestone: listedOn ? 'listed' : 'shareholding_reform',
    reached: [],
    pendingEvidence: [],
    stallEscalations: [],
    rewardClaims: [],
    openCheckIns: [],
    enrolledOn: new Date('2022-03-01'),
    listedOn: listedOn ? new Date(listedOn) : null,
    version: 1,
  });
  await database.db.listingCase.createMany({ data: [listingCase('ent-004', '2024-12-18'), listingCase('ent-005', null)] });
  await commission.post('/api/v1/enterprises/ent-002/tiers', { tier: 'innovative_sme', recognisedOn: '2023-05-10', note: '示例认定文件（虚构）' });
  await commission.post('/api/v1/enterprises/ent-002/tiers', { tier: 'municipal_srdi', recognisedOn: '2024-06-01', note: '示例认定文件（虚构）' });
  // A re-recognition of the same enterprise is not a new one.
  await commission.post('/api/v1/enterprises/ent-002/tiers', { tier: 'innovative_sme', recognisedOn: '2025-09-01', note: '示例复核（虚构）' });

  expect((await kjj.get('/api/v1/goals/progress')).status).toBe(403);
  expect((await ent001.get('/api/v1/goals/progress')).status).toBe(403);
  const progress = await leader.get('/api/v1/goals/progress');
  expect(progress.status).toBe(200);
  expect(progress.body.plan).toMatchObject({ periodFrom: '2022-07-05', periodTo: '2025-12-31' });
  const goals = Object.fromEntries(progress.body.goals.map((goal: { key: string }) => [goal.key, goal]));
  expect(goals.innovative_sme).toMatchObject({ target: 1250, actual: 2, completion: 0.2 });
  expect(goals.innovative_sme.years.map((y: { year: number; actual: number; cumulative: number }) => [y.year, y.actual, y.cumulative])).toEqual([
    [2022, 0, 0],
    // ent-002 (2023-05-10) and ent-003 (2023-09-20); their later recognitions are not new ones.
    [2023, 2, 2],
    [2024, 0, 2],
    [2025, 0, 2],
  ]);
  expect(goals.municipal_srdi).toMatchObject({ target: 200, actual: 1 });
  expect(goals.national_little_giant).toMatchObject({ target: 15, actual: 0 });
  expect(goals.new_listed).toMatchObject({ target: 2, actual: 1, completion: 50 });
  expect(goals.new_listed.note).toContain('上市培育');
  expect(goals.new_listed.years.map((y: { year: number; actual: number }) => [y.year, y.actual])).toEqual([[2022, 0], [2023, 0], [2024, 1], [2025, 0]]);
  expect(goals.innovative_sme.years[3].timeElapsed).toBe(100);
});

/** Staff ids in a staff view (timeline actors, step deciders) that the enterprise's view of the same record must not contain. */
function expectNoStaffIds(staffView: { timeline?: { actorId?: string; actor?: { kind: string } | null }[]; steps?: { decidedBy?: string | null; decider?: { kind: string } | null }[] }, enterpriseView: unknown) {
  const ids = [
    ...(staffView.timeline ?? []).filter((event) => event.actor?.kind === 'staff').map((event) => event.actorId),
    ...(staffView.steps ?? []).filter((step) => step.decider?.kind === 'staff').map((step) => step.decidedBy),
  ].filter((id): id is string => typeof id === 'string');
  expect(ids.length).toBeGreaterThan(0);
  const text = JSON.stringify(enterpriseView);
  expect(ids.filter((id) => text.includes(`"${id}"`))).toEqual([]);
}
