import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';
import { addCalendarDays, shanghaiDateOf } from '../../../domain/calendar';

// The enterprise portal in a real browser, from a new contact's first sign-in: it raises a
// difficulty; applies for a subsidy and, once the formal review asks for 补正, sees the one-time
// list of missing items and the stopped clock and uploads what is missing; applies in a
// recognition batch after seeing its eligibility check; applies to the listing pool, sees the
// commission (in its own browser) accept it and records evidence for its next milestone; rates a
// resolved difficulty. Each step is checked on the screen and in the database.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let town: ApiClient;
let ghzrj: ApiClient;
let context: BrowserContext;
let page: Page;

const enterpriseId = 'ent-005';
const enterpriseName = '江津示例食品科技有限公司（虚构）';
const username = 'ent005-new-contact';
const initialPassword = 'Portal-Init-2026';
const today = shanghaiDateOf(new Date());
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`);
const ids = { resolvedDifficulty: '', raisedDifficulty: '', subsidy: '', recognition: '', listingApplication: '' };

async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as the API documents them
const ok = <R extends { status: number; body: any }>(response: R, what: string, status = 200): R => {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
};

/** Picks `option` in the antd Select labelled `label` (typing `search` first in a long, virtual list). */
async function choose(target: Page, label: string, option: string | RegExp, search?: string) {
  await target.getByLabel(label, { exact: true }).click();
  if (search) await target.keyboard.type(search);
  await target.locator('.ant-select-dropdown:visible').getByText(option).first().click();
}

beforeAll(async () => {
  harness = await startApiHarness();
  [web, browser, commission, town, ghzrj] = await Promise.all([
    serveWeb(harness.app),
    launchBrowser(),
    signIn(harness.app, users.commissionOfficer),
    signIn(harness.app, users.liaison('town-jijiang')),
    signIn(harness.app, users.liaison('ghzrj')),
  ]);
  const sysadmin = await signIn(harness.app, users.systemAdmin);
  ok(await sysadmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId, username, displayName: '食品科技新联系人', initialPassword }), 'create contact', 201);

  // A funding round and a recognition batch open today.
  ok(
    await commission.post('/api/v1/subsidy-rounds', {
      measureId: 'jiangjin-srdi-2022-2025/measure/29',
      title: '研发投入补助（网页测试）',
      opensOn: today,
      closesOn: addCalendarDays(today, 20),
      materials: [
        { code: 'form', label: '申报书' },
        { code: 'audit', label: '上年度财务审计报告' },
      ],
      maxAmount: 50,
    }),
    'open round',
    201,
  );
  const batch = ok(await commission.post('/api/v1/recognition/batches', { tier: 'innovative_sme', title: '创新型中小企业认定（网页测试）', opensOn: today, cutoffOn: addCalendarDays(today, 20) }), 'batch', 201);
  const check = ok(await commission.get(`/api/v1/recognition/batches/${batch.body.id}/eligibility?enterpriseId=${enterpriseId}`), 'eligibility');
  expect(check.body.allMet).toBe(true);

  // An earlier difficulty of the enterprise, handled and closed: it waits for the rating.
  const raised = ok(await commission.post('/api/v1/difficulties', { enterpriseId, category: 'energy', title: '冷库扩建用电增容（网页测试）', description: '新建冷库需增容 800 千伏安', leadUnitId: 'ghzrj' }), 'raise', 201);
  ids.resolvedDifficulty = raised.body.difficultyId;
  const itemId: string = raised.body.item.id;
  ok(await ghzrj.post(`/api/v1/items/${itemId}/sign`, {}), 'sign');
  ok(await ghzrj.post(`/api/v1/items/${itemId}/report`, { result: '已协调供电公司完成增容方案' }), 'report');
  ok(await commission.post(`/api/v1/items/${itemId}/approve`, { comment: '同意办结' }), 'approve');
  ok(await commission.post(`/api/v1/items/${itemId}/close`), 'close');
  await eventually(async () => expect((await harness.database.db.difficulty.findUniqueOrThrow({ where: { id: ids.resolvedDifficulty } })).state).toBe('awaiting_rating'));

  context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('a new enterprise contact signs in (changing the initial password) and lands on its cases', async () => {
  await signInInBrowser(page, web.baseUrl, username, { password: initialPassword, newPassword: 'Portal-Ent5-2027' });
  await page.waitForURL('**/cases');
  await page.getByRole('heading', { name: '我的办理事项' }).or(page.getByText('我的办理事项').first()).first().waitFor();
  const row = page.getByRole('row', { name: /冷库扩建用电增容/ });
  await expectText(row, /企业诉求.*待评价/);
});

test('(a) raises a difficulty', async () => {
  await page.getByRole('link', { name: '我要办理' }).first().click();
  await page.getByRole('tab', { name: '提出诉求' }).click();
  await choose(page, '类别', '用地');
  await page.getByLabel('诉求标题').fill('冷链物流园用地指标（网页测试）');
  await page.getByLabel('诉求内容').fill('拟建冷链物流园，需新增工业用地约 20 亩');
  await page.getByRole('button', { name: '提交诉求' }).click();
  await page.waitForURL(/\/cases\/[^/]+$/);
  await page.getByText('等待区经济信息委分类交办').waitFor();
  ids.raisedDifficulty = decodeURIComponent(page.url().split('/cases/')[1]!);
  const row = await harness.database.db.difficulty.findUniqueOrThrow({ where: { id: ids.raisedDifficulty } });
  expect(row).toMatchObject({ enterpriseId, category: 'land', title: '冷链物流园用地指标（网页测试）', state: 'awaiting_classification', origin: 'enterprise' });
});

test('(b) applies for a subsidy with an attachment; after 补正 is asked sees the one-time list and the stopped clock, and uploads the material', async () => {
  await page.getByRole('link', { name: '我要办理' }).first().click();
  await page.getByRole('tab', { name: '申报补助' }).click();
  await choose(page, '申报批次', '研发投入补助（网页测试）');
  await page.getByLabel('申请金额（万元）').fill('30');
  await page.getByLabel('申报书').fill('2026 年度研发投入补助申报书');
  await page.getByLabel('上年度财务审计报告').fill('2025 年度审计报告（会计师事务所出具）');
  await page.locator('form#apply-subsidy input[type=file]').setInputFiles({ name: '申报书.pdf', mimeType: 'application/pdf', buffer: pdf('申报书') });
  await page.getByRole('button', { name: '提交申报' }).click();
  await page.waitForURL(/\/portal\/subsidy\/[0-9a-f-]+$/);
  ids.subsidy = page.url().split('/portal/subsidy/')[1]!;
  await page.getByText('园区/镇街初审').first().waitFor();
  const db = harness.database.db;
  const application = await db.subsidyApplication.findUniqueOrThrow({ where: { id: ids.subsidy } });
  expect(application).toMatchObject({ enterpriseId, state: 'town_review' });
  expect(Number(application.requestedAmount)).toBe(30);
  await eventually(async () => expect(await db.itemAttachment.count({ where: { item: { sourceKind: 'subsidy', sourceId: ids.subsidy }, fileName: '申报书.pdf' } })).toBe(1));

  // Staff (through the API): the town passes its review; the formal review asks for 补正.
  await eventually(async () => ok(await town.post(`/api/v1/subsidy-applications/${ids.subsidy}/decision`, { step: 'town_review', outcome: 'pass' }), 'town review'));
  const missing = ['加盖公章的上年度财务审计报告', '研发费用专项审计报告'];
  await eventually(async () => ok(await commission.post(`/api/v1/subsidy-applications/${ids.subsidy}/decision`, { step: 'formal_review', outcome: 'incomplete', missing, reason: '材料不全' }), 'formal review'));
  await eventually(async () => {
    const seen = ok(await commission.get(`/api/v1/subsidy-applications/${ids.subsidy}`), 'read');
    expect(seen.body.state).toBe('awaiting_supplement');
    expect(seen.body.steps.find((step: { step: string }) => step.step === 'formal_review').clock.running).toBe(false);
  });

  await page.reload();
  const notice = page.locator('.srdi-notice');
  await notice.getByText('一次性告知：需补正的材料').waitFor();
  await expect(notice.getByRole('list', { name: '缺少的材料' }).getByRole('listitem').allTextContents()).resolves.toEqual(missing);
  const formal = page.locator('[data-step=formal_review]');
  await formal.getByText('已中止计时').first().waitFor();
  await formal.getByText(/一次性告知补正/).waitFor();
  await formal.getByText(/自 \d{4}-\d{2}-\d{2} 起中止计时/).waitFor();
  await expectText(formal.getByTestId('clock-usage'), /共 \d+ 个工作日，已用 \d+ 个/);
  await screenshot(page, 'portal-subsidy-case');

  await notice.locator('input[type=file]').setInputFiles([
    { name: '审计报告（盖章）.pdf', mimeType: 'application/pdf', buffer: pdf('审计报告') },
    { name: '研发费用专项审计报告.pdf', mimeType: 'application/pdf', buffer: pdf('专项审计') },
  ]);
  await page.getByLabel('补正说明').fill('已补充盖章审计报告与研发费用专项审计报告');
  await page.getByRole('button', { name: '提交补正' }).click();
  await page.getByText('企业补正，恢复计时').waitFor();
  await page.getByRole('button', { name: '提交补正' }).waitFor({ state: 'detached' });

  const after = await db.subsidyApplication.findUniqueOrThrow({ where: { id: ids.subsidy } });
  expect(after.state).toBe('formal_review');
  expect(after.notice).toMatchObject({ missing, note: '已补充盖章审计报告与研发费用专项审计报告', suppliedAt: expect.any(String) });
  const formalItem = await db.supervisedItem.findFirstOrThrow({ where: { sourceKind: 'subsidy', sourceId: ids.subsidy, type: 'subsidy_formal_review' } });
  expect((await db.itemAttachment.findMany({ where: { itemId: formalItem.id } })).map((row) => row.fileName).sort()).toEqual(['审计报告（盖章）.pdf', '研发费用专项审计报告.pdf']);
  await eventually(async () => {
    const seen = ok(await commission.get(`/api/v1/subsidy-applications/${ids.subsidy}`), 'read');
    const clock = seen.body.steps.find((step: { step: string }) => step.step === 'formal_review').clock;
    expect(clock.running).toBe(true);
    expect(clock.suspensions[0].open).toBe(false);
  });
});

test('(c) applies in a recognition batch after seeing the eligibility check', async () => {
  await page.getByRole('link', { name: '我要办理' }).first().click();
  await page.getByRole('tab', { name: '认定申报' }).click();
  await choose(page, '认定批次', /创新型中小企业认定（网页测试）/);
  const check = page.getByRole('region', { name: '条件核对结果' });
  await check.getByRole('row').nth(1).waitFor();
  await expectText(page.getByTestId('eligibility-verdict'), '全部条件符合，可以申报', { exact: true });
  const outcomes = await check.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(outcomes.length).toBeGreaterThan(0);
  expect(new Set(outcomes)).toEqual(new Set(['符合']));
  await page.getByRole('checkbox', { name: '本企业承诺申报数据真实有效' }).check();
  await page.locator('.ant-checkbox-checked').waitFor();
  await page.locator('form#apply-recognition button[type=submit]:not([disabled])').waitFor();
  // Past the checkbox's transition, so the screenshot shows it ticked.
  await page.waitForTimeout(400);
  await screenshot(page, 'portal-apply');
  await page.getByRole('button', { name: '提交认定申报' }).click();
  await page.waitForURL(/\/portal\/recognition\/[0-9a-f-]+$/);
  ids.recognition = page.url().split('/portal/recognition/')[1]!;
  await page.getByText('区经济信息委初审').first().waitFor();
  const row = await harness.database.db.recognitionApplication.findUniqueOrThrow({ where: { id: ids.recognition } });
  expect(row).toMatchObject({ enterpriseId, tier: 'innovative_sme', state: 'in_review' });
});

test('(d) applies to the listing pool and sees the commission accept it', async () => {
  await page.getByRole('link', { name: '我要办理' }).first().click();
  await page.getByRole('tab', { name: '入库申请' }).click();
  await choose(page, '拟上市板块', '北交所');
  await page.getByLabel('上市计划与时间安排').fill('2027 年完成股改，2028 年与券商签订辅导协议并向重庆证监局备案');
  await page.getByLabel('申请材料 1').fill('上市工作方案');
  await page.getByLabel('文号 1').fill('食科〔2026〕8 号');
  await page.getByRole('button', { name: '提交入库申请' }).click();
  await page.waitForURL('**/portal/listing');
  await page.getByTestId('listing-application').getByText('待审核').waitFor();
  const pending = await harness.database.db.listingApplication.findFirstOrThrow({ where: { enterpriseId } });
  ids.listingApplication = pending.id;
  expect(pending).toMatchObject({ state: 'pending', intendedBoard: 'bse', documents: [{ title: '上市工作方案', reference: '食科〔2026〕8 号' }] });

  // The commission, in its own browser: the pending list, then accepting with a service officer.
  const staff = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const officerPage = await staff.newPage();
  officerPage.setDefaultTimeout(15_000);
  await signInInBrowser(officerPage, web.baseUrl, users.commissionOfficer2);
  await officerPage.getByRole('link', { name: '入库申请审核' }).click();
  const row = officerPage.getByRole('row', { name: new RegExp(enterpriseName.replace(/[()（）]/g, '.')) });
  await expectText(row, '北交所');
  await row.getByRole('button', { name: `同意纳入 ${enterpriseName}` }).click();
  await choose(officerPage, '服务专员', '王示例（区科技局）', '王示例');
  await officerPage.getByLabel('意见').fill('同意纳入区级培育库');
  await officerPage.getByRole('button', { name: '确认纳入培育库' }).click();
  await officerPage.getByText('已纳入区级培育库').first().waitFor();
  await staff.close();

  const decided = await harness.database.db.listingApplication.findUniqueOrThrow({ where: { id: ids.listingApplication } });
  expect(decided).toMatchObject({ state: 'accepted', decidedBy: 'staff-jxw-officer-2', reason: '同意纳入区级培育库' });
  const listingCase = await harness.database.db.listingCase.findUniqueOrThrow({ where: { enterpriseId } });
  expect(listingCase).toMatchObject({ id: decided.caseId, officerId: 'staff-kjj-liaison', currentMilestone: 'district_pool' });

  await page.reload();
  await page.getByTestId('listing-application').getByText('已纳入培育库').waitFor();
  await page.getByText('上市培育进度').waitFor();
  await page.getByText('区级培育库').first().waitFor();
  await page.getByText(/下一里程碑：市级拟上市后备库/).waitFor();

  // The enterprise records the evidence for its next milestone (the commission confirms it later).
  const evidence = page.getByRole('region', { name: '「市级拟上市后备库」的佐证材料' });
  await evidence.getByLabel('文件名称').fill('市级拟上市后备企业申报材料');
  await evidence.getByLabel('文号').fill('食科〔2026〕15 号');
  await evidence.getByRole('button', { name: '记录佐证材料' }).click();
  await evidence.getByText('市级拟上市后备企业申报材料（食科〔2026〕15 号）').waitFor();
  const withEvidence = await harness.database.db.listingCase.findUniqueOrThrow({ where: { enterpriseId } });
  expect(withEvidence.pendingEvidence).toEqual([expect.objectContaining({ milestone: 'municipal_reserve', recordedAs: 'enterprise', documents: [{ title: '市级拟上市后备企业申报材料', reference: '食科〔2026〕15 号' }] })]);
});

test('(e) rates the resolved difficulty, and sees every case on its home page', async () => {
  await page.getByRole('link', { name: '我的办理事项' }).click();
  await page.getByRole('link', { name: '冷库扩建用电增容（网页测试）' }).click();
  await page.getByText('评价办理结果').waitFor();
  // The handled item shows how it ended (reported today, well within its limit), not a clock still counting.
  await expectText(page.getByTestId('deadline-outcome').first(), /^按时办结（\d{4}-\d{2}-\d{2}）$/);
  await page.locator('#rate-difficulty .ant-rate-star [role=radio]').nth(3).click();
  await page.getByLabel('评价意见').fill('供电公司上门对接，增容方案及时');
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.locator('.ant-card-head').getByText('已办结').waitFor();
  await page.getByText('供电公司上门对接，增容方案及时').waitFor();
  const ratings = await harness.database.db.difficultyRating.findMany({ where: { difficultyId: ids.resolvedDifficulty } });
  expect(ratings).toEqual([expect.objectContaining({ unitId: 'ghzrj', outcome: 'rated', score: 4, reopened: false })]);
  expect((await harness.database.db.difficulty.findUniqueOrThrow({ where: { id: ids.resolvedDifficulty } })).state).toBe('resolved');

  await page.getByRole('link', { name: '我的办理事项' }).click();
  const table = page.locator('.ant-table-tbody');
  await table.getByRole('row', { name: /研发投入补助（网页测试）/ }).waitFor();
  const texts = await table.getByRole('row').allTextContents();
  const find = (pattern: RegExp) => texts.find((text) => pattern.test(text));
  expect(find(/资金补助.*研发投入补助（网页测试）.*形式审查/)).toMatch(/\d{4}-\d{2}-\d{2}.*(剩 \d+ 个工作日|今日到期)/);
  expect(find(/梯度认定.*创新型中小企业认定（网页测试）.*审核中/)).toMatch(/\d{4}-\d{2}-\d{2}/);
  expect(find(/企业诉求.*冷链物流园用地指标.*待分类交办/)).toBeDefined();
  expect(find(/企业诉求.*冷库扩建用电增容.*已办结/)).toBeDefined();
  expect(find(/上市培育.*培育中/)).toBeDefined();
  await screenshot(page, 'portal-home');

  // On a phone (390 px): the page is no wider than the screen, the header keeps to one line, and
  // a case's title keeps a readable column (the table scrolls sideways instead).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await table.getByRole('row', { name: /研发投入补助（网页测试）/ }).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect((await page.locator('.srdi-brand').boundingBox())!.height).toBeLessThanOrEqual(64);
  expect((await page.locator('.srdi-header').boundingBox())!.height).toBeLessThanOrEqual(64);
  expect((await table.getByRole('link', { name: /研发投入补助（网页测试）/ }).boundingBox())!.width).toBeGreaterThan(120);
  // The menu's button sits above the page's first card, not on its title.
  const menuButton = (await page.locator('.ant-layout-sider-zero-width-trigger').boundingBox())!;
  const firstCard = (await page.locator('.ant-card').first().boundingBox())!;
  expect(menuButton.y + menuButton.height).toBeLessThanOrEqual(firstCard.y);
  await screenshot(page, 'portal-home-phone');
  await page.setViewportSize({ width: 1360, height: 900 });
});
