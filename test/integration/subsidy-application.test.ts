import type { Express } from 'express';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { recordHistory } from '../support/histories';
import { WorkingCalendar, addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { toDateColumn } from '../../prisma/date-column';
import { calendarChangedSignal } from '../../workflows/supervision/messages';
import { eventually } from '../support/eventually';

// 资金补助 end to end through the HTTP API on the dev server: rounds with their window and
// eligibility, an application through every step to 验收, the one-time 补正 notice that suspends
// the formal review item's clock, an objection during 公示, and who may see and do what.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission!: ApiClient;
let town!: ApiClient;
let czj!: ApiClient;
let kjj!: ApiClient;
let enterprise!: ApiClient;
let otherEnterprise!: ApiClient;
let openRoundId: string;

const today = shanghaiDateOf(new Date());
const measure = 'jiangjin-srdi-2022-2025/measure/29';
const materials = [
  { code: 'application_form', label: '申报书' },
  { code: 'audit_report', label: '上年度审计报告' },
];
const declared = [
  { code: 'application_form', description: '研发投入补助申报书（盖章）' },
  { code: 'audit_report', description: '2025 年度审计报告' },
];
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);


const openRound = (client: ApiClient, body: Record<string, unknown>) =>
  client.post('/api/v1/subsidy-rounds', { measureId: measure, title: '2026 年研发投入补助', opensOn: addCalendarDays(today, -30), closesOn: addCalendarDays(today, 10), materials, maxAmount: 50, ...body });
const apply = (roundId: string, body: Record<string, unknown> = {}) => enterprise.post('/api/v1/subsidy-applications', { roundId, requestedAmount: 30, materials: declared, ...body });
const decide = (client: ApiClient, id: string, step: string, body: Record<string, unknown> = {}) =>
  client.post(`/api/v1/subsidy-applications/${id}/decision`, { step, outcome: 'pass', ...body });
const counts = async () => ({
  applications: await database.db.subsidyApplication.count(),
  // Refused requests write nothing but the security trail of a refused access (403).
  audit: await database.db.auditEvent.count({ where: { NOT: { action: { startsWith: 'security.' } } } }),
});

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [commission, town, czj, kjj, enterprise, otherEnterprise] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('town-degan')),
    signIn(app, users.liaison('czj')),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.enterpriseContact('ent-002')),
  ]);
  const opened = await openRound(commission, { eligibility: { inDistrict: true, minRevenue: 5000, minRdRatio: 0.03 } });
  expect(opened.status).toBe(201);
  openRoundId = opened.body.id;
});

afterAll(async () => {
  await harness?.stop();
});

test('rounds: only the commission opens one; applications outside the window, ineligible or incomplete are refused and nothing is written', async () => {
  expect((await openRound(enterprise, {})).status).toBe(403);
  expect((await openRound(kjj, {})).status).toBe(403);
  const backwards = await openRound(commission, { opensOn: today, closesOn: addCalendarDays(today, -1) });
  expect(backwards.status).toBe(400);
  expect(backwards.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'closesOn' })]));
  expect((await openRound(commission, { measureId: 'no-such-measure' })).status).toBe(400);
  const shortPublicity = await openRound(commission, { publicityDays: 1 });
  expect([shortPublicity.status, shortPublicity.body.error.fields]).toEqual([400, [expect.objectContaining({ path: 'publicityDays', message: '公示期不少于 5 个工作日' })]]);

  const closed = await openRound(commission, { title: '2025 年研发投入补助（已截止）', opensOn: addCalendarDays(today, -60), closesOn: addCalendarDays(today, -1) });
  const upcoming = await openRound(commission, { title: '2027 年研发投入补助', opensOn: addCalendarDays(today, 30), closesOn: addCalendarDays(today, 60) });
  const demanding = await openRound(commission, { title: '示范企业奖励', eligibility: { minRevenue: 1_000_000 } });
  const listed = await enterprise.get('/api/v1/subsidy-rounds');
  expect(listed.status).toBe(200);
  expect(listed.body.rounds.map((round: { status: string }) => round.status)).toEqual(expect.arrayContaining(['open', 'closed', 'upcoming']));

  const before = await counts();
  const late = await apply(closed.body.id);
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('SUBSIDY_ROUND_CLOSED');
  expect(late.body.error.message).toContain('逾期不再受理');
  const early = await apply(upcoming.body.id);
  expect(early.body.error.code).toBe('SUBSIDY_ROUND_NOT_OPEN');
  const ineligible = await apply(demanding.body.id);
  expect(ineligible.status).toBe(409);
  expect(ineligible.body.error.code).toBe('NOT_ELIGIBLE');
  expect(ineligible.body.error.message).toContain('营业收入');
  const incomplete = await apply(openRoundId, { materials: declared.slice(0, 1) });
  expect(incomplete.status).toBe(400);
  expect(incomplete.body.error.fields).toEqual([{ path: 'materials', message: '缺少申报材料：上年度审计报告' }]);
  expect((await apply(openRoundId, { requestedAmount: 80 })).status).toBe(400);
  expect((await commission.post('/api/v1/subsidy-applications', { roundId: openRoundId, requestedAmount: 30, materials: declared })).status).toBe(403);
  expect(await counts()).toEqual(before);
});

test('an application goes through every step to 验收; 补正 suspends the formal review clock until the enterprise resubmits', async () => {
  const applied = await enterprise.post('/api/v1/subsidy-applications', { roundId: openRoundId, requestedAmount: 30, materials: declared }).set('Idempotency-Key', 'subsidy-test-full-1');
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;
  expect(applied.body).toMatchObject({ state: 'town_review', enterpriseId: 'ent-001' });
  expect(applied.body.steps).toEqual([expect.objectContaining({ step: 'town_review', leadUnitId: 'town-degan', itemState: 'pending_sign' })]);
  // A retry with the same key is the same application.
  const retried = await enterprise.post('/api/v1/subsidy-applications', { roundId: openRoundId, requestedAmount: 30, materials: declared }).set('Idempotency-Key', 'subsidy-test-full-1');
  expect(retried.body.id).toBe(id);

  // Who sees it: the enterprise and the town it went to, the commission; not another enterprise or an uninvolved unit.
  expect((await otherEnterprise.get(`/api/v1/subsidy-applications/${id}`)).status).toBe(403);
  expect((await kjj.get(`/api/v1/subsidy-applications/${id}`)).status).toBe(403);
  expect((await otherEnterprise.get('/api/v1/subsidy-applications')).body.applications).toEqual([]);
  expect((await town.get('/api/v1/subsidy-applications')).body.applications.map((a: { id: string }) => a.id)).toContain(id);
  expect((await commission.get(`/api/v1/subsidy-applications/${id}`)).status).toBe(200);

  // 初审: only the town; the unit signs for its item with the item action, then concludes.
  expect((await decide(czj, id, 'town_review')).status).toBe(403);
  expect((await decide(enterprise, id, 'town_review')).status).toBe(403);
  expect((await decide(town, id, 'formal_review')).status).toBe(409);
  const townItem = applied.body.currentItemId as string;
  expect((await town.post(`/api/v1/items/${townItem}/sign`)).status).toBe(200);
  const reviewed = await decide(town, id, 'town_review', { reason: '企业在册，材料真实' });
  expect(reviewed.status).toBe(200);
  expect(reviewed.body.state).toBe('formal_review');
  expect(reviewed.body.steps[0]).toMatchObject({ step: 'town_review', itemState: 'closed' });

  // 形式审查: one notice listing everything missing; the item's clock stops.
  expect((await decide(commission, id, 'formal_review', { outcome: 'incomplete' })).status).toBe(400);
  const notice = await decide(commission, id, 'formal_review', { outcome: 'incomplete', missing: ['研发费用专项审计报告', '发明专利证书复印件'] });
  expect(notice.status).toBe(200);
  expect(notice.body.state).toBe('awaiting_supplement');
  expect(notice.body.notice).toMatchObject({ missing: ['研发费用专项审计报告', '发明专利证书复印件'] });
  expect(notice.body.notice.dueOn > today).toBe(true);
  const suspended = notice.body.steps.find((step: { step: string }) => step.step === 'formal_review');
  expect(suspended).toMatchObject({ itemState: 'in_progress', dueOn: null, clock: { running: false } });
  expect(suspended.clock.suspensions).toEqual([expect.objectContaining({ open: true, reason: expect.stringContaining('一次性告知补正') })]);
  expect((await decide(commission, id, 'formal_review')).status).toBe(409);
  // The enterprise sees the list and supplies the material.
  const seen = await enterprise.get(`/api/v1/subsidy-applications/${id}`);
  expect(seen.body.notice.missing).toHaveLength(2);
  const uploaded = await enterprise.agent
    .post(`/api/v1/subsidy-applications/${id}/attachments`)
    .set('X-CSRF-Token', enterprise.csrfToken)
    .set('Content-Type', 'application/pdf')
    .set('X-File-Name', encodeURIComponent('专项审计报告.pdf'))
    .send(pdf);
  expect(uploaded.status).toBe(201);
  expect((await otherEnterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '已补正' })).status).toBe(403);
  expect((await enterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '' })).status).toBe(400);
  const supplied = await enterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '已上传专项审计报告与专利证书' });
  expect(supplied.status).toBe(200);
  expect(supplied.body.state).toBe('formal_review');
  const resumed = supplied.body.steps.find((step: { step: string }) => step.step === 'formal_review');
  expect(resumed.clock.running).toBe(true);
  expect(resumed.dueOn).not.toBeNull();
  expect(resumed.clock.suspensions).toEqual([expect.objectContaining({ open: false, excludedDays: expect.any(Number) })]);
  expect((await enterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '再次补正' })).status).toBe(409);
  // 一次性告知 means once: a second notice is refused (material still wanting is a 不通过).
  const secondNotice = await decide(commission, id, 'formal_review', { outcome: 'incomplete', missing: ['首次未告知的材料'] });
  expect([secondNotice.status, secondNotice.body.error.code]).toEqual([409, 'INVALID_STATE']);
  expect(secondNotice.body.error.message).toContain('不能再次要求补正');
  expect((await commission.get(`/api/v1/subsidy-applications/${id}`)).body).toMatchObject({ state: 'formal_review', notice: { missing: ['研发费用专项审计报告', '发明专利证书复印件'] } });

  expect((await decide(commission, id, 'formal_review')).body.state).toBe('verification');
  // From 核查 on the applicant's file is closed: a late upload is refused and nothing is stored.
  const attachmentsBefore = await database.db.itemAttachment.count();
  const late = await enterprise.agent
    .post(`/api/v1/subsidy-applications/${id}/attachments`)
    .set('X-CSRF-Token', enterprise.csrfToken)
    .set('Content-Type', 'application/pdf')
    .set('X-File-Name', encodeURIComponent('补充说明.pdf'))
    .send(pdf);
  expect([late.status, late.body.error?.code]).toEqual([409, 'INVALID_STATE']);
  expect(await database.db.itemAttachment.count()).toBe(attachmentsBefore);
  // A retried conclusion with the same Idempotency-Key acts once.
  const verify = () => decide(commission, id, 'verification', { reason: '现场核查属实' }).set('Idempotency-Key', 'subsidy-test-verify-1');
  expect((await verify()).body.state).toBe('joint_review');
  const again = await verify();
  expect(again.status).toBe(200);
  expect(again.body.timeline.filter((event: { step: string; action: string }) => event.step === 'verification' && event.action === 'decide')).toHaveLength(1);
  // 部门会审: the finance bureau gives its opinion (co-report) before the commission concludes.
  const early = await decide(commission, id, 'joint_review');
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('CO_UNITS_PENDING');
  const jointItem = (await commission.get(`/api/v1/subsidy-applications/${id}`)).body.currentItemId;
  expect((await czj.post(`/api/v1/items/${jointItem}/co-report`, { report: '资金渠道已落实' })).status).toBe(200);
  expect((await decide(commission, id, 'joint_review')).body.state).toBe('approval');

  // 审定: the amount is bounded; publicity started ten days ago has run out, so it goes on to 拨付.
  expect((await decide(commission, id, 'approval', { amount: 60, publicityFrom: today })).status).toBe(400);
  expect((await decide(commission, id, 'approval', { amount: 20, publicityFrom: addCalendarDays(today, 1) })).status).toBe(400);
  // A 公示 said to have begun before the round opened is refused (no objection period at all).
  const backdated = await decide(commission, id, 'approval', { amount: 20, publicityFrom: addCalendarDays(today, -365) });
  expect([backdated.status, backdated.body.error.fields[0].path]).toEqual([400, 'publicityFrom']);
  expect((await commission.get(`/api/v1/subsidy-applications/${id}`)).body.state).toBe('approval');
  const approved = await decide(commission, id, 'approval', { amount: 25, publicityFrom: addCalendarDays(today, -20) });
  expect(approved.status).toBe(200);
  expect(approved.body.approvedAmount).toBe(25);
  const paying = await eventually(
    () => czj.get(`/api/v1/subsidy-applications/${id}`),
    (response) => response.body.state === 'disbursement',
  );
  expect(paying.body.state).toBe('disbursement');
  expect((await decide(czj, id, 'disbursement', { amount: 20 })).status).toBe(400);
  expect((await decide(czj, id, 'disbursement', { amount: 25 })).body.state).toBe('acceptance');
  const done = await decide(commission, id, 'acceptance', { reason: '项目完成，绩效达标' });
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ state: 'completed', approvedAmount: 25, paidAmount: 25 });
  expect(done.body.steps.map((step: { step: string; itemState: string }) => [step.step, step.itemState])).toEqual([
    ['town_review', 'closed'],
    ['formal_review', 'closed'],
    ['verification', 'closed'],
    ['joint_review', 'closed'],
    ['approval', 'closed'],
    ['disbursement', 'closed'],
    ['acceptance', 'closed'],
  ]);
  expect(done.body.timeline.map((event: { action: string }) => event.action)).toEqual(
    expect.arrayContaining(['submit', 'assign_step', 'decide', 'request_supplement', 'supply', 'publicity_end', 'complete']),
  );
  // The enterprise sees the deciding units, never a staff member's id.
  const enterpriseView = await enterprise.get(`/api/v1/subsidy-applications/${id}`);
  expect(enterpriseView.status).toBe(200);
  expectNoStaffIds(done.body, enterpriseView.body);
  const audited = await database.db.auditEvent.count({ where: { subject: `subsidy_application:${id}` } });
  expect(audited).toBe(done.body.timeline.length);

  // SRDI_RECORD_HISTORIES=1 (npm run histories:record) records this run for the replay test.
  const workflowId = (await database.db.subsidyApplication.findUniqueOrThrow({ where: { id } })).workflowId;
  await recordHistory(harness.temporal, workflowId, 'full-application-with-supplement');
});

test('an objection during 公示 becomes an item; dismissed it keeps publicity running, upheld it ends the application', async () => {
  const applied = await apply(openRoundId);
  const id = applied.body.id as string;
  expect((await decide(town, id, 'town_review')).body.state).toBe('formal_review');
  for (const step of ['formal_review', 'verification']) expect((await decide(commission, id, step)).status).toBe(200);
  const jointItem = (await commission.get(`/api/v1/subsidy-applications/${id}`)).body.currentItemId;
  await czj.post(`/api/v1/items/${jointItem}/co-report`, { report: '同意' });
  await decide(commission, id, 'joint_review');
  const published = await decide(commission, id, 'approval', { amount: 30, publicityFrom: today });
  expect(published.body).toMatchObject({ state: 'publicity', publicity: { from: today } });

  expect((await enterprise.post(`/api/v1/subsidy-applications/${id}/objections`, { text: '该企业研发费用存疑' })).status).toBe(403);
  expect((await commission.post(`/api/v1/subsidy-applications/${id}/objections`, { text: '' })).status).toBe(400);
  const first = await commission.post(`/api/v1/subsidy-applications/${id}/objections`, { text: '群众反映研发费用归集存疑', leadUnitId: 'town-degan' });
  expect(first.status).toBe(201);
  const [objection] = first.body.objections;
  expect(objection).toMatchObject({ open: true, leadUnitId: 'town-degan' });
  expect(first.body.steps).toEqual(expect.arrayContaining([expect.objectContaining({ step: 'objection', itemId: objection.itemId, leadUnitId: 'town-degan' })]));
  const resolve = (client: ApiClient, objectionId: string, body: Record<string, unknown>) => client.post(`/api/v1/subsidy-applications/${id}/objections/${objectionId}/resolution`, body);
  expect((await resolve(czj, objection.id, { upheld: false, conclusion: '核实无误' })).status).toBe(403);
  const dismissed = await resolve(town, objection.id, { upheld: false, conclusion: '经核实研发费用归集无误' });
  expect(dismissed.status).toBe(200);
  expect(dismissed.body.state).toBe('publicity');
  expect(dismissed.body.objections[0]).toMatchObject({ open: false, upheld: false });
  expect((await resolve(town, objection.id, { upheld: true, conclusion: '重复处理' })).status).toBe(409);

  const second = await commission.post(`/api/v1/subsidy-applications/${id}/objections`, { text: '实名举报：申报材料与实际不符' });
  const upheld = await resolve(commission, second.body.objections[1].id, { upheld: true, conclusion: '经核查申报材料与实际不符' });
  expect(upheld.status).toBe(200);
  expect(upheld.body).toMatchObject({ state: 'rejected', outcomeReason: expect.stringContaining('公示异议成立') });
  expect((await commission.post(`/api/v1/subsidy-applications/${id}/objections`, { text: '再次反映问题' })).status).toBe(409);
});

test('a calendar publication moves a 补正期限 it reaches later, never earlier', async () => {
  const applied = await apply(openRoundId);
  const id = applied.body.id as string;
  await town.post(`/api/v1/items/${applied.body.currentItemId}/sign`);
  expect((await decide(town, id, 'town_review')).body.state).toBe('formal_review');
  const noticed = await decide(commission, id, 'formal_review', { outcome: 'incomplete', missing: ['研发费用专项审计报告'] });
  const dueOn = noticed.body.notice.dueOn as string;
  const { workflowId } = await database.db.subsidyApplication.findUniqueOrThrow({ where: { id } });
  // The recompute after a publication reaches applications waiting on a date, after the open items.
  const reached = await createCalendarActivities(database.db).listOpenItemWorkflows({ afterId: null, limit: 100_000 });
  expect(reached.workflowIds).toContain(workflowId);

  // A district closure on the first working day after the notice: published straight to the
  // calendar, then the publication's signal (as the recompute sends it).
  const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: Number(today.slice(0, 4)), toYear: Number(today.slice(0, 4)) + 1 }));
  const closedOn = calendar.nextWorkingDay(today);
  const year = Number(closedOn.slice(0, 4));
  const { db } = database;
  const held = await db.calendarYear.findUniqueOrThrow({ where: { year } });
  const publish = async (revision: string) => {
    await harness.temporal.workflow.getHandle(workflowId).signal(calendarChangedSignal, { years: [year], reason: `${year}年工作日历更正（测试）`, revision });
  };
  await db.$transaction([
    db.calendarDay.create({ data: { date: toDateColumn(closedOn), kind: 'closure', name: '区机关闭馆（测试）', year } }),
    db.calendarYear.update({ where: { year }, data: { version: held.version + 1 } }),
  ]);
  try {
    await publish(`calendar-${year}-v${held.version + 1}`);
    const moved = await eventually(
      () => enterprise.get(`/api/v1/subsidy-applications/${id}`),
      (response) => response.body.notice.dueOn !== dueOn,
    );
    expect(moved.body.notice.dueOn).toBe(calendar.nextWorkingDay(dueOn));
    expect(moved.body.timeline.at(-1)).toMatchObject({ action: 'recalculate', step: 'formal_review', detail: { previousDate: dueOn, date: moved.body.notice.dueOn } });
  } finally {
    await db.$transaction([
      db.calendarDay.delete({ where: { date: toDateColumn(closedOn) } }),
      db.calendarYear.update({ where: { year }, data: { version: held.version } }),
    ]);
  }
  // The closure withdrawn: the date the enterprise was given stays. Waited for until the workflow
  // has recounted (the calendar loaded after the signal, a local activity's marker).
  const before = (await commission.get(`/api/v1/subsidy-applications/${id}`)).body;
  await publish(`calendar-${year}-v${held.version + 2}`);
  await eventually(
    () => harness.temporal.workflow.getHandle(workflowId).fetchHistory(),
    (history) => {
      const kinds = (history.events ?? []).map((event) => (event.workflowExecutionSignaledEventAttributes ? 'signal' : event.markerRecordedEventAttributes ? 'marker' : 'other'));
      return kinds.slice(kinds.lastIndexOf('signal') + 1).includes('marker');
    },
  );
  const after = (await commission.get(`/api/v1/subsidy-applications/${id}`)).body;
  expect(after.notice.dueOn).toBe(before.notice.dueOn);
  expect(after.timeline).toHaveLength(before.timeline.length);
  const supplied = await enterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '已上传专项审计报告' });
  expect(supplied.status).toBe(200);
  await recordHistory(harness.temporal, workflowId, 'calendar-recount-supplement');
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
