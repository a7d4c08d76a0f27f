import type { Browser, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { accessibilityViolations } from '../../support/accessibility';
import { launchBrowser, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';
import { applyInOpenRound } from '../../support/subsidy';
import { addCalendarDays, shanghaiDateOf } from '../../../domain/calendar';
import { addMonths } from '../../../domain/listing/listing';

// Accessibility basics on every main page, for each role, in a real browser: axe-core's WCAG 2.1
// A/AA rules (labels, accessible names, contrast, landmarks, language). A page must show its data
// before it is checked, so empty loading states do not pass for finished pages.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let itemId: string;
let difficultyId: string;
/** TOTP secrets bound by earlier sign-ins (a second sign-in must verify). */
const secrets = new Map<string, string>();
const today = shanghaiDateOf(new Date());
const month = today.slice(0, 7);
/** The process cases the pages below show, created through the API. */
const cases = { subsidy: '', recognitionBatch: '', recognition: '', listing: '', measureTask: '' };
const subsidyRound = '2026 年补助批次（无障碍测试）';
const recognitionBatch = '创新型中小企业认定（无障碍测试）';

beforeAll(async () => {
  harness = await startApiHarness();
  let ent001: ApiClient, ent004: ApiClient;
  [web, browser, commission, ent001, ent004] = await Promise.all([
    serveWeb(harness.app),
    launchBrowser(),
    signIn(harness.app, users.commissionOfficer2),
    signIn(harness.app, users.enterpriseContact('ent-001')),
    signIn(harness.app, users.enterpriseContact('ent-004')),
  ]);
  const raised = await commission.post('/api/v1/difficulties', {
    enterpriseId: 'ent-001',
    category: 'financing',
    title: '流动资金贷款续贷（无障碍测试）',
    description: '需协调银行续贷',
    leadUnitId: 'kjj',
  });
  expect(raised.status).toBe(201);
  itemId = raised.body.item.id;
  difficultyId = raised.body.difficultyId;

  cases.subsidy = (await applyInOpenRound(commission, ent001, subsidyRound)).applicationId;

  const batch = await commission.post('/api/v1/recognition/batches', { tier: 'innovative_sme', title: recognitionBatch, opensOn: addCalendarDays(today, -10), cutoffOn: addCalendarDays(today, 10) });
  expect(batch.status).toBe(201);
  cases.recognitionBatch = batch.body.id;
  const recognition = await ent004.post(`/api/v1/recognition/batches/${batch.body.id}/applications`, { declaration: true });
  expect(recognition.status).toBe(201);
  cases.recognition = recognition.body.id;

  const enrolled = await commission.post('/api/v1/listing-cases', { enterpriseId: 'ent-002', officerId: 'staff-jrzx-liaison', enrolledOn: addMonths(today, -1), documents: [{ title: '区级上市培育库入库通知', reference: '测试〔2026〕9号' }] });
  expect(enrolled.status).toBe(201);
  cases.listing = enrolled.body.id;

  const launched = await commission.post('/api/v1/measure-tasks', { measureIds: ['jiangjin-srdi-2022-2025/measure/7'], startsOn: today });
  expect(launched.status).toBe(201);
  cases.measureTask = launched.body.tasks[0].id;
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

/** Signs in as the user (switching to English when asked), then opens each page, waits for what it must show, and collects violations. */
async function checkPages(username: string | undefined, pages: { path: string; shows: (page: Page) => Promise<unknown> }[], english = false) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    if (username) {
      const secret = await signInInBrowser(page, web.baseUrl, username, { totpSecret: secrets.get(username) });
      if (secret) secrets.set(username, secret);
    }
    if (english) {
      await page.getByRole('button', { name: /切换语言 \/ Switch language/ }).click();
      await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    }
    const found: string[] = [];
    for (const target of pages) {
      await page.goto(`${web.baseUrl}${target.path}`);
      await target.shows(page);
      await page.waitForLoadState('networkidle');
      found.push(...(await accessibilityViolations(page)).map((line) => `${target.path}: ${line}`));
    }
    return found;
  } finally {
    await context.close();
  }
}

test('the sign-in page', async () => {
  expect(await checkPages(undefined, [{ path: '/login', shows: (page) => page.getByLabel('用户名', { exact: true }).waitFor() }])).toEqual([]);
});

test("a unit liaison's inbox, item, notifications and meetings", async () => {
  const violations = await checkPages(users.liaison('kjj'), [
    { path: '/inbox', shows: (page) => page.getByRole('link', { name: /流动资金贷款续贷/ }).waitFor() },
    { path: `/items/${itemId}`, shows: (page) => page.getByText('流动资金贷款续贷（无障碍测试）').first().waitFor() },
    { path: '/notifications', shows: (page) => page.getByText('通知中心').first().waitFor() },
    { path: '/meetings', shows: (page) => page.getByText('联席会议').first().waitFor() },
  ]);
  expect(violations).toEqual([]);
});

test("the commission's board", async () => {
  const violations = await checkPages(users.commissionOfficer, [{ path: '/board', shows: (page) => page.locator('canvas, svg').first().waitFor() }]);
  expect(violations).toEqual([]);
});

test("an enterprise's cases", async () => {
  const violations = await checkPages(users.enterpriseContact('ent-001'), [
    { path: '/cases', shows: (page) => page.getByRole('link', { name: /流动资金贷款续贷/ }).waitFor() },
    { path: `/cases/${difficultyId}`, shows: (page) => page.getByText(/流动资金贷款续贷/).first().waitFor() },
    { path: '/portal/apply', shows: (page) => page.getByLabel('诉求标题').waitFor() },
    { path: '/portal/apply?kind=subsidy', shows: (page) => page.getByText('当前没有开放的申报批次').or(page.getByLabel('申报批次')).first().waitFor() },
    { path: '/portal/apply?kind=listing', shows: (page) => page.getByLabel('上市计划与时间安排').waitFor() },
    { path: '/portal/listing', shows: (page) => page.getByText('入库申请').first().waitFor() },
  ]);
  expect(violations).toEqual([]);
});

test("the commission's review of listing-pool applications", async () => {
  const violations = await checkPages(users.commissionHead, [{ path: '/listing/applications', shows: (page) => page.getByText('上市培育入库申请').first().waitFor() }]);
  expect(violations).toEqual([]);
});

test("the system administrator's pages", async () => {
  const violations = await checkPages(users.systemAdmin, [
    { path: '/admin/accounts', shows: (page) => page.getByRole('cell', { name: users.liaison('kjj'), exact: true }).waitFor() },
    { path: '/admin/item-types', shows: (page) => page.getByText('交办事项').first().waitFor() },
    { path: '/admin/calendar', shows: (page) => page.getByRole('region', { name: /12月/ }).waitFor() },
    { path: '/admin/organisation', shows: (page) => page.getByRole('tab', { name: /区级部门/ }).waitFor() },
    { path: '/admin/imports', shows: (page) => page.getByRole('button', { name: /选择文件并导入/ }).waitFor() },
  ]);
  expect(violations).toEqual([]);
});

test("the security administrator's organisation chart, with its buttons", async () => {
  const violations = await checkPages(users.securityAdmin, [
    { path: '/admin/organisation', shows: (page) => page.getByRole('button', { name: /调整角色/ }).first().waitFor() },
  ]);
  expect(violations).toEqual([]);
});

test("the commission's process pages (a subsidy application, a recognition batch, a listing case, a measure task), analytics (goals, rankings, the printable bulletin) and the enterprise directory and record", async () => {
  const violations = await checkPages(users.commissionOfficer, [
    { path: `/subsidy-applications/${cases.subsidy}`, shows: (page) => page.getByText(subsidyRound).first().waitFor() },
    { path: `/recognition/batches/${cases.recognitionBatch}`, shows: (page) => page.getByText(recognitionBatch).first().waitFor() },
    { path: `/listing-cases/${cases.listing}`, shows: (page) => page.getByTestId('listing-officer').waitFor() },
    { path: `/measure-tasks/${cases.measureTask}`, shows: (page) => page.getByText('牵头单位').first().waitFor() },
    { path: '/analytics/goals', shows: (page) => page.getByTestId('goal-innovative_sme').waitFor() },
    { path: `/analytics/rankings?period=${month}`, shows: (page) => page.getByRole('button', { name: '打印版通报' }).waitFor() },
    { path: `/bulletins/${month}/print`, shows: (page) => page.locator('.srdi-print-document').getByRole('heading').first().waitFor() },
    { path: '/enterprises', shows: (page) => page.getByTestId('enterprise-count').waitFor() },
    { path: '/enterprises/ent-001', shows: (page) => page.getByText('梯度认定记录').first().waitFor() },
  ]);
  expect(violations).toEqual([]);
});

test("the portal's subsidy and recognition case pages", async () => {
  const subsidy = await checkPages(users.enterpriseContact('ent-001'), [{ path: `/portal/subsidy/${cases.subsidy}`, shows: (page) => page.getByText(subsidyRound).first().waitFor() }]);
  const recognition = await checkPages(users.enterpriseContact('ent-004'), [{ path: `/portal/recognition/${cases.recognition}`, shows: (page) => page.getByText(recognitionBatch).first().waitFor() }]);
  expect([...subsidy, ...recognition]).toEqual([]);
});

test('in English: the item page and the portal home, with their texts switched', async () => {
  const item = await checkPages(
    users.liaison('kjj'),
    [
      {
        path: `/items/${itemId}`,
        shows: async (page) => {
          await page.getByText('How the deadline is computed').waitFor();
          await page.getByRole('button', { name: 'Sign for', exact: true }).waitFor();
          await page.getByText('Assigned', { exact: true }).first().waitFor();
        },
      },
    ],
    true,
  );
  const portal = await checkPages(
    users.enterpriseContact('ent-001'),
    [
      {
        path: '/cases',
        shows: async (page) => {
          await page.getByRole('link', { name: /流动资金贷款续贷/ }).waitFor();
          // States named by key in English (the API sends Chinese labels).
          await page.getByText('In progress', { exact: true }).first().waitFor();
          await page.getByText('Park/town review', { exact: true }).waitFor();
        },
      },
    ],
    true,
  );
  expect([...item, ...portal]).toEqual([]);
});
