import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { shanghaiDateOf } from '../../domain/calendar';

// 入库申请 through the HTTP API: an enterprise applies to join the district listing pool, the
// commission declines one application with a reason and accepts the next, which enrols the
// enterprise through the same path as a direct enrolment (its listing case and workflow); every
// refusal writes nothing, every decision is audited.

let harness: ApiHarness;
let commission: ApiClient;
let ent005: ApiClient;
let ent004: ApiClient;
let liaison: ApiClient;
let leader: ApiClient;

const year = Number(shanghaiDateOf(new Date()).slice(0, 4));
const application = (plan: string) => ({
  intendedBoard: 'bse',
  targetYear: year + 2,
  plan,
  documents: [{ title: '上市工作方案', reference: '食科〔2026〕12 号' }, { title: '近三年审计报告' }],
});

beforeAll(async () => {
  harness = await startApiHarness();
  [commission, ent005, ent004, liaison, leader] = await Promise.all([
    signIn(harness.app, users.commissionOfficer),
    signIn(harness.app, users.enterpriseContact('ent-005')),
    signIn(harness.app, users.enterpriseContact('ent-004')),
    signIn(harness.app, users.liaison('ghzrj')),
    signIn(harness.app, users.districtLeader),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

const rows = () => harness.database.db.listingApplication.findMany({ where: { enterpriseId: 'ent-005' }, orderBy: { appliedAt: 'asc' } });

test('an enterprise applies once at a time; a retry with its key gets the same application; refusals write nothing', async () => {
  const late = await ent005.post('/api/v1/listing-applications', { ...application('计划十五年后再考虑上市事宜'), targetYear: year + 15 });
  expect(late.status).toBe(400);
  expect(late.body.error.fields).toEqual([expect.objectContaining({ path: 'targetYear' })]);
  const short = await ent005.post('/api/v1/listing-applications', { ...application('太短'), documents: [] });
  expect(short.status).toBe(400);
  expect(short.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['documents', 'plan']);
  expect(await rows()).toEqual([]);

  const first = await ent005.post('/api/v1/listing-applications', application('明年完成股改，后年与券商签订辅导协议')).set('Idempotency-Key', 'pool-apply-1');
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ state: 'pending', stateLabel: '待审核', intendedBoard: 'bse', intendedBoardLabel: '北交所', targetYear: year + 2, enterprise: { id: 'ent-005' }, caseId: null });
  const retried = await ent005.post('/api/v1/listing-applications', application('明年完成股改，后年与券商签订辅导协议')).set('Idempotency-Key', 'pool-apply-1');
  expect(retried.status).toBe(201);
  expect(retried.body.id).toBe(first.body.id);
  const second = await ent005.post('/api/v1/listing-applications', application('另一份申请：计划三年内申报'));
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('ALREADY_APPLIED');
  expect(await rows()).toHaveLength(1);

  // Who sees it: the enterprise itself, the commission and district leaders; not another enterprise nor a unit.
  expect((await ent004.get(`/api/v1/listing-applications/${first.body.id}`)).status).toBe(403);
  expect((await ent004.get('/api/v1/listing-applications')).body.applications).toEqual([]);
  expect((await liaison.get('/api/v1/listing-applications')).status).toBe(403);
  expect((await leader.get(`/api/v1/listing-applications/${first.body.id}`)).status).toBe(200);
  // Only the commission decides.
  expect((await leader.post(`/api/v1/listing-applications/${first.body.id}/decline`, { reason: '领导不能作出决定' })).status).toBe(403);
  expect((await ent005.post(`/api/v1/listing-applications/${first.body.id}/acceptance`, { officerId: 'staff-kjj-liaison' })).status).toBe(403);
  expect((await rows())[0]!.state).toBe('pending');
});

test('the commission declines with a reason the enterprise sees; the next application is accepted and enrols the enterprise', async () => {
  // Staff see the enterprise's service officer (the acceptance form proposes them); the
  // enterprise never sees a staff id (checked below).
  expect((await commission.put('/api/v1/enterprises/ent-005/service-officer', { officerId: 'staff-kjj-liaison', reason: '一企一策一人' })).status).toBe(200);
  const pending = await commission.get('/api/v1/listing-applications?state=pending');
  expect(pending.status).toBe(200);
  const first = pending.body.applications.find((entry: { enterprise: { id: string } }) => entry.enterprise.id === 'ent-005');
  expect(first).toBeDefined();
  expect(first.enterprise).toEqual({ id: 'ent-005', name: expect.any(String), serviceOfficerId: 'staff-kjj-liaison' });

  const declined = await commission.post(`/api/v1/listing-applications/${first.id}/decline`, { reason: '营业收入规模尚未达到入库标准，请明年再申请' });
  expect(declined.status).toBe(200);
  expect(declined.body).toMatchObject({ state: 'declined', stateLabel: '未纳入', reason: '营业收入规模尚未达到入库标准，请明年再申请', decidedBy: 'staff-jxw-officer-1' });
  const seen = await ent005.get(`/api/v1/listing-applications/${first.id}`);
  expect(seen.body).toMatchObject({ state: 'declined', reason: '营业收入规模尚未达到入库标准，请明年再申请' });
  // Who decided is the commission's business: the enterprise gets no staff member's id.
  expect(seen.body.decidedBy).toBeNull();
  expect(JSON.stringify((await ent005.get('/api/v1/listing-applications')).body)).not.toContain('staff-');
  // A decided application takes no second decision.
  const late = await commission.post(`/api/v1/listing-applications/${first.id}/acceptance`, { officerId: 'staff-kjj-liaison' });
  expect(late.status).toBe(409);
  expect(await harness.database.db.listingCase.findUnique({ where: { enterpriseId: 'ent-005' } })).toBeNull();

  const again = await ent005.post('/api/v1/listing-applications', application('已补充上年度审计报告，计划后年申报北交所'));
  expect(again.status).toBe(201);
  const badOfficer = await commission.post(`/api/v1/listing-applications/${again.body.id}/acceptance`, { officerId: 'staff-no-such-person' });
  expect(badOfficer.status).toBe(400);
  expect((await harness.database.db.listingApplication.findUniqueOrThrow({ where: { id: again.body.id } })).state).toBe('pending');

  const accepted = await commission.post(`/api/v1/listing-applications/${again.body.id}/acceptance`, { officerId: 'staff-kjj-liaison', comment: '同意纳入区级培育库' });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ state: 'accepted', stateLabel: '已纳入培育库', reason: '同意纳入区级培育库' });
  const caseId: string = accepted.body.caseId;
  const listingCase = await harness.database.db.listingCase.findUniqueOrThrow({ where: { id: caseId } });
  expect(listingCase).toMatchObject({ enterpriseId: 'ent-005', officerId: 'staff-kjj-liaison', officerUnitId: 'kjj', currentMilestone: 'district_pool' });
  // The application's documents are the enrolment's evidence.
  expect(JSON.stringify(listingCase.reached)).toContain('食科〔2026〕12 号');

  // The enterprise follows its case; a retried acceptance changes nothing; a new application is refused.
  const own = await ent005.get(`/api/v1/listing-cases/${caseId}`);
  expect(own.status).toBe(200);
  expect(own.body.currentMilestone.key).toBe('district_pool');
  const retried = await commission.post(`/api/v1/listing-applications/${again.body.id}/acceptance`, { officerId: 'staff-kjj-liaison' });
  expect(retried.status).toBe(200);
  expect(retried.body.caseId).toBe(caseId);
  const afterEnrol = await ent005.post('/api/v1/listing-applications', application('再次申请纳入区级培育库的计划'));
  expect(afterEnrol.status).toBe(409);
  expect(afterEnrol.body.error.code).toBe('ALREADY_ENROLLED');

  const cases = await ent005.get('/api/v1/enterprises/ent-005/cases');
  expect(cases.status).toBe(200);
  expect(cases.body.cases).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ kind: 'listing', id: caseId, stateLabel: '培育中' }),
      expect.objectContaining({ kind: 'listing_application', id: first.id, stateLabel: '未纳入' }),
    ]),
  );
  expect((await ent004.get('/api/v1/enterprises/ent-005/cases')).status).toBe(403);

  const audit = await harness.database.db.auditEvent.findMany({ where: { subject: { in: [`listing-application:${first.id}`, `listing-application:${again.body.id}`] } }, orderBy: { seq: 'asc' } });
  expect(audit.map((event) => event.action)).toEqual(['listing.application.submit', 'listing.application.decline', 'listing.application.submit', 'listing.application.accept']);
});

test('an acceptance and a decline at the same moment: one decision wins, and the enterprise is enrolled only if it was the acceptance', async () => {
  const applied = await ent004.post('/api/v1/listing-applications', application('计划三年内申报北交所，正在选聘券商'));
  expect(applied.status).toBe(201);
  const [accepted, declined] = await Promise.all([
    commission.post(`/api/v1/listing-applications/${applied.body.id}/acceptance`, { officerId: 'staff-kjj-liaison' }),
    commission.post(`/api/v1/listing-applications/${applied.body.id}/decline`, { reason: '同一时刻的不予纳入（并发测试）' }),
  ]);
  expect([accepted.status, declined.status].sort()).toEqual([200, 409]);
  const row = await harness.database.db.listingApplication.findUniqueOrThrow({ where: { id: applied.body.id } });
  const listingCase = await harness.database.db.listingCase.findUnique({ where: { enterpriseId: 'ent-004' } });
  if (accepted.status === 200) {
    expect(row).toMatchObject({ state: 'accepted', caseId: listingCase?.id });
  } else {
    expect(row.state).toBe('declined');
    expect(listingCase).toBeNull();
  }
  const decisions = await harness.database.db.auditEvent.count({ where: { subject: `listing-application:${applied.body.id}`, action: { in: ['listing.application.accept', 'listing.application.decline'] } } });
  expect(decisions).toBe(1);
});

test('an application pending while the commission enrols the enterprise directly is accepted into that case', async () => {
  const ent003 = await signIn(harness.app, users.enterpriseContact('ent-003'));
  const applied = await ent003.post('/api/v1/listing-applications', application('计划明年完成股改，后年申报创业板'));
  expect(applied.status).toBe(201);
  const enrolled = await commission.post('/api/v1/listing-cases', { enterpriseId: 'ent-003', officerId: 'staff-sthjj-liaison', enrolledOn: shanghaiDateOf(new Date()), documents: [{ title: '区级培育库入库通知' }] });
  expect(enrolled.status).toBe(201);
  const accepted = await commission.post(`/api/v1/listing-applications/${applied.body.id}/acceptance`, { officerId: 'staff-kjj-liaison' });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ state: 'accepted', caseId: enrolled.body.id });
  // The direct enrolment's officer stays: the acceptance made no second case.
  expect(await harness.database.db.listingCase.count({ where: { enterpriseId: 'ent-003' } })).toBe(1);
  const audit = await harness.database.db.auditEvent.findFirstOrThrow({ where: { subject: `listing-application:${applied.body.id}`, action: 'listing.application.accept' } });
  expect(audit.detail).toMatchObject({ enrolledBefore: true });
});
