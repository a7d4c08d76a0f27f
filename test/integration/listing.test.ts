import request from 'supertest';
import type { Express } from 'express';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { recordHistory } from '../support/histories';
import { eventually } from '../support/eventually';
import { WorkflowClient, listingWorkflowId } from '../../api/workflow-client';
import { loadListingProgramme } from '../../api/listing/programme';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { addMonths } from '../../domain/listing/listing';

// 上市培育 end to end on the dev server through the HTTP API: enrolment with past dates (so the
// next milestone is already overdue and escalates at once), evidence and confirmation in order,
// a staged reward claim, a change of service officer, and continue-as-new with a lowered threshold.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission!: ApiClient;
let jrzx!: ApiClient;
let kjj!: ApiClient;
let enterprise!: ApiClient;
let leader!: ApiClient;
let degan!: ApiClient;

const today = shanghaiDateOf(new Date());
const enrolledOn = addMonths(today, -24);
let caseId: string;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [commission, jrzx, kjj, enterprise, leader, degan] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('jrzx')),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.districtLeader),
    signIn(app, users.liaison('park-degan')),
  ]);
  caseId = new WorkflowClient(harness.temporal, harness.worker.taskQueue).listingCaseId('ent-001');
});

afterAll(async () => {
  await harness?.stop();
});

const listingItemsOf = (id: string, type: string) => database.db.supervisedItem.findMany({ where: { sourceKind: 'listing', sourceId: id, type } });
const listingItems = (type: string) => listingItemsOf(caseId, type);

test('the commission enrols an enterprise with its officer; a first check-in goes to the officer unit and the overdue next milestone escalates once', async () => {
  const body = { enterpriseId: 'ent-001', officerId: 'staff-jrzx-liaison', enrolledOn, documents: [{ title: '区级上市培育库入库通知', reference: '津经信发〔2024〕1号' }] };
  expect((await kjj.post('/api/v1/listing-cases', body)).status).toBe(403);
  const unknownOfficer = await commission.post('/api/v1/listing-cases', { ...body, officerId: 'no-such-staff' });
  expect(unknownOfficer.status).toBe(400);
  expect(unknownOfficer.body.error.fields[0].path).toBe('officerId');

  const enrolled = await commission.post('/api/v1/listing-cases', body).set('Idempotency-Key', 'listing-enrol-0001');
  expect(enrolled.status).toBe(201);
  expect(enrolled.body).toMatchObject({
    id: caseId,
    currentMilestone: { key: 'district_pool', label: '区级培育库' },
    nextMilestone: { key: 'municipal_reserve', expectedBy: addMonths(enrolledOn, 12) },
    officer: { staffId: 'staff-jrzx-liaison', unitId: 'jrzx' },
    enrolledOn,
    listedOn: null,
  });
  expect(enrolled.body.reached[0]).toMatchObject({ key: 'district_pool', reachedOn: enrolledOn });
  const retry = await commission.post('/api/v1/listing-cases', body).set('Idempotency-Key', 'listing-enrol-0001');
  expect(retry.status).toBe(201);
  const again = await commission.post('/api/v1/listing-cases', body);
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('ALREADY_ENROLLED');

  const checkIns = await eventually(() => listingItems('listing_checkin'), (items) => items.length === 1);
  expect(checkIns).toHaveLength(1);
  expect(checkIns[0]!.leadUnitId).toBe('jrzx');
  const stalled = await eventually(() => commission.get(`/api/v1/listing-cases/${caseId}`), (response) => response.body.stallEscalations?.length === 1);
  expect(stalled.body.stallEscalations).toEqual([expect.objectContaining({ milestone: 'municipal_reserve' })]);
  const stallItems = await listingItems('listing_stall');
  expect(stallItems.map((item) => item.leadUnitId)).toEqual(['jxw']);
  expect(stalled.body.items.map((item: { type: string; state: string }) => [item.type, item.state])).toEqual([
    ['listing_checkin', 'pending_sign'],
    ['listing_stall', 'pending_sign'],
  ]);
  expect(stalled.body.timeline.map((event: { action: string }) => event.action)).toEqual(['enrol', 'check_in', 'stall']);
  expect(await database.db.auditEvent.count({ where: { subject: `listing:${caseId}` } })).toBe(3);

  // Who sees it: the officer's unit, the enterprise itself and the district's leaders; not another unit.
  expect((await jrzx.get(`/api/v1/listing-cases/${caseId}`)).status).toBe(200);
  const enterpriseView = await enterprise.get(`/api/v1/listing-cases/${caseId}`);
  expect(enterpriseView.body.timeline).toHaveLength(3);
  // The enterprise sees the acting unit, never a staff member's id.
  expectNoStaffIds(stalled.body, enterpriseView.body);
  expect((await leader.get(`/api/v1/listing-cases/${caseId}`)).status).toBe(200);
  expect((await kjj.get(`/api/v1/listing-cases/${caseId}`)).body.error.code).toBe('WRONG_UNIT');
  expect((await kjj.get('/api/v1/listing-cases')).body.cases).toEqual([]);
  expect((await jrzx.get('/api/v1/listing-cases')).body.cases.map((row: { id: string }) => row.id)).toEqual([caseId]);
  expect((await request(app).get(`/api/v1/listing-cases/${caseId}`)).status).toBe(401);
});

test('out-of-order milestones and missing evidence are refused with clear errors and nothing written', async () => {
  const before = await database.db.listingEvent.count();
  const skip = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'shareholding_reform', reachedOn: today });
  expect(skip.status).toBe(409);
  expect(skip.body.error).toMatchObject({ code: 'MILESTONE_OUT_OF_ORDER' });
  expect(skip.body.error.message).toContain('市级拟上市后备库');
  const noEvidence = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: today });
  expect(noEvidence.status).toBe(409);
  expect(noEvidence.body.error.code).toBe('MISSING_EVIDENCE');
  const backwards = await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'district_pool', documents: [{ title: '重复的入库通知' }] });
  expect(backwards.body.error.code).toBe('MILESTONE_OUT_OF_ORDER');
  const empty = await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'municipal_reserve' });
  expect(empty.status).toBe(400);
  const foreignAttachment = await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'municipal_reserve', attachmentIds: ['00000000-0000-4000-8000-0000000000aa'] });
  expect(foreignAttachment.status).toBe(400);
  expect((await commission.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'municipal_reserve', documents: [{ title: '名单' }] })).status).toBe(403);
  expect((await kjj.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'municipal_reserve', documents: [{ title: '名单' }] })).body.error.code).toBe('WRONG_UNIT');
  expect((await jrzx.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: today })).status).toBe(403);
  const future = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: addCalendarDays(today, 3) });
  expect(future.status).toBe(400);
  expect(await database.db.listingEvent.count()).toBe(before);
});

test('evidence then confirmation, in order; a milestone with a staged reward starts a reward claim item for the commission', async () => {
  const reserveOn = addMonths(enrolledOn, 1);
  // The officer's unit does its check-in through the item's own actions and attaches the list there.
  const [checkIn] = await listingItems('listing_checkin');
  expect((await jrzx.post(`/api/v1/items/${checkIn!.id}/sign`, {})).status).toBe(200);
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  const uploaded = await jrzx.post(`/api/v1/items/${checkIn!.id}/attachments`).set('Content-Type', 'application/pdf').send(pdf);
  expect(uploaded.status).toBe(201);
  expect((await jrzx.post(`/api/v1/items/${checkIn!.id}/report`, { result: '已走访企业，企业已列入市级储备库名单' })).status).toBe(200);
  const evidence = await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, {
    milestone: 'municipal_reserve',
    documents: [{ title: '市级拟上市企业储备库名单', reference: '渝经信发〔2024〕9号' }],
    attachmentIds: [uploaded.body.id],
  });
  expect(evidence.status).toBe(200);
  expect(evidence.body.pendingEvidence).toHaveLength(1);
  expect(evidence.body.pendingEvidence[0].attachmentIds).toEqual([uploaded.body.id]);
  const early = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: addCalendarDays(enrolledOn, -1) });
  expect(early.status).toBe(400);
  const reserve = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: reserveOn }).set('Idempotency-Key', 'listing-confirm-0001');
  expect(reserve.status).toBe(200);
  expect(reserve.body.currentMilestone.key).toBe('municipal_reserve');
  expect(reserve.body.reached[1]).toMatchObject({ key: 'municipal_reserve', reachedOn: reserveOn, confirmedBy: 'staff-jxw-officer-1' });
  expect(reserve.body.reached[1].evidence[0].documents[0].reference).toBe('渝经信发〔2024〕9号');
  expect(reserve.body.pendingEvidence).toEqual([]);
  const retried = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'municipal_reserve', reachedOn: reserveOn }).set('Idempotency-Key', 'listing-confirm-0001');
  expect(retried.status).toBe(200);
  expect(retried.body.reached).toHaveLength(2);

  expect((await enterprise.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'shareholding_reform', documents: [{ title: '股份有限公司营业执照' }] })).status).toBe(200);
  const reform = await commission.post(`/api/v1/listing-cases/${caseId}/milestones`, { milestone: 'shareholding_reform', reachedOn: addMonths(enrolledOn, 5) });
  expect(reform.status).toBe(200);
  expect(reform.body.rewardClaims).toEqual([expect.objectContaining({ milestone: 'shareholding_reform', stage: '股改奖励' })]);
  const claims = await listingItems('listing_reward_claim');
  expect(claims).toHaveLength(1);
  expect(claims[0]).toMatchObject({ id: reform.body.rewardClaims[0].itemId, leadUnitId: 'jxw', state: 'pending_sign' });
  // No measure-30 round is open: the claim falls back to the commission, with the reason in the title and the timeline.
  expect(reform.body.rewardClaims[0]).toMatchObject({ kind: 'supervised_item', id: claims[0]!.id, href: `/api/v1/items/${claims[0]!.id}` });
  expect(reform.body.rewardClaims[0].fallbackReason).toContain('没有奖励所属措施的开放申报批次');
  expect(claims[0]!.title).toContain('无开放的申报批次');
  // A stall of the next milestone may already follow it in the timeline.
  expect(reform.body.timeline.find((event: { action: string }) => event.action === 'reward_claim')).toMatchObject({ action: 'reward_claim', detail: expect.objectContaining({ kind: 'supervised_item', fallbackReason: expect.any(String) }) });
  // The next milestone (挂牌) was due 6 months after 股改, long ago: it escalates too, once.
  const stalled = await eventually(() => commission.get(`/api/v1/listing-cases/${caseId}`), (response) => response.body.stallEscalations?.length === 3);
  expect(stalled.body.stallEscalations.map((entry: { milestone: string }) => entry.milestone)).toEqual(['municipal_reserve', 'shareholding_reform', 'srdi_board_listing']);
});

test('a new service officer takes over evidence; the old unit no longer may', async () => {
  const changed = await commission.put(`/api/v1/listing-cases/${caseId}/officer`, { officerId: 'staff-park-degan-liaison', reason: '企业迁入德感工业园，改由园区服务' });
  expect(changed.status).toBe(200);
  expect(changed.body.officer).toMatchObject({ staffId: 'staff-park-degan-liaison', unitId: 'park-degan' });
  expect((await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'srdi_board_listing', documents: [{ title: '挂牌通知' }] })).body.error.code).toBe('WRONG_UNIT');
  expect((await degan.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'srdi_board_listing', documents: [{ title: '挂牌通知' }] })).status).toBe(200);
  const timeline = (await enterprise.get(`/api/v1/listing-cases/${caseId}`)).body.timeline.map((event: { action: string }) => event.action);
  expect(timeline.slice(-2)).toEqual(['officer', 'evidence']);
});

test('a case continues as new with a lowered threshold and keeps its state, up to 上市', async () => {
  const programme = loadListingProgramme();
  const workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
  const started = addMonths(today, -60);
  const state = await workflows.enrolListing({
    enterpriseId: 'ent-002',
    enterpriseName: '江津示例新材料科技有限公司（虚构）',
    commissionUnitId: 'jxw',
    programme,
    officer: { staffId: 'staff-jrzx-liaison', name: '示例', unitId: 'jrzx' },
    enrolment: { enrolledOn: started, evidence: { documents: [{ title: '入库通知' }], attachmentIds: [], recordedBy: 'staff-jxw-officer-1' }, by: 'staff-jxw-officer-1', at: new Date().toISOString() },
    historyLimit: 60,
  });
  const id = state.caseId;
  const handle = harness.temporal.workflow.getHandle(listingWorkflowId(id));
  const firstRun = (await handle.describe()).runId;
  const milestones = programme.milestones.slice(1);
  for (const [index, milestone] of milestones.entries()) {
    const reachedOn = addMonths(started, index + 1);
    const evidence = await jrzx.post(`/api/v1/listing-cases/${id}/evidence`, { milestone: milestone.key, documents: [{ title: `${milestone.label}佐证`, reference: `测试〔${index}〕号` }] });
    expect(evidence.status).toBe(200);
    const confirmed = await commission.post(`/api/v1/listing-cases/${id}/milestones`, { milestone: milestone.key, reachedOn }).set('Idempotency-Key', `listing-can-${index}-confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.reached).toHaveLength(index + 2);
  }
  const listed = await eventually(() => commission.get(`/api/v1/listing-cases/${id}`), (response) => response.body.listedOn !== null);
  expect(listed.body.listedOn).toBe(addMonths(started, milestones.length));
  expect(listed.body.currentMilestone.key).toBe('listed');
  expect(listed.body.reached.map((entry: { key: string }) => entry.key)).toEqual(programme.milestones.map((milestone) => milestone.key));
  expect(listed.body.reached.every((entry: { evidence: unknown[] }) => entry.evidence.length === 1)).toBe(true);
  expect(listed.body.officer.staffId).toBe('staff-jrzx-liaison');
  // Each reward stage claimed once, across runs; the seq of the timeline has no gap or repeat.
  expect(listed.body.rewardClaims.map((claim: { milestone: string }) => claim.milestone)).toEqual(programme.milestones.filter((m) => m.rewardClaim).map((m) => m.key));
  expect(listed.body.timeline.map((event: { seq: number }) => event.seq)).toEqual(listed.body.timeline.map((_: unknown, index: number) => index + 1));
  const result = await handle.result();
  expect(result).toEqual({ caseId: id, listedOn: listed.body.listedOn });
  expect((await handle.describe()).runId).not.toBe(firstRun);
  // The case has ended with 上市: a further confirmation is refused.
  expect((await commission.post(`/api/v1/listing-cases/${id}/milestones`, { milestone: 'listed', reachedOn: today })).body.error.code).toBe('INVALID_STATE');

  await recordHistory(harness.temporal, listingWorkflowId(caseId), 'enrol-evidence-confirm-reward-officer');
  // The last run of the case that continued as new: it starts from carried state and ends with 上市.
  await recordHistory(harness.temporal, handle.workflowId, 'continued-to-listed');
}, 90_000);

test('with a measure-30 round open, confirming 股改 starts a subsidy application for the enterprise, visible in 资金补助', async () => {
  const programme = loadListingProgramme();
  const round = await commission.post('/api/v1/subsidy-rounds', {
    measureId: programme.rewardMeasureId,
    title: '2026 年上市培育分阶段奖励（测试）',
    opensOn: addCalendarDays(today, -10),
    closesOn: addCalendarDays(today, 10),
    eligibility: { inDistrict: true },
    materials: [{ code: 'milestone_proof', label: '里程碑佐证材料' }],
    maxAmount: 50,
  });
  expect(round.status).toBe(201);
  const started = addMonths(today, -3);
  const enrolled = await commission.post('/api/v1/listing-cases', { enterpriseId: 'ent-003', officerId: 'staff-jrzx-liaison', enrolledOn: started, documents: [{ title: '区级上市培育库入库通知' }] });
  expect(enrolled.status).toBe(201);
  const id = enrolled.body.id as string;
  for (const [index, milestone] of ['municipal_reserve', 'shareholding_reform'].entries()) {
    expect((await jrzx.post(`/api/v1/listing-cases/${id}/evidence`, { milestone, documents: [{ title: `${milestone} 佐证`, reference: `测试〔${index}〕号` }] })).status).toBe(200);
    expect((await commission.post(`/api/v1/listing-cases/${id}/milestones`, { milestone, reachedOn: addMonths(started, index + 1) })).status).toBe(200);
  }
  const view = await eventually(() => commission.get(`/api/v1/listing-cases/${id}`), (response) => response.body.rewardClaims?.[0]?.state === 'town_review');
  const [claim] = view.body.rewardClaims;
  expect(claim).toMatchObject({ milestone: 'shareholding_reform', stage: '股改奖励', kind: 'subsidy_application', roundId: round.body.id, state: 'town_review', href: `/api/v1/subsidy-applications/${claim.id}` });
  expect(view.body.timeline.find((event: { action: string }) => event.action === 'reward_claim')).toMatchObject({ action: 'reward_claim', detail: expect.objectContaining({ kind: 'subsidy_application', applicationId: claim.id }) });
  // No commission item for it: the application's own steps carry it.
  expect(await listingItemsOf(id, 'listing_reward_claim')).toEqual([]);

  const application = await commission.get(`/api/v1/subsidy-applications/${claim.id}`);
  expect(application.status).toBe(200);
  const reformEvidence = view.body.reached[2].evidence.map((entry: { id: string }) => entry.id);
  expect(application.body).toMatchObject({
    enterpriseId: 'ent-003',
    roundId: round.body.id,
    state: 'town_review',
    requestedAmount: programme.milestones.find((m) => m.key === 'shareholding_reform')!.rewardClaim!.amount,
    origin: { kind: 'listing_milestone', id: `${id}:shareholding_reform` },
  });
  expect(application.body.materials[0].code).toBe('milestone_proof');
  expect(application.body.materials[0].description).toContain('见上市培育里程碑佐证');
  expect(application.body.materials[0].description).toContain(reformEvidence[0]);
  expect((await commission.get('/api/v1/subsidy-applications')).body.applications.map((row: { id: string }) => row.id)).toContain(claim.id);
  // Filed by the commission officer who confirmed 股改; the first step is with the enterprise's town.
  expect((await database.db.subsidyApplication.findUnique({ where: { id: claim.id } }))?.applicantId).toBe('staff-jxw-officer-1');
  // The application is in town_review once its workflow has recorded it; the step's item records itself a moment later.
  const townItem = await eventually(() => database.db.supervisedItem.findFirst({ where: { sourceKind: 'subsidy', sourceId: claim.id } }), (row) => row !== null);
  expect(townItem).toMatchObject({ type: 'subsidy_town_review', leadUnitId: 'town-luohuang' });

  await recordHistory(harness.temporal, listingWorkflowId(id), 'reward-starts-subsidy');
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
