import ExcelJS from 'exceljs';
import type { Express } from 'express';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { WorkflowClient } from '../../api/workflow-client';
import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { nextPeriod, periodContaining, previousPeriod, type PeriodKind } from '../../domain/measure/period';
import { reportAssignHour } from '../../domain/measure/measure-task';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { eventually } from '../support/eventually';

// 重点任务 and 通报 end to end on the dev server: a task launched with a past start date reports
// each ended month at once; one report is signed, co-reported, reported and approved, the other
// is left missing and escalates; achievements count toward sub-targets; the per-unit figures are
// exact on a constructed set of items; the bulletin downloads as XLSX, audited.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission!: ApiClient;
let xcb!: ApiClient;
let jxwLiaison!: ApiClient;
let kjj!: ApiClient;
let czj!: ApiClient;
let swh!: ApiClient;
let leader!: ApiClient;

const mechanism4 = 'jiangjin-srdi-2022-2025/mechanism/四';
const measure7 = 'jiangjin-srdi-2022-2025/measure/7';
const today = () => shanghaiDateOf(new Date());
/**
 * The first period of the kind whose report is not assigned yet: the current one, except on its
 * last day from the assignment hour (China time) on, when its report already exists.
 */
function firstUnassigned(kind: PeriodKind) {
  const current = periodContaining(today(), kind);
  const shanghaiHour = (new Date().getUTCHours() + 8) % 24;
  return today() === current.to && shanghaiHour >= reportAssignHour ? nextPeriod(current) : current;
}
// The calendar as the database holds it (the bundled years and the statutory holidays ahead), set in beforeAll.
let calendar!: WorkingCalendar;


beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  const year = Number(today().slice(0, 4));
  calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: year - 1, toYear: year + 2 }));
  [commission, xcb, jxwLiaison, kjj, czj, swh, leader] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('xcb')),
    signIn(app, users.commissionLiaison),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.liaison('czj')),
    signIn(app, users.liaison('swh')),
    signIn(app, users.districtLeader),
  ]);
});

afterAll(async () => {
  await harness?.stop();
});

describe('progress reports on a cadence', () => {
  let taskId: string;
  let reports: { period: string; itemId: string; item: { state: string; colour: string; escalation: string | null } | null }[];

  test('launching a task with a past start reports each ended month as a supervised item for the lead and co-units', async () => {
    // Three months back: three months have ended since. The oldest report is handled below, the
    // next is left missing; it was due early last month, so it is overdue whatever today's date
    // (last month's report may not be due yet early in a month).
    const startsOn = previousPeriod(previousPeriod(previousPeriod(periodContaining(today(), 'month')))).from;
    const launched = await commission.post('/api/v1/measure-tasks', { measureIds: [mechanism4], startsOn, cadence: { period: 'month', dueWorkingDay: 5 } });
    expect(launched.status).toBe(201);
    expect(launched.body.tasks).toHaveLength(1);
    taskId = launched.body.tasks[0].id;
    // The plan lists 区委宣传部 first: it leads; 区经济信息委 co-organises.
    expect(launched.body.tasks[0]).toMatchObject({ leadUnitId: 'xcb', coUnitIds: ['jxw'], cadence: { period: 'month', dueWorkingDay: 5 }, startsOn });
    // Launching again attaches to the same task.
    const again = await commission.post('/api/v1/measure-tasks', { measureIds: [mechanism4], startsOn });
    expect(again.body.tasks[0].id).toBe(taskId);

    const detail = await eventually(
      () => commission.get(`/api/v1/measure-tasks/${taskId}`),
      (response) => response.body.reports?.length >= 3 && response.body.reports.every((report: { item: unknown }) => report.item !== null),
    );
    reports = detail.body.reports;
    const lastMonth = previousPeriod(periodContaining(today(), 'month'));
    const first = previousPeriod(previousPeriod(lastMonth));
    expect(reports.slice(0, 3).map((report) => report.period)).toEqual([first.key, previousPeriod(lastMonth).key, lastMonth.key]);
    // The lead's inbox and the co-unit's both hold the report; it is due on the 5th working day after the month.
    const item = await xcb.get(`/api/v1/items/${reports[0]!.itemId}`);
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ type: 'measure_report', leadUnit: { id: 'xcb' } });
    expect(item.body.title).toContain(first.label);
    // Assigned on the month's last day: counting starts the next day, so the 5th working day after it.
    expect(item.body.dueOn).toBe(calendar.addWorkingDays(first.to, 5).date);
  });

  test('a period report is signed, co-reported, reported and approved', async () => {
    const itemId = reports[0]!.itemId;
    expect((await xcb.post(`/api/v1/items/${itemId}/sign`)).status).toBe(200);
    expect((await jxwLiaison.post(`/api/v1/items/${itemId}/co-report`, { report: '已配合开展专精特新宣传报道 3 篇' })).status).toBe(200);
    expect((await xcb.post(`/api/v1/items/${itemId}/report`, { result: '本月发布政策解读 2 篇，评选工作方案已起草' })).status).toBe(200);
    expect((await commission.post(`/api/v1/items/${itemId}/approve`, { comment: '同意' })).status).toBe(200);
    const detail = await commission.get(`/api/v1/measure-tasks/${taskId}`);
    expect(detail.body.reports[0].item).toMatchObject({ state: 'completed', result: '本月发布政策解读 2 篇，评选工作方案已起草' });
  });

  test('a missing report goes red and escalates through the item ladder', async () => {
    const detail = await eventually(
      () => commission.get(`/api/v1/measure-tasks/${taskId}`),
      (response) => response.body.reports[1].item.escalation !== null,
    );
    expect(detail.body.reports[1].item).toMatchObject({ state: 'pending_sign', colour: 'red' });
    expect(detail.body.reports[1].item.escalation).toEqual(expect.any(String));
    const list = await kjj.get('/api/v1/measure-tasks');
    expect(list.status).toBe(200);
    // The latest report is the newest period's (last month's, or this month's on its last day):
    // its colour is whatever the detail says (early in a month last month's is not due yet).
    const newest = detail.body.reports.at(-1);
    expect(list.body.tasks.find((task: { id: string }) => task.id === taskId).latestReport).toMatchObject({ period: newest.period, colour: newest.item.colour });

  });

  test('the cadence changes from the next report not yet assigned, and only the commission changes it', async () => {
    expect((await xcb.put(`/api/v1/measure-tasks/${taskId}/cadence`, { period: 'quarter', dueWorkingDay: 10, reason: '改为按季度报送' })).status).toBe(403);
    expect((await commission.put(`/api/v1/measure-tasks/${taskId}/cadence`, { period: 'quarter', dueWorkingDay: 1, reason: '改为按季度报送' })).status).toBe(400);
    const changed = await commission.put(`/api/v1/measure-tasks/${taskId}/cadence`, { period: 'quarter', dueWorkingDay: 10, reason: '改为按季度报送' });
    expect(changed.status).toBe(200);
    const quarter = firstUnassigned('quarter');
    expect(changed.body).toMatchObject({ cadence: { period: 'quarter', dueWorkingDay: 10 }, nextPeriod: quarter.key });
    expect(changed.body.nextReportAt).toBe(new Date(`${quarter.to}T01:00:00.000Z`).toISOString());
    expect(await database.db.auditEvent.count({ where: { action: 'measure.cadence', subject: `measure-task:${taskId}` } })).toBe(1);
    // Back to monthly: the next report is this month's again.
    const back = await commission.put(`/api/v1/measure-tasks/${taskId}/cadence`, { period: 'month', dueWorkingDay: 5, reason: '恢复按月报送' });
    expect(back.body).toMatchObject({ cadence: { period: 'month', dueWorkingDay: 5 }, nextPeriod: firstUnassigned('month').key });
    // test/replay/histories/measureTaskWorkflow/past-start-reports-cadence-changed.json is this task's
    // history at this point, recorded once (SRDI_RECORD_HISTORIES=1) with the difficulty branch's
    // test/support/histories.ts recordHistory, which is not merged here yet.
  });

  test('launching is the commission’s; unknown measures and far-back starts are refused', async () => {
    expect((await xcb.post('/api/v1/measure-tasks', { measureIds: [mechanism4], startsOn: today() })).status).toBe(403);
    const unknown = await commission.post('/api/v1/measure-tasks', { measureIds: ['no-such-measure'], startsOn: today() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([expect.objectContaining({ path: 'measureIds.0' })]);
    expect((await commission.post('/api/v1/measure-tasks', { measureIds: [mechanism4], startsOn: '2020-01-01' })).status).toBe(400);
    // A measure without a responsible unit refuses the whole request, the good measure beside it included.
    await harness.database.db.measure.create({ data: { id: 'test-plan-unitless', planId: (await harness.database.db.measure.findUniqueOrThrow({ where: { id: mechanism4 } })).planId, kind: 'measure', no: '99', title: '无责任单位的任务', text: '测试', unitIds: [] } });
    const tasksBefore = await harness.database.db.measureTask.count();
    const unitless = await commission.post('/api/v1/measure-tasks', { measureIds: [mechanism4, 'test-plan-unitless'], startsOn: today() });
    expect(unitless.status).toBe(400);
    expect(unitless.body.error.fields).toEqual([expect.objectContaining({ path: 'measureIds.1', message: '任务没有责任单位：test-plan-unitless' })]);
    expect(await harness.database.db.measureTask.count()).toBe(tasksBefore);
  });
});

describe('sub-targets', () => {
  test('an achievement a co-unit records counts toward the measure’s sub-target, by year', async () => {
    const launched = await commission.post('/api/v1/measure-tasks', { measureIds: [measure7], startsOn: today() });
    expect(launched.status).toBe(201);
    const taskId = launched.body.tasks[0].id;
    const recorded = await kjj.post(`/api/v1/measure-tasks/${taskId}/achievements`, {
      subTarget: '数字化车间',
      count: 2,
      achievedOn: today(),
      enterpriseId: 'ent-002',
      evidence: '市经济信息委认定文件（虚构）',
      reference: '渝经信〔2026〕99号',
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.progress).toMatchObject({ name: '数字化车间', target: 20, actual: 2, share: 0.1 });
    const year = Number(today().slice(0, 4));
    expect(recorded.body.progress.byYear.find((y: { year: number }) => y.year === year)).toMatchObject({ actual: 2, cumulative: 2 });

    // Not a unit of the measure; a sub-target the measure does not have; a future date.
    expect((await czj.post(`/api/v1/measure-tasks/${taskId}/achievements`, { subTarget: '数字化车间', count: 1, achievedOn: today(), evidence: '佐证' })).status).toBe(403);
    const unknown = await kjj.post(`/api/v1/measure-tasks/${taskId}/achievements`, { subTarget: '灯塔工厂', count: 1, achievedOn: today(), evidence: '佐证' });
    expect(unknown.status).toBe(400);
    expect((await kjj.post(`/api/v1/measure-tasks/${taskId}/achievements`, { subTarget: '智能工厂', count: 1, achievedOn: '2099-01-01', evidence: '佐证' })).status).toBe(400);

    const progress = await leader.get('/api/v1/measure-targets/progress');
    expect(progress.status).toBe(200);
    const byName = new Map(progress.body.subTargets.map((p: { name: string }) => [p.name, p]));
    expect(byName.get('数字化车间')).toMatchObject({ target: 20, actual: 2 });
    expect(byName.get('智能工厂')).toMatchObject({ target: 4, actual: 0 });
    expect(byName.get('绿色工厂')).toMatchObject({ target: 5, actual: 0 });
    const audit = await database.db.auditEvent.count({ where: { action: 'measure.achievement' } });
    expect(audit).toBe(1);
  });
});

describe('per-unit figures and the bulletin', () => {
  // Items assigned 40 days ago, with policies built for the case: a long sign and handling budget
  // leaves time to act on time today; a short one is long overdue.
  const assignedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const period = periodContaining(shanghaiDateOf(new Date(assignedAt)), 'month');
  let base: ItemTypePolicy;
  let workflows: WorkflowClient;
  const assign = (title: string, leadUnitId: string, coUnitIds: string[], days: { signDays: number; handleDays: number }) =>
    workflows.assignItem({ title, leadUnitId, coUnitIds, commissionUnitId: 'jxw', policy: { ...base, ...days }, assignedAt, createdBy: 'staff-jxw-officer-1' });

  beforeAll(async () => {
    workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
    base = await itemTypePolicyFor(database.db, 'assignment', 'general', 'type');
    const rsj = await signIn(app, users.liaison('rsj'));
    const jw = await signIn(app, users.liaison('jw'));
    const [a, , c, d] = await Promise.all([
      assign('构造事项 A：按时办结', 'swh', ['jw'], { signDays: 60, handleDays: 60 }),
      assign('构造事项 B：未签收已超期', 'swh', [], { signDays: 1, handleDays: 5 }),
      assign('构造事项 C：中止计时', 'rsj', [], { signDays: 60, handleDays: 60 }),
      assign('构造事项 D：已中止', 'rsj', [], { signDays: 1, handleDays: 5 }),
    ]);
    // From a month before the period, still open and long overdue: 区教委 carries it over.
    await workflows.assignItem({ title: '构造事项 E：往期超期未办结', leadUnitId: 'jw', coUnitIds: [], commissionUnitId: 'jxw', policy: { ...base, signDays: 1, handleDays: 5 }, assignedAt: new Date(Date.now() - 80 * 86_400_000).toISOString(), createdBy: 'staff-jxw-officer-1' });
    const ok = (status: number) => expect(status).toBe(200);
    ok((await swh.post(`/api/v1/items/${a.itemId}/sign`)).status);
    ok((await swh.post(`/api/v1/items/${a.itemId}/request-extension`, { days: 2, reason: '需补充企业名单', progress: '已完成八成' })).status);
    ok((await commission.post(`/api/v1/items/${a.itemId}/decide-extension`, { approve: true, reason: '同意延期' })).status);
    ok((await jw.post(`/api/v1/items/${a.itemId}/co-report`, { report: '已配合' })).status);
    ok((await swh.post(`/api/v1/items/${a.itemId}/report`, { result: '已办结' })).status);
    ok((await commission.post(`/api/v1/items/${a.itemId}/approve`, {})).status);
    ok((await rsj.post(`/api/v1/items/${c.itemId}/sign`)).status);
    ok((await commission.post(`/api/v1/items/${c.itemId}/suspend`, { reason: '等待企业补正材料', legalBasis: '一次性告知' })).status);
    ok((await commission.post(`/api/v1/items/${d.itemId}/halt`, { reason: '事项已由上级统筹，不再办理' })).status);
  });

  test('the rates are exact on the constructed items, halted ones left out and a suspended clock not due', async () => {
    const response = await commission.get(`/api/v1/unit-figures?period=${period.key}`);
    expect(response.status).toBe(200);
    const rows = new Map(response.body.units.map((row: { unitId: string }) => [row.unitId, row]));
    // 区商务委: A signed in time and done in time (after an approved extension); B never signed, overdue.
    expect(rows.get('swh')).toMatchObject({
      assigned: 2,
      signOnTime: { numerator: 1, denominator: 2, rate: 0.5 },
      completion: { numerator: 1, denominator: 2, rate: 0.5 },
      onTime: { numerator: 1, denominator: 2, rate: 0.5 },
      overdue: { numerator: 1, denominator: 2, rate: 0.5 },
      // No difficulty of 区商务委 was rated: nothing to count, not a made-up rate.
      satisfaction: { numerator: 0, denominator: 0, rate: null },
      extensions: 1,
    });
    // 区教委 co-organised A and reported within its sub-deadline; co-organisers do not sign.
    expect(rows.get('jw')).toMatchObject({
      assigned: 1,
      signOnTime: { numerator: 0, denominator: 0, rate: null },
      completion: { numerator: 1, denominator: 1, rate: 1 },
      onTime: { numerator: 1, denominator: 1, rate: 1 },
      overdue: { numerator: 0, denominator: 1, rate: 0 },
      carriedOverdue: 1,
    });
    // 区人力社保局: C signed, its clock suspended (not due); D halted (not counted).
    expect(rows.get('rsj')).toMatchObject({ assigned: 1, signOnTime: { numerator: 1, denominator: 1 }, onTime: { denominator: 0, rate: null }, completion: { numerator: 0, denominator: 1 }, rank: null });
    const rank = (unitId: string) => (rows.get(unitId) as { rank: number }).rank;
    expect(rank('jw')).toBeLessThan(rank('swh'));
    // The period's best, but still sitting on an older overdue item: named, not praised.
    expect(response.body.redList.map((row: { unitId: string }) => row.unitId)).not.toContain('jw');
    expect(response.body.blackList.map((row: { unitId: string }) => row.unitId)).toEqual(expect.arrayContaining(['swh', 'jw']));
    expect(rows.get('swh')).toMatchObject({ carriedOverdue: 0 });
    // Every department, park and town has a row; the commission and external bodies none.
    expect(rows.has('jxw')).toBe(false);
    expect(rows.has('park-degan') && rows.has('town-jijiang')).toBe(true);
  });

  test('a unit sees its own row only; the XLSX export is for the commission and district leaders', async () => {
    const own = await swh.get(`/api/v1/unit-figures?period=${period.key}`);
    expect(own.status).toBe(200);
    expect(own.body.units.map((row: { unitId: string }) => row.unitId)).toEqual(['swh']);
    expect(own.body.units[0].rank).toEqual(expect.any(Number));
    const bulletin = await swh.get(`/api/v1/bulletins/${period.key}`);
    expect(bulletin.body.units.map((row: { unitId: string }) => row.unitId)).toEqual(['swh']);
    expect((await swh.get(`/api/v1/bulletins/${period.key}/xlsx`)).status).toBe(403);
    expect((await commission.get('/api/v1/unit-figures?period=2026-13')).status).toBe(400);
  });

  test('the bulletin downloads as XLSX holding the same figures, and the export is audited', async () => {
    const json = await leader.get(`/api/v1/bulletins/${period.key}`);
    expect(json.status).toBe(200);
    expect(json.body.title).toBe(`江津区“专精特新”督办工作通报（${period.label}）`);
    expect(json.body.definitions.onTime).toContain('按时办结率');
    expect(json.body.subTargets.find((p: { name: string }) => p.name === '数字化车间')).toMatchObject({ actual: 2 });

    const before = await database.db.auditEvent.count({ where: { action: 'security.export' } });
    const download = await leader
      .get(`/api/v1/bulletins/${period.key}/xlsx`)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(download.body as ArrayBuffer);
    const sheet = workbook.getWorksheet('通报')!;
    expect(sheet.getCell('A1').value).toBe(json.body.title);
    expect(String(sheet.getCell('A2').value)).toContain(period.label);
    const values: unknown[][] = [];
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const swhRow = values.find((row) => row[1] === '区商务委')!;
    expect(swhRow.slice(3)).toEqual([2, '50.0%', '50.0%', '50.0%', '50.0%', '—', 1, 0]);
    expect(values.find((row) => row[1] === '区教委')!.at(-1)).toBe(1);
    expect(values.some((row) => row[0] === '黑榜')).toBe(true);
    const targets = workbook.getWorksheet('分项目标')!;
    const targetRows: unknown[][] = [];
    targets.eachRow((row) => targetRows.push((row.values as unknown[]).slice(1)));
    expect(targetRows.find((row) => row[1] === '数字化车间')).toEqual(['第7项', '数字化车间', 20, 2, '10.0%', expect.stringContaining('年 2')]);

    const events = await database.db.auditEvent.findMany({ where: { action: 'security.export' }, orderBy: { seq: 'desc' }, take: 1 });
    expect(await database.db.auditEvent.count({ where: { action: 'security.export' } })).toBe(before + 1);
    expect(events[0]).toMatchObject({ actorId: 'staff-district-leader', subject: `bulletin:${period.key}` });
  });
});

test('满意率 counts the enterprises’ ratings of the unit’s difficulties', async () => {
  const [jrzx, contact] = await Promise.all([signIn(app, users.liaison('jrzx')), signIn(app, users.enterpriseContact('ent-003'))]);
  const raised = await commission.post('/api/v1/difficulties', { enterpriseId: 'ent-003', category: 'financing', title: '流动资金贷款续贷', description: '需协调银行续贷 500 万元（演示）。', leadUnitId: 'jrzx' });
  expect(raised.status).toBe(201);
  const itemId: string = raised.body.item.id;
  for (const [by, action, body] of [
    [jrzx, 'sign', {}],
    [jrzx, 'report', { result: '已协调合作银行完成续贷' }],
    [commission, 'approve', {}],
    [commission, 'close', {}],
  ] as const) {
    expect((await by.post(`/api/v1/items/${itemId}/${action}`, body)).status).toBe(200);
  }
  await eventually(() => contact.get(`/api/v1/difficulties/${raised.body.difficultyId}`), (response) => response.body.state === 'awaiting_rating');
  expect((await contact.post(`/api/v1/difficulties/${raised.body.difficultyId}/rating`, { score: 5, comment: '很满意' })).status).toBe(200);
  const figures = await commission.get(`/api/v1/unit-figures?period=${periodContaining(today(), 'month').key}`);
  expect(figures.body.units.find((row: { unitId: string }) => row.unitId === 'jrzx').satisfaction).toEqual({ numerator: 1, denominator: 1, rate: 1 });
});
