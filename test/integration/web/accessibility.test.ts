import type { Browser, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { accessibilityViolations } from '../../support/accessibility';
import { launchBrowser, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';

// Accessibility basics on every main page, for each role, in a real browser: axe-core's WCAG 2.1
// A/AA rules (labels, accessible names, contrast, landmarks, language). A page must show its data
// before it is checked, so empty loading states do not pass for finished pages.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let itemId: string;
let difficultyId: string;

beforeAll(async () => {
  harness = await startApiHarness();
  [web, browser, commission] = await Promise.all([serveWeb(harness.app), launchBrowser(), signIn(harness.app, users.commissionOfficer2)]);
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
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

/** Signs in as the user, then opens each page, waits for what it must show, and collects violations. */
async function checkPages(username: string | undefined, pages: { path: string; shows: (page: Page) => Promise<unknown> }[]) {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  try {
    if (username) await signInInBrowser(page, web.baseUrl, username);
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
