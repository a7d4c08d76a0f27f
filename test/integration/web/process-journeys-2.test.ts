import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';
import { eventually } from '../../support/eventually';
import { applyInOpenRound } from '../../support/subsidy';
import { addCalendarDays, shanghaiDateOf } from '../../../domain/calendar';
import { addMonths } from '../../../domain/listing/listing';

// The process pages' less travelled paths in a real browser: objections during a subsidy's 公示
// (one dismissed by the town that checked it, one upheld by the commission); a recognition's
// 公示 and an upper level's 结果 entered on the batch page; a listing case's service officer
// changed; a measure's achievement recorded and its cadence changed. Each screen is checked
// against the API behind it, people are named as 姓名（单位）, and every page is read in English.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commissionApi: ApiClient;
let enterprise: ApiClient;
let town: ApiClient;
let czj: ApiClient;
let ent003: ApiClient;
let ent004: ApiClient;
let officer: { context: BrowserContext; page: Page };
let unitNames: Map<string, string>;
/** The pages the tests made, read again in English by the last test. */
const pages = { subsidyApplication: '', recognitionBatch: '', listingCase: '', measureTask: '', enterprise: '' };

const today = shanghaiDateOf(new Date());
const cjk = /[\u3400-\u9fff]/;

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Picks an option in a searchable antd Select found by its label: type its name, take the match. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label).fill(option);
  await page.locator('.ant-select-item-option-active').filter({ hasText: option }).waitFor();
  await page.keyboard.press('Enter');
}

const officerName = (unitId: string, name: string) => `${name}（${unitNames.get(unitId)}）`;

beforeAll(async () => {
  harness = await startApiHarness();
  const app = harness.app;
  [web, browser, commissionApi, enterprise, town, czj, ent003, ent004] = await Promise.all([
    serveWeb(app),
    launchBrowser(),
    signIn(app, users.commissionOfficer2),
    signIn(app, users.enterpriseContact('ent-001')),
    signIn(app, users.liaison('town-degan')),
    signIn(app, users.liaison('czj')),
    signIn(app, users.enterpriseContact('ent-003')),
    signIn(app, users.enterpriseContact('ent-004')),
  ]);
  unitNames = new Map(((await commissionApi.get('/api/v1/units')).body.units as { id: string; name: string }[]).map((unit) => [unit.id, unit.name]));
  officer = await newPage();
  await signInInBrowser(officer.page, web.baseUrl, users.commissionOfficer);
});

afterAll(async () => {
  await officer?.context.close();
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

/** Drives an application through the API to 公示 (from today, so it is still running). */
async function applicationInPublicity(): Promise<string> {
  const { applicationId: id } = await applyInOpenRound(commissionApi, enterprise, '2026 年异议测试补助批次');
  // Each decision waits until the step's item is recorded (the workflow records it just after).
  const atStep = (step: string) =>
    eventually(
      () => commissionApi.get(`/api/v1/subsidy-applications/${id}`),
      (response) => response.body.state === step && response.body.steps.some((entry: { step: string; itemId: string }) => entry.step === step && entry.itemId === response.body.currentItemId),
    );
  const decide = async (client: ApiClient, body: Record<string, unknown>) => {
    await atStep(body.step as string);
    const response = await client.post(`/api/v1/subsidy-applications/${id}/decision`, body);
    expect(response.status).toBe(200);
  };
  await decide(town, { step: 'town_review', outcome: 'pass', reason: '企业在册' });
  await decide(commissionApi, { step: 'formal_review', outcome: 'pass', reason: '材料齐全' });
  await decide(commissionApi, { step: 'verification', outcome: 'pass', reason: '核查属实' });
  const joint = await atStep('joint_review');
  expect((await czj.post(`/api/v1/items/${joint.body.currentItemId}/co-report`, { report: '资金渠道已落实' })).status).toBe(200);
  await decide(commissionApi, { step: 'joint_review', outcome: 'pass', reason: '同意补助' });
  await decide(commissionApi, { step: 'approval', outcome: 'pass', amount: 20, reason: '核定', publicityFrom: today });
  await eventually(() => commissionApi.get(`/api/v1/subsidy-applications/${id}`), (response) => response.body.state === 'publicity');
  return id;
}

test('objections during 公示: the town dismisses one it was given, the commission upholds its own, and the application is refused', async () => {
  const id = await applicationInPublicity();
  const application = async () => (await commissionApi.get(`/api/v1/subsidy-applications/${id}`)).body;
  const { page } = officer;
  await page.goto(`${web.baseUrl}/subsidy-applications/${id}`);
  pages.subsidyApplication = `/subsidy-applications/${id}`;
  await page.getByText('公示异议').first().waitFor();

  // The commission registers an objection and gives it to the town, picked by name.
  await page.getByLabel('异议内容').fill('有群众反映该企业在册地址与实际经营地不符（测试）');
  await choose(page, '承办单位（默认区经济信息委）', unitNames.get('town-degan')!);
  await page.getByRole('button', { name: '登记异议' }).click();
  await page.getByText('异议已登记并交办').waitFor();
  await page.getByText(`承办单位：${unitNames.get('town-degan')}`).waitFor();
  // A second one, checked by the commission itself (no unit picked).
  await page.getByLabel('异议内容').fill('该企业研发费用归集口径有误（测试）');
  await page.getByRole('button', { name: '登记异议' }).click();
  await page.getByText(`承办单位：${unitNames.get('jxw')}`).waitFor();
  const registered = await application();
  expect(registered.state).toBe('publicity');
  expect(registered.objections).toEqual([
    expect.objectContaining({ leadUnitId: 'town-degan', open: true, text: expect.stringContaining('实际经营地') }),
    expect.objectContaining({ leadUnitId: 'jxw', open: true, text: expect.stringContaining('归集口径') }),
  ]);
  const townItem = await commissionApi.get(`/api/v1/items/${registered.objections[0].itemId}`);
  expect(townItem.body.leadUnit.id).toBe('town-degan');
  // The commission may resolve only its own objection: one resolution form on its page.
  expect(await page.locator('form[id^="resolution-"]').count()).toBe(1);

  // The town's liaison checks its objection and finds it unfounded.
  const liaison = await newPage();
  await signInInBrowser(liaison.page, web.baseUrl, users.liaison('town-degan'));
  await liaison.page.goto(`${web.baseUrl}/subsidy-applications/${id}`);
  await liaison.page.getByText('异议是否成立').waitFor();
  expect(await liaison.page.getByRole('button', { name: '登记异议' }).count()).toBe(0);
  await liaison.page.getByLabel('不成立').check();
  await liaison.page.getByLabel('处理结论').fill('经现场核实，企业实际经营地与登记一致');
  await liaison.page.getByRole('button', { name: '处理异议' }).click();
  await liaison.page.getByText('异议处理结论已提交').waitFor();
  await liaison.page.getByText('异议不成立').first().waitFor();
  // The timeline names who resolved it (the last entry), with the unit.
  await expectText(liaison.page.locator('.ant-timeline-item').last(), `办理人：${officerName('town-degan', '程示例')}`);
  await liaison.context.close();
  const dismissed = await application();
  expect(dismissed.state).toBe('publicity');
  expect(dismissed.objections[0]).toMatchObject({ open: false, upheld: false, conclusion: '经现场核实，企业实际经营地与登记一致' });
  expect(dismissed.objections[1]).toMatchObject({ open: true });
  expect((await commissionApi.get(`/api/v1/items/${dismissed.objections[0].itemId}`)).body.state).toBe('closed');
  expect(dismissed.timeline.find((event: { action: string }) => event.action === 'resolve_objection')).toMatchObject({ actorId: 'staff-town-degan-liaison', actor: { kind: 'staff', name: '程示例', unitId: 'town-degan' } });

  // The commission upholds its own: the application is refused, and payment never starts.
  await page.reload();
  await page.getByText('异议不成立').first().waitFor();
  await page.getByLabel('成立（不予补助）').check();
  await page.getByLabel('处理结论').fill('经核查，研发费用归集不符合批次要求');
  await page.getByRole('button', { name: '处理异议' }).click();
  await page.getByText('异议处理结论已提交').waitFor();
  await expectText(page.getByTestId('subsidy-state'), '未通过');
  const refused = await application();
  expect(refused).toMatchObject({ state: 'rejected', outcomeReason: expect.stringContaining('公示异议成立') });
  expect(refused.objections[1]).toMatchObject({ open: false, upheld: true });
  expect(refused.steps.some((step: { step: string }) => step.step === 'disbursement')).toBe(false);
  await page.getByText(`办理人：${officerName('jxw', '崔示例')}`).first().waitFor();
  // The enterprise sees the unit, not the person.
  const own = (await enterprise.get(`/api/v1/subsidy-applications/${id}`)).body;
  expect(own.timeline.find((event: { action: string }) => event.action === 'resolve_objection').actor).toEqual({ kind: 'unit', unitId: 'town-degan' });
});

test('recognition: the commission enters 公示 for an innovative SME and the city’s 结果 for a municipal one', async () => {
  const { page } = officer;
  // 创新型中小企业: 初审 and 抽查 passed (API); 公示 entered on the page with its dates.
  const batch = await commissionApi.post('/api/v1/recognition/batches', { tier: 'innovative_sme', title: '2026年第四批创新型中小企业（网页测试）', opensOn: addCalendarDays(today, -10), cutoffOn: addCalendarDays(today, 10) });
  expect(batch.status).toBe(201);
  const applied = await ent004.post(`/api/v1/recognition/batches/${batch.body.id}/applications`, { declaration: true });
  expect(applied.status).toBe(201);
  const innovative = applied.body.id as string;
  const decide = (id: string, body: object) => commissionApi.post(`/api/v1/recognition/applications/${id}/decisions`, body);
  expect((await decide(innovative, { step: 'review', decision: 'pass', comment: '材料齐全' })).status).toBe(200);
  expect((await decide(innovative, { step: 'spot_check', decision: 'pass', comment: '抽查属实' })).status).toBe(200);

  await page.goto(`${web.baseUrl}/recognition/batches/${batch.body.id}`);
  pages.recognitionBatch = `/recognition/batches/${batch.body.id}`;
  await page.getByRole('button', { name: /^办理/ }).click();
  await page.getByLabel('意见').fill('公示期满无异议');
  await page.getByLabel('公示开始日期').fill(addCalendarDays(today, -15));
  await page.getByLabel('公示开始日期').press('Enter');
  await page.getByLabel('公示结束日期').fill(addCalendarDays(today, -1));
  await page.getByLabel('公示结束日期').press('Enter');
  await page.getByText('决定已录入').waitFor();
  await page.getByTestId(`step-${innovative}-publicity`).getByText(/通过 · 公示期满无异议/).waitFor();
  await page.getByTestId(`step-${innovative}-publicity`).getByText(officerName('jxw', '崔示例')).waitFor();
  const published = (await commissionApi.get(`/api/v1/recognition/applications/${innovative}`)).body;
  expect(published).toMatchObject({ state: 'recognised', currentStep: null });
  expect(published.steps[2]).toMatchObject({ kind: 'publicity', decision: 'pass', decidedBy: 'staff-jxw-officer-1', decider: { kind: 'staff', name: '崔示例', unitId: 'jxw' }, detail: expect.objectContaining({ publicityFrom: addCalendarDays(today, -15), publicityTo: addCalendarDays(today, -1) }) });
  const innovativeTiers = (await ent004.get('/api/v1/enterprises/ent-004/tiers')).body.tiers;
  expect(innovativeTiers).toEqual([expect.objectContaining({ tier: 'innovative_sme', source: 'application', applicationId: innovative, recognisedOn: today })]);

  // 市级专精特新: the district reviewed and recommended (API); the city's result is entered on the page.
  expect((await commissionApi.post('/api/v1/enterprises/ent-003/tiers', { tier: 'innovative_sme', recognisedOn: '2025-03-01', note: '渝经信发〔2025〕示例号（虚构）' })).status).toBe(201);
  const municipalBatch = await commissionApi.post('/api/v1/recognition/batches', { tier: 'municipal_srdi', title: '2026年市级专精特新中小企业（网页测试）', opensOn: addCalendarDays(today, -10), cutoffOn: addCalendarDays(today, 10) });
  expect(municipalBatch.status).toBe(201);
  const municipalApplied = await ent003.post(`/api/v1/recognition/batches/${municipalBatch.body.id}/applications`, { declaration: true });
  expect(municipalApplied.status).toBe(201);
  const municipal = municipalApplied.body.id as string;
  expect((await decide(municipal, { step: 'review', decision: 'pass', comment: '初审通过，同意推荐' })).status).toBe(200);
  expect((await decide(municipal, { step: 'recommend', decision: 'pass', comment: '已行文推荐', documentNo: '江津经信〔2026〕示例号' })).status).toBe(200);

  const recognisedOn = addCalendarDays(today, -3);
  await page.goto(`${web.baseUrl}/recognition/batches/${municipalBatch.body.id}`);
  await page.getByRole('button', { name: /^办理/ }).click();
  await page.getByLabel('文号').fill('渝经信〔2026〕示例号');
  await page.getByLabel('意见').fill('市经济信息委公布名单');
  await page.getByLabel('认定日期').fill(recognisedOn);
  await page.getByLabel('认定日期').press('Enter');
  await page.getByText('决定已录入').waitFor();
  await page.getByTestId(`step-${municipal}-result`).getByText(/通过 · 市经济信息委公布名单/).waitFor();
  await page.getByRole('cell', { name: '已认定', exact: true }).waitFor();
  const result = (await commissionApi.get(`/api/v1/recognition/applications/${municipal}`)).body;
  expect(result).toMatchObject({ state: 'recognised' });
  expect(result.steps[2]).toMatchObject({ kind: 'result', decision: 'pass', detail: expect.objectContaining({ documentNo: '渝经信〔2026〕示例号', recognisedOn }) });
  const municipalTiers = (await ent003.get('/api/v1/enterprises/ent-003/tiers')).body.tiers;
  expect(municipalTiers[0]).toMatchObject({ tier: 'municipal_srdi', source: 'application', applicationId: municipal, recognisedOn });
});

test('listing: the commission changes the service officer; a wrong one is refused and changes nothing', async () => {
  const enrolled = await commissionApi.post('/api/v1/listing-cases', { enterpriseId: 'ent-002', officerId: 'staff-jrzx-liaison', enrolledOn: addMonths(today, -1), documents: [{ title: '区级上市培育库入库通知', reference: '津经信发〔2026〕2号' }] });
  expect(enrolled.status).toBe(201);
  const caseId = enrolled.body.id as string;
  const { page } = officer;
  await page.goto(`${web.baseUrl}/listing-cases/${caseId}`);
  pages.listingCase = `/listing-cases/${caseId}`;
  await expectText(page.getByTestId('listing-officer'), officerName('jrzx', '胡示例'), { exact: true });

  // The page offers serving people by name; an id that is not one is refused by the API and changes nothing.
  const refused = await commissionApi.put(`/api/v1/listing-cases/${caseId}/officer`, { officerId: 'staff-nobody', reason: '测试' });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body)).toMatch(/服务专员须为在职的联络员、分管领导或督办员/);
  expect((await commissionApi.get(`/api/v1/listing-cases/${caseId}`)).body.officer.staffId).toBe('staff-jrzx-liaison');

  await choose(page, '新服务专员', officerName('jrzx', '郭示例'));
  await page.getByLabel('理由').fill('原专员岗位调整');
  await page.getByRole('button', { name: '更换服务专员' }).click();
  await page.getByText('服务专员已更换').waitFor();
  await expectText(page.getByTestId('listing-officer'), officerName('jrzx', '郭示例'), { exact: true });
  await page.getByText(`办理人：${officerName('jxw', '崔示例')}`).first().waitFor();
  const after = (await commissionApi.get(`/api/v1/listing-cases/${caseId}`)).body;
  expect(after.officer).toMatchObject({ staffId: 'staff-jrzx-leader', unitId: 'jrzx', name: '郭示例' });
  const change = after.timeline.find((event: { action: string }) => event.action === 'officer');
  expect(change).toMatchObject({ actorId: 'staff-jxw-officer-1', actor: { kind: 'staff', name: '崔示例', unitId: 'jxw' } });
  // The list names the officer too.
  await page.goto(`${web.baseUrl}/listing-cases`);
  await page.getByRole('cell', { name: officerName('jrzx', '郭示例') }).waitFor();
});

test('a measure task: an achievement is recorded and the cadence changed on the page', async () => {
  const measure7 = 'jiangjin-srdi-2022-2025/measure/7';
  const launched = await commissionApi.post('/api/v1/measure-tasks', { measureIds: [measure7], startsOn: addMonths(today, -1), cadence: { period: 'month', dueWorkingDay: 5 } });
  expect(launched.status).toBe(201);
  const taskId = launched.body.tasks[0].id as string;
  const task = async () => (await commissionApi.get(`/api/v1/measure-tasks/${taskId}`)).body;
  const before = await task();
  const subTarget = before.subTargets[0];
  const { page } = officer;
  await page.goto(`${web.baseUrl}/measure-tasks/${taskId}`);
  pages.measureTask = `/measure-tasks/${taskId}`;
  await page.getByText(`牵头单位`).first().waitFor();
  await page.getByText(unitNames.get(before.leadUnitId)!).first().waitFor();

  await page.getByLabel('数量').fill('2');
  await page.getByLabel('佐证材料').fill('两家企业数字化车间通过市级认定（测试）');
  await page.getByLabel('文号').fill('渝经信〔2026〕车间示例号');
  await page.getByLabel('完成日期').fill(addCalendarDays(today, -2));
  await page.getByLabel('完成日期').press('Enter');
  await page.getByText('完成情况已填报').waitFor();
  await page.getByRole('cell', { name: /两家企业数字化车间通过市级认定（测试）/ }).waitFor();
  await page.getByRole('cell', { name: officerName('jxw', '崔示例') }).waitFor();
  const recorded = await task();
  expect(recorded.achievements).toEqual([expect.objectContaining({ subTarget: subTarget.name, count: 2, achievedOn: addCalendarDays(today, -2), reference: '渝经信〔2026〕车间示例号', recordedBy: 'staff-jxw-officer-1', recorder: { kind: 'staff', name: '崔示例', unitId: 'jxw' } })]);
  const progressAfter = recorded.subTargets.find((entry: { name: string }) => entry.name === subTarget.name);
  expect(progressAfter.actual).toBe(subTarget.actual + 2);

  await page.getByLabel('每季度').check();
  await page.getByLabel('报送期限（第几个工作日）').fill('10');
  await page.getByLabel('理由').fill('联席会议决定改为按季度报送');
  await page.getByRole('button', { name: '调整报送周期' }).click();
  await page.getByText(/报送周期已调整，下一期/).waitFor();
  await page.getByText('每季度，次季第 10 个工作日前报送').first().waitFor();
  expect((await task()).cadence).toEqual({ period: 'quarter', dueWorkingDay: 10 });
});

test('企业库: the commission finds an enterprise by town and tier and opens its record, figures, tiers and cases', async () => {
  const { page } = officer;
  // A recognition valid for three years from a month ago: current whatever today is.
  const recorded = await commissionApi.post('/api/v1/enterprises/ent-005/tiers', { tier: 'municipal_srdi', recognisedOn: addCalendarDays(today, -30), note: '浏览器测试录入的认定' });
  expect(recorded.status).toBe(201);
  const directory = (await commissionApi.get('/api/v1/enterprises?limit=50')).body.enterprises as { id: string; name: string; creditCode: string }[];
  const ent005 = directory.find((row) => row.id === 'ent-005')!;

  await page.goto(`${web.baseUrl}/enterprises`);
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await page.getByTestId('enterprise-count').getByText(`共显示 ${directory.length} 家`).waitFor();
  expect(await rows.allTextContents()).toEqual(directory.map((row) => expect.stringContaining(row.creditCode)));

  await choose(page, '所属镇街', unitNames.get('town-jijiang')!);
  await choose(page, '现有梯度层级', '市级专精特新中小企业');
  await page.getByRole('button', { name: '查询' }).click();
  const found = (await commissionApi.get('/api/v1/enterprises?townUnitId=town-jijiang&tier=municipal_srdi')).body.enterprises as { id: string }[];
  expect(found.map((row) => row.id)).toContain('ent-005');
  await page.getByTestId('enterprise-count').getByText(`共显示 ${found.length} 家`).waitFor();
  await expectText(rows.filter({ hasText: ent005.name }), '市级专精特新中小企业');

  await page.getByRole('link', { name: ent005.name }).click();
  await page.waitForURL('**/enterprises/ent-005');
  const record = (await commissionApi.get('/api/v1/enterprises/ent-005')).body as { figures: unknown[] };
  const tiers = (await commissionApi.get('/api/v1/enterprises/ent-005/tiers')).body.tiers as unknown[];
  const cases = (await commissionApi.get('/api/v1/enterprises/ent-005/cases')).body.cases as { title: string }[];
  expect(record.figures.length).toBeGreaterThan(0); // the commission sees them
  const card = (title: string) => page.locator('.ant-card').filter({ has: page.locator('.ant-card-head-title', { hasText: title }) });
  await expectText(card(ent005.name), ent005.creditCode);
  const rowsOf = (title: string) => card(title).locator('.ant-table-tbody tr.ant-table-row');
  expect(await eventually(() => rowsOf(ent005.name).count(), (n) => n === record.figures.length)).toBe(record.figures.length);
  expect(await eventually(() => rowsOf('梯度认定记录').count(), (n) => n === tiers.length)).toBe(tiers.length);
  await expectText(rowsOf('梯度认定记录').filter({ hasText: '浏览器测试录入的认定' }), '市级专精特新中小企业');
  expect(await eventually(() => rowsOf('办理事项').count(), (n) => n === cases.length)).toBe(cases.length);
  pages.enterprise = '/enterprises/ent-005';

  // 指定服务专员 on the record, then the officer (czj's liaison) finds the enterprises they serve
  // and raises a difficulty for this one; the commission classifies it like the enterprise's own.
  await page.getByRole('button', { name: '指定服务专员' }).click();
  const modal = page.locator('.ant-modal');
  await modal.getByLabel('服务专员').fill('刘示例');
  await page.locator('.ant-select-item-option-active').filter({ hasText: '刘示例' }).waitFor();
  await page.keyboard.press('Enter');
  await modal.getByLabel('理由').fill('按一企一策一人安排（网页测试）');
  await modal.getByRole('button', { name: '保存' }).click();
  await expectText(page.getByTestId('service-officer'), `刘示例（${unitNames.get('czj')}）`);
  expect((await commissionApi.get('/api/v1/enterprises/ent-005')).body.serviceOfficer).toMatchObject({ staffId: 'staff-czj-liaison' });
  await page.locator('.ant-modal').waitFor({ state: 'hidden' });
  await screenshot(page, 'enterprise-record');

  const served = await newPage();
  await signInInBrowser(served.page, web.baseUrl, users.liaison('czj'));
  await served.page.goto(`${web.baseUrl}/enterprises`);
  await served.page.getByLabel('只看我服务的企业').check();
  await served.page.getByRole('button', { name: '查询' }).click();
  const mine = (await czj.get('/api/v1/enterprises?serviceOfficerId=staff-czj-liaison')).body.enterprises as { id: string }[];
  expect(mine.map((row) => row.id)).toContain('ent-005');
  await served.page.getByTestId('enterprise-count').getByText(`共显示 ${mine.length} 家`).waitFor();
  await served.page.getByRole('link', { name: ent005.name }).click();
  await served.page.getByRole('button', { name: '代企业提出诉求' }).click();
  await served.page.getByLabel('类别', { exact: true }).click();
  await served.page.locator('.ant-select-dropdown:visible').getByText('融资').first().click();
  await served.page.getByLabel('诉求标题').fill('年底回款慢需协调续贷（服务专员代提）');
  await served.page.getByLabel('诉求内容').fill('企业反映年底回款慢，需协调银行续贷。');
  await served.page.getByRole('button', { name: '提交诉求' }).click();
  await served.page.waitForURL(/\/cases\/[^/]+$/);
  const difficultyId = decodeURIComponent(served.page.url().split('/cases/')[1]!);
  await served.context.close();
  const raised = await harness.database.db.difficulty.findUniqueOrThrow({ where: { id: difficultyId } });
  expect(raised).toMatchObject({ enterpriseId: 'ent-005', category: 'financing', state: 'awaiting_classification', raisedBy: 'staff-czj-liaison' });

  // 纳入上市培育库 from the record: the enterprise's service officer is proposed and, untouched,
  // becomes the listing case's officer; the button is gone once the case exists.
  await page.reload();
  await page.getByRole('button', { name: '纳入上市培育库' }).click();
  const enrol = page.locator('.ant-modal');
  await enrol.getByLabel('入库通知或名单（文件名称）').fill('区级上市培育库入库名单');
  await enrol.getByLabel('文号').fill('津经信发〔2026〕9号（虚构）');
  await enrol.getByRole('button', { name: '确认纳入' }).click();
  await page.waitForURL(/\/listing-cases\/[^/]+$/);
  const listingCase = await harness.database.db.listingCase.findUniqueOrThrow({ where: { enterpriseId: 'ent-005' } });
  expect(page.url()).toContain(listingCase.id);
  expect(listingCase).toMatchObject({ officerId: 'staff-czj-liaison', officerUnitId: 'czj', currentMilestone: 'district_pool' });
  expect(listingCase.enrolledOn.toISOString().slice(0, 10)).toBe(today);
  await expectText(page.getByTestId('listing-officer'), `刘示例（${unitNames.get('czj')}）`);
  await page.goto(`${web.baseUrl}${pages.enterprise}`);
  await page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '培育中' }).waitFor();
  expect(await page.getByRole('button', { name: '纳入上市培育库' }).count()).toBe(0);
});

test('in English, the process pages and the board show no Chinese in their own texts', async () => {
  const { page } = officer;
  await page.goto(`${web.baseUrl}/board`);
  await page.getByRole('button', { name: /^English/ }).click();
  // Data (names, titles, units, the API's reasons) stays Chinese; the page's own labels must not:
  // headers, labels, buttons, field names, tabs, step names and tags. The language button names
  // the language it switches to (中文) and is left out.
  const chrome = 'th, label, button, .ant-descriptions-item-label, .ant-tabs-tab, .ant-steps-item-title, .ant-tag, .ant-statistic-title';
  const visits: [string, string][] = [
    ['/board', 'Open items led by each unit'],
    ['/subsidy-applications', 'Subsidy applications and rounds'],
    [pages.subsidyApplication, 'Timeline'],
    [pages.recognitionBatch, 'Applications in this batch'],
    ['/listing-cases', 'Listing cultivation cases'],
    [pages.listingCase, 'Timeline'],
    ['/measure-tasks', 'Lead unit'],
    [pages.measureTask, 'Period reports'],
    ['/enterprises', 'Enterprise directory'],
    [pages.enterprise, 'Tier recognitions'],
  ];
  const found: Record<string, string[]> = {};
  for (const [path, ready] of visits) {
    await page.goto(`${web.baseUrl}${path}`);
    await page.getByText(ready).first().waitFor();
    const texts = await page.locator(chrome).allTextContents();
    found[path] = texts.filter((value) => cjk.test(value) && value.trim() !== '中文');
  }
  await page.getByRole('button', { name: /^中文/ }).click();
  expect(found).toEqual(Object.fromEntries(visits.map(([path]) => [path, []])));
});
