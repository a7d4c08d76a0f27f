import type { Browser } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';

// The enterprise portal and the administration in a real browser: an enterprise contact follows
// its case; the system administrator binds TOTP, sees the accounts and the year's working
// calendar, adds a closure day, publishes it and watches open deadlines being recomputed.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let itemId: string;

const newPage = async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
};

const shanghaiDate = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(instant);

beforeAll(async () => {
  harness = await startApiHarness();
  [web, browser, commission] = await Promise.all([serveWeb(harness.app), launchBrowser(), signIn(harness.app, users.commissionOfficer2)]);
  const raised = await commission.post('/api/v1/difficulties', {
    enterpriseId: 'ent-001',
    category: 'land',
    title: '二期厂房用地指标（网页测试）',
    description: '扩建二期需新增工业用地约 30 亩',
    leadUnitId: 'ghzrj',
    coUnitIds: ['park-degan'],
  });
  expect(raised.status).toBe(201);
  itemId = raised.body.item.id;
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('an enterprise contact changes its initial password, then follows its case: the handling unit, the deadline and the steps so far', async () => {
  const { context, page } = await newPage();
  // As after an administrator created the account: the password must be changed at first sign-in.
  await harness.database.db.account.update({ where: { username: users.enterpriseContact('ent-001') }, data: { mustChangePassword: true } });
  await signInInBrowser(page, web.baseUrl, users.enterpriseContact('ent-001'), { newPassword: 'Portal-Pass-2027' });
  await page.waitForURL('**/cases');
  await page.getByRole('link', { name: '二期厂房用地指标（网页测试）' }).click();
  await page.getByText('承办：规划自然资源局').or(page.getByText(/承办：/)).first().waitFor();
  await page.getByText(/交办.*办理/).first().waitFor();
  await expectText(page.locator('.srdi-deadline').first(), /\d{4}-\d{2}-\d{2}.*(剩 \d+ 个工作日|今日到期).*正常/);
  await screenshot(page, 'case');
  await context.close();
});

test('the system administrator sees the calendar, publishes a correction and sees the recompute diff', async () => {
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.systemAdmin);
  await page.waitForURL('**/admin/accounts');
  await page.getByRole('cell', { name: users.liaison('kjj'), exact: true }).waitFor();
  await screenshot(page, 'accounts');

  // A working day three or more days ahead, inside the new item's 10 working days.
  const item = await commission.get(`/api/v1/items/${itemId}`);
  const dueBefore: string = item.body.dueOn;
  let day = new Date(Date.now() + 3 * 86_400_000);
  const year = () => Number(shanghaiDate(day).slice(0, 4));
  const calendar = await commission.get(`/api/v1/calendar/years/${year()}`);
  const special = new Set((calendar.body.days as { date: string }[]).map((entry) => entry.date));
  while ([0, 6].includes(new Date(`${shanghaiDate(day)}T00:00:00Z`).getUTCDay()) || special.has(shanghaiDate(day))) day = new Date(day.getTime() + 86_400_000);
  const closure = shanghaiDate(day);

  await page.getByRole('link', { name: '工作日历' }).click();
  await page.getByLabel('年份').fill(String(year()));
  await page.getByRole('region', { name: `${year()}年12月` }).waitFor();
  await screenshot(page, 'calendar');

  await page.getByLabel('日期', { exact: true }).fill(closure);
  await page.getByLabel('日期', { exact: true }).press('Enter');
  await page.getByLabel('名称', { exact: true }).fill('区内停止办公（网页测试）');
  await page.getByRole('button', { name: '加入' }).click();
  await page.getByLabel('依据（文件名称与文号）').fill('区政府办公室通知（网页测试）');
  await page.getByRole('button', { name: /发布/ }).click();
  await page.getByText('重算完成').waitFor({ timeout: 30_000 });
  const row = page.getByRole('row', { name: /二期厂房用地指标/ });
  await row.waitFor();
  await expectText(row, dueBefore);
  await screenshot(page, 'calendar-recompute');

  const after = await commission.get(`/api/v1/items/${itemId}`);
  expect(after.body.dueOn > dueBefore).toBe(true);

  // The year after, not yet published by the State Council: its statutory holidays, marked provisional.
  const nextYear = year() + 1;
  if ((await commission.get(`/api/v1/calendar/years/${nextYear}`)).body.provisional) {
    await page.getByRole('spinbutton', { name: '年份' }).fill(String(nextYear));
    await page.getByRole('region', { name: `${nextYear}年12月` }).waitFor();
    await page.getByText('仅法定节假日（暂定）').waitFor();
    await page.getByText(/国务院办公厅尚未发布本年度节假日安排/).waitFor();
    await expectText(page.getByRole('region', { name: `${nextYear}年1月` }).locator('td.srdi-day-holiday').first(), /^1$/);
    // The recompute shown was the current year's publication's; it is not carried over.
    expect(await page.getByText('重算完成').count()).toBe(0);
    await screenshot(page, 'calendar-provisional');
  }
  await context.close();
});
