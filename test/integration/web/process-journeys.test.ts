import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';
import { eventually } from '../../support/eventually';
import { addCalendarDays, shanghaiDateOf } from '../../../domain/calendar';
import { addMonths } from '../../../domain/listing/listing';

// The staff pages of the plan's processes in a real browser: the commission opens a subsidy
// round; an enterprise applies (API); the town's liaison and a commission officer conclude each
// step on the application page, and the formal review's clock stops during 补正 and runs again
// after it; a listing milestone is recorded; a recognition application is decided on its batch
// page; a measure task shows its reports and sub-targets.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commissionApi: ApiClient;
let enterprise: ApiClient;
let czj: ApiClient;
let jrzx: ApiClient;
let innovator: ApiClient;
let officer: { context: BrowserContext; page: Page };

const today = shanghaiDateOf(new Date());
const roundTitle = '2026 年研发投入补助（网页测试）';

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** A screenshot once the toasts have gone (they would cover the table) and the unit names have loaded. */
async function quietScreenshot(page: Page, name: string) {
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 });
  await screenshot(page, name);
}

const application = (id: string) => commissionApi.get(`/api/v1/subsidy-applications/${id}`);
const formalReview = (body: { steps: { step: string; clock: { running: boolean; suspensions: { open: boolean; reason: string; excludedDays: number }[] } }[] }) => body.steps.find((step) => step.step === 'formal_review')!;

beforeAll(async () => {
  harness = await startApiHarness();
  const app = harness.app;
  [web, browser, commissionApi, enterprise, czj, jrzx, innovator] = await Promise.all([
    serveWeb(app),
    launchBrowser(),
    signIn(app, users.commissionOfficer2),
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.liaison('czj')),
    signIn(app, users.liaison('jrzx')),
    signIn(app, users.enterpriseContact('ent-004')),
  ]);
  // The commission officer signs in once (binding TOTP) and keeps the page for every test.
  officer = await newPage();
  await signInInBrowser(officer.page, web.baseUrl, users.commissionOfficer);
});

afterAll(async () => {
  await officer?.context.close();
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('a subsidy application goes through its steps in the browser; the clock stops during 补正', async () => {
  const { page } = officer;
  // The commission opens the round with the form.
  await page.getByRole('link', { name: '资金补助', exact: true }).click();
  await page.getByRole('tab', { name: '申报批次' }).click();
  await page.getByLabel('批次名称').fill(roundTitle);
  await page.getByLabel('单个企业上限（万元）').fill('50');
  await page.getByLabel('材料名称 1').fill('申报书');
  await page.getByRole('button', { name: '添加申报材料' }).click();
  await page.getByLabel('材料编号 2').fill('audit_report');
  await page.getByLabel('材料名称 2').fill('上年度审计报告');
  await page.getByLabel('开始日期').fill(addCalendarDays(today, -30));
  await page.getByLabel('开始日期').press('Enter');
  await page.getByLabel('截止日期').fill(addCalendarDays(today, 20));
  // Enter in the last date picks it and submits the form.
  await page.getByLabel('截止日期').press('Enter');
  await page.getByText('申报批次已发布').waitFor();
  await page.getByRole('cell', { name: roundTitle, exact: true }).waitFor();
  const rounds = await commissionApi.get('/api/v1/subsidy-rounds');
  const round = rounds.body.rounds.find((entry: { title: string }) => entry.title === roundTitle);
  expect(round).toMatchObject({ status: 'open', maxAmount: 50, opensOn: addCalendarDays(today, -30), closesOn: addCalendarDays(today, 20), materials: [{ code: 'application_form', label: '申报书' }, { code: 'audit_report', label: '上年度审计报告' }] });

  // The enterprise applies (its own portal is not part of this test).
  const applied = await enterprise.post('/api/v1/subsidy-applications', {
    roundId: round.id,
    requestedAmount: 30,
    materials: [
      { code: 'application_form', description: '研发投入补助申报书（盖章）' },
      { code: 'audit_report', description: '2025 年度审计报告' },
    ],
  });
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;

  // 园区/镇街初审: the town's liaison finds it in the list and passes it.
  const town = await newPage();
  await signInInBrowser(town.page, web.baseUrl, users.liaison('town-degan'));
  await town.page.getByRole('link', { name: '资金补助', exact: true }).click();
  await town.page.getByRole('link', { name: '江津示例精密机械有限公司（虚构）' }).click();
  await town.page.getByText('本环节结论 · 园区/镇街初审').waitFor();
  await town.page.getByLabel('理由').fill('企业在册，材料真实');
  await town.page.getByRole('button', { name: '提交' }).click();
  await town.page.getByText('环节结论已提交').waitFor();
  await town.page.getByText('当前环节由 区经济信息委 办理。').waitFor();
  expect((await application(id)).body.state).toBe('formal_review');
  await town.context.close();

  // 形式审查: one notice of everything missing; the item's clock stops.
  await page.goto(`${web.baseUrl}/subsidy-applications/${id}`);
  await page.getByText('本环节结论 · 形式审查').waitFor();
  await page.getByLabel('需补正（一次性告知）').check();
  await page.getByLabel('缺少的材料（每行一项，一次列全）').fill('研发费用专项审计报告\n发明专利证书复印件');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('环节结论已提交').waitFor();
  await page.getByTestId('subsidy-notice').getByText('发明专利证书复印件').waitFor();
  await page.getByTestId('clock-stopped').waitFor();
  await expectText(page.getByTestId('subsidy-state'), '待补正');
  await page.getByText(/一次性告知补正.*尚未恢复/).waitFor();
  const suspended = (await application(id)).body;
  expect(suspended.state).toBe('awaiting_supplement');
  expect(suspended.notice.missing).toEqual(['研发费用专项审计报告', '发明专利证书复印件']);
  expect(formalReview(suspended).clock).toMatchObject({ running: false, suspensions: [expect.objectContaining({ open: true })] });

  // The enterprise supplies the material; the clock runs again, the suspension stays on record.
  expect((await enterprise.post(`/api/v1/subsidy-applications/${id}/supplement`, { note: '已上传专项审计报告与专利证书' })).status).toBe(200);
  await page.reload();
  await page.getByText('本环节结论 · 形式审查').waitFor();
  expect(await page.getByTestId('clock-stopped').count()).toBe(0);
  await page.getByText(/一次性告知补正.*扣除 \d+ 个工作日/).waitFor();
  const resumed = formalReview((await application(id)).body);
  expect(resumed.clock.running).toBe(true);
  expect(resumed.clock.suspensions).toEqual([expect.objectContaining({ open: false, reason: expect.stringContaining('一次性告知补正') })]);

  const pass = async (stepLabel: string, reason: string) => {
    await page.getByText(`本环节结论 · ${stepLabel}`).waitFor();
    await page.getByLabel('理由').fill(reason);
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('环节结论已提交').last().waitFor();
  };
  await pass('形式审查', '材料齐全');
  await pass('核查', '现场核查属实');
  // 部门会审: the finance bureau's opinion first (its item's co-report), then the commission.
  await page.getByText('本环节结论 · 部门会审').waitFor();
  const joint = await eventually(() => application(id), (response) => response.body.state === 'joint_review' && !!response.body.currentItemId);
  expect((await czj.post(`/api/v1/items/${joint.body.currentItemId}/co-report`, { report: '资金渠道已落实' })).status).toBe(200);
  await pass('部门会审', '同意补助');

  // 审定: the amount and a publicity start already past, so publicity ends and 拨付 follows.
  await page.getByText('本环节结论 · 审定').waitFor();
  await page.getByLabel('金额（万元）').fill('25');
  await page.getByLabel('理由').fill('按批次标准核定');
  await page.getByLabel('公示起始日').fill(addCalendarDays(today, -20));
  await page.getByLabel('公示起始日').press('Enter');
  await page.getByText('环节结论已提交').last().waitFor();
  const paying = await eventually(() => application(id), (response) => response.body.state === 'disbursement' && !!response.body.currentItemId);
  expect(paying.body).toMatchObject({ state: 'disbursement', approvedAmount: 25 });
  expect((await czj.post(`/api/v1/subsidy-applications/${id}/decision`, { step: 'disbursement', outcome: 'pass', amount: 25 })).status).toBe(200);

  await page.reload();
  await pass('验收/绩效', '项目完成，绩效达标');
  await expectText(page.getByTestId('subsidy-state'), '已完成');
  const done = (await application(id)).body;
  expect(done).toMatchObject({ state: 'completed', approvedAmount: 25, paidAmount: 25 });
  expect(done.steps.map((step: { step: string; itemState: string }) => [step.step, step.itemState])).toEqual([
    ['town_review', 'closed'],
    ['formal_review', 'closed'],
    ['verification', 'closed'],
    ['joint_review', 'closed'],
    ['approval', 'closed'],
    ['disbursement', 'closed'],
    ['acceptance', 'closed'],
  ]);
  // Each decision was made once (the town's and the commission's from the browser).
  expect(done.timeline.filter((event: { action: string }) => event.action === 'decide')).toHaveLength(7);
  await page.getByText('一次性告知补正，中止计时').waitFor();
  await page.getByText('企业补正，恢复计时').waitFor();
  await quietScreenshot(page, 'subsidy-case');

  // The list filters by round and state (kept in the address).
  await page.goto(`${web.baseUrl}/subsidy-applications?round=${round.id}&state=completed`);
  await page.getByRole('link', { name: '江津示例精密机械有限公司（虚构）' }).waitFor();
  await page.goto(`${web.baseUrl}/subsidy-applications?round=${round.id}&state=town_review`);
  await page.locator('.ant-empty-description').waitFor();
  expect(await page.getByRole('link', { name: '江津示例精密机械有限公司（虚构）' }).count()).toBe(0);

  // The item page links back to its application.
  await page.goto(`${web.baseUrl}/items/${done.steps[0].itemId}`);
  await page.getByText('本事项属于：资金补助申请').waitFor();
  await page.getByRole('link', { name: '查看所属流程' }).click();
  await page.waitForURL(`**/subsidy-applications/${id}`);
});

test('a listing milestone is recorded on the case page', async () => {
  const enrolled = await commissionApi.post('/api/v1/listing-cases', { enterpriseId: 'ent-002', officerId: 'staff-jrzx-liaison', enrolledOn: addMonths(today, -2), documents: [{ title: '区级上市培育库入库通知', reference: '津经信发〔2026〕1号' }] });
  expect(enrolled.status).toBe(201);
  const caseId = enrolled.body.id as string;
  // The officer's unit records the evidence for the next milestone (市级拟上市后备库).
  expect((await jrzx.post(`/api/v1/listing-cases/${caseId}/evidence`, { milestone: 'municipal_reserve', documents: [{ title: '市级拟上市企业储备库名单', reference: '渝金发〔2026〕8号' }] })).status).toBe(200);

  const { page } = officer;
  await page.getByRole('link', { name: '上市培育', exact: true }).click();
  await page.getByRole('link', { name: '江津示例新材料科技有限公司（虚构）' }).waitFor();
  await page.goto(`${web.baseUrl}/listing-cases/${caseId}`);
  await page.getByText('确认里程碑：市级拟上市后备库').waitFor();
  await page.getByText(/市级拟上市企业储备库名单（渝金发〔2026〕8号）/).first().waitFor();
  await page.getByLabel('意见').fill('已入选市级后备库');
  await page.getByLabel('达成日期').fill(addCalendarDays(today, -1));
  await page.getByLabel('达成日期').press('Enter');
  await page.getByText('里程碑已确认').waitFor();
  await page.getByTestId('milestone-municipal_reserve').waitFor();
  await page.getByText('确认里程碑：股改').waitFor();

  const after = await commissionApi.get(`/api/v1/listing-cases/${caseId}`);
  expect(after.body.currentMilestone.key).toBe('municipal_reserve');
  expect(after.body.nextMilestone.key).toBe('shareholding_reform');
  expect(after.body.reached).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'municipal_reserve', reachedOn: addCalendarDays(today, -1) })]));
  expect(after.body.timeline.map((event: { action: string }) => event.action)).toContain('confirm');
  await quietScreenshot(page, 'listing-case');
});

test('a recognition batch shows its applications, and the commission decides the current step', async () => {
  const batch = await commissionApi.post('/api/v1/recognition/batches', { tier: 'innovative_sme', title: '2026年第三批创新型中小企业（网页测试）', opensOn: addCalendarDays(today, -10), cutoffOn: addCalendarDays(today, 10) });
  expect(batch.status).toBe(201);
  const applied = await innovator.post(`/api/v1/recognition/batches/${batch.body.id}/applications`, { declaration: true });
  expect(applied.status).toBe(201);
  const applicationId = applied.body.id as string;

  const { page } = officer;
  await page.getByRole('link', { name: '梯度培育认定', exact: true }).click();
  await page.getByRole('link', { name: '2026年第三批创新型中小企业（网页测试）' }).click();
  await page.getByText('本批次申报').waitFor();
  await page.getByRole('button', { name: /^办理/ }).click();
  await page.getByLabel('意见').fill('材料齐全，数据属实');
  await page.getByRole('button', { name: '提交' }).click();
  await page.getByText('决定已录入').waitFor();
  await page.getByTestId(`step-${applicationId}-review`).getByText(/通过 · 材料齐全，数据属实/).waitFor();
  await page.getByRole('cell', { name: '抽查核实', exact: true }).waitFor();

  const decided = await commissionApi.get(`/api/v1/recognition/applications/${applicationId}`);
  expect(decided.body).toMatchObject({ state: 'in_review', currentStep: 'spot_check' });
  expect(decided.body.steps[0]).toMatchObject({ kind: 'review', decision: 'pass', comment: '材料齐全，数据属实' });
  await quietScreenshot(page, 'recognition-batch');

  // An enterprise's tiers, on the batches page, found by its name: one recorded from before the
  // system, a month ago (valid for three years, so 有效 whatever today is).
  const recognisedOn = addCalendarDays(today, -30);
  expect((await commissionApi.post('/api/v1/enterprises/ent-004/tiers', { tier: 'municipal_srdi', recognisedOn, note: '渝经信发〔2025〕示例号（虚构）' })).status).toBe(201);
  const recorded = ((await commissionApi.get('/api/v1/enterprises/ent-004/tiers')).body.tiers as { recognisedOn: string; validUntil: string; note: string | null }[]).find((tier) => tier.recognisedOn === recognisedOn)!;
  await page.getByRole('link', { name: '梯度培育认定', exact: true }).click();
  await page.getByLabel('企业', { exact: true }).fill('生物技术');
  await page.locator('.ant-select-item-option').filter({ hasText: '江津示例生物技术有限公司' }).click();
  await page.getByRole('button', { name: '查看认定记录' }).click();
  const row = page.getByRole('row', { name: /市级专精特新中小企业/ });
  await row.waitFor();
  await expectText(row, new RegExp(`${recognisedOn}.*${recorded.validUntil}.*有效.*渝经信发`));
});

test('a measure task shows its period reports, cadence and sub-targets', async () => {
  const measure7 = 'jiangjin-srdi-2022-2025/measure/7';
  const launched = await commissionApi.post('/api/v1/measure-tasks', { measureIds: [measure7], startsOn: addMonths(today, -2), cadence: { period: 'month', dueWorkingDay: 5 } });
  expect(launched.status).toBe(201);
  const taskId = launched.body.tasks[0].id as string;
  await eventually(() => commissionApi.get(`/api/v1/measure-tasks/${taskId}`), (response) => response.body.reports?.length >= 2 && response.body.reports.every((report: { item: unknown }) => report.item !== null));

  const { page } = officer;
  await page.getByRole('link', { name: '重点任务', exact: true }).click();
  await page.getByRole('link', { name: '重点任务第7项' }).click();
  await page.getByText('每月，次月第 5 个工作日前报送').first().waitFor();
  await page.getByText('数字化车间').first().waitFor();
  const task = await commissionApi.get(`/api/v1/measure-tasks/${taskId}`);
  for (const report of task.body.reports) await page.getByRole('link', { name: report.period }).waitFor();
  await quietScreenshot(page, 'measure-task');
});
