import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Express } from 'express';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, testPassword, users, type ApiClient } from '../../support/session';

// Unit staff and the commission in a real browser: a liaison signs and reports an item (with an
// attachment); a commission officer binds TOTP, urges one item and approves another's extension
// and report; the sign-in form works from the keyboard alone, and the English switch.

let harness: ApiHarness;
let app: Express;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let liaison: ApiClient;
const itemIds: Record<'sign' | 'extension' | 'urge', string> = { sign: '', extension: '', urge: '' };
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);

async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

beforeAll(async () => {
  harness = await startApiHarness();
  app = harness.app;
  [web, browser, commission, liaison] = await Promise.all([serveWeb(app), launchBrowser(), signIn(app, users.commissionOfficer2), signIn(app, users.liaison('kjj'))]);
  const assign = async (title: string) => {
    const response = await commission.post('/api/v1/items', { title, leadUnitId: 'kjj' });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  itemIds.sign = await assign('核实企业研发费用加计扣除材料（网页测试）');
  itemIds.extension = await assign('梳理科技型企业入库名单（网页测试）');
  itemIds.urge = await assign('组织专精特新政策宣讲（网页测试）');
  // The extension item is signed and waits for the commission's decision on a request.
  expect((await liaison.post(`/api/v1/items/${itemIds.extension}/sign`, {})).status).toBe(200);
  expect((await liaison.post(`/api/v1/items/${itemIds.extension}/request-extension`, { days: 5, reason: '需协调多个部门', progress: '已完成初步梳理' })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('a liaison signs an item and reports on it with an attachment', async () => {
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.liaison('kjj'));
  await page.waitForURL('**/inbox');
  const row = page.getByRole('row', { name: /核实企业研发费用加计扣除材料/ });
  await row.waitFor();
  // Every deadline: a date, working days left and the colour.
  await expectText(row, /\d{4}-\d{2}-\d{2}.*(剩 \d+ 个工作日|今日到期|未计时).*(正常|预警|超期)/);
  await screenshot(page, 'inbox');

  await page.getByRole('link', { name: /核实企业研发费用加计扣除材料/ }).click();
  await page.getByRole('button', { name: '签收' }).click();
  await page.getByRole('button', { name: '确认签收' }).click();
  // Two of five CI runs tonight timed out here (never alone): a longer wait, and if it still
  // fails, what the page showed, for the next reader of the CI log.
  try {
    await page.getByText('办理中').first().waitFor({ timeout: 30_000 });
  } catch (error) {
    await screenshot(page, 'sign-failure');
    console.log(`after 确认签收 the page showed:\n${await page.locator('body').innerText()}`);
    throw error;
  }

  await page.getByRole('button', { name: '反馈', exact: true }).click();
  await page.getByLabel('办理结果').fill('已核实 12 家企业的研发费用材料');
  await page.locator('input[type=file]').setInputFiles({ name: '核实情况.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: '确认反馈' }).click();
  await page.getByRole('link', { name: '核实情况.pdf' }).waitFor();
  await page.getByText('待审核').first().waitFor();
  await expect(page.getByText('时限说明')).toBeTruthy();
  await screenshot(page, 'item');

  const item = await liaison.get(`/api/v1/items/${itemIds.sign}`);
  expect(item.body).toMatchObject({ state: 'pending_review', result: '已核实 12 家企业的研发费用材料' });

  // Filters and search narrow the list (the URL keeps them).
  await page.goto(`${web.baseUrl}/inbox?q=${encodeURIComponent('政策宣讲')}`);
  await page.getByRole('row', { name: /组织专精特新政策宣讲/ }).waitFor();
  expect(await page.getByRole('row', { name: /梳理科技型企业入库名单/ }).count()).toBe(0);
  await context.close();
});

test('a commission officer binds TOTP, urges an item, approves an extension and a report', async () => {
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.commissionOfficer);
  await page.waitForURL('**/board');
  await page.getByText('待审批延期申请').waitFor();
  await page.locator('canvas').first().waitFor();
  await screenshot(page, 'board');

  await page.goto(`${web.baseUrl}/items/${itemIds.urge}`);
  await page.getByRole('button', { name: '催办' }).click();
  await page.getByLabel('催办内容').fill('请于本周内签收并办理');
  await page.getByRole('button', { name: '确认催办' }).click();
  await page.getByText('催办成功').waitFor();

  await page.goto(`${web.baseUrl}/board`);
  await page.getByRole('link', { name: /梳理科技型企业入库名单/ }).first().click();
  // What was asked for, next to the decision: days, the deadline it would give, reason, progress.
  const asked = (await commission.get(`/api/v1/items/${itemIds.extension}`)).body;
  expect(asked.extensionRequest).toMatchObject({ days: 5, reason: '需协调多个部门', progress: '已完成初步梳理' });
  const summary = page.getByTestId('extension-request').first();
  await expectText(summary, '申请延期 5 个工作日');
  await expectText(summary, '理由：需协调多个部门');
  await expectText(summary, '目前进展：已完成初步梳理');
  const proposedDueOn = /批准后期限为 (\d{4}-\d{2}-\d{2})/.exec((await summary.textContent()) ?? '')![1];
  // A clock that runs offers 中止计时, not 恢复计时.
  expect(await page.getByRole('button', { name: '恢复计时' }).count()).toBe(0);
  await page.getByRole('button', { name: '中止计时' }).waitFor();
  await page.getByRole('button', { name: '延期审批' }).click();
  await expectText(page.locator('.ant-modal').getByTestId('extension-request'), '申请延期 5 个工作日');
  await page.getByLabel('同意', { exact: true }).check();
  await page.getByLabel('理由').fill('确需协调，同意延期');
  await page.getByRole('button', { name: '确认延期审批' }).click();
  await page.getByText('延期审批成功').waitFor();
  // The approved extension moved the deadline to the date the request said it would.
  const decided = (await commission.get(`/api/v1/items/${itemIds.extension}`)).body;
  expect(decided.extensionRequest).toBeNull();
  expect(decided.dueOn).toBe(proposedDueOn);

  await page.goto(`${web.baseUrl}/items/${itemIds.sign}`);
  await page.getByRole('button', { name: '审核通过（办结）' }).click();
  await page.getByRole('button', { name: '确认审核通过（办结）' }).click();
  await page.getByText('已办结').first().waitFor();

  await eventually(async () => {
    const urged = await commission.get(`/api/v1/items/${itemIds.urge}`);
    expect(urged.body.history.map((entry: { action: string }) => entry.action)).toContain('urge');
  });
  const extension = await commission.get(`/api/v1/items/${itemIds.extension}`);
  expect(extension.body.extensionPending).toBe(false);
  expect(extension.body.history.map((entry: { action: string }) => entry.action)).toContain('decideExtension');

  // 联席会议: convene one for today; its agenda is compiled by the meeting workflow.
  await page.getByRole('link', { name: '联席会议' }).click();
  await page.getByLabel('召开日期').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
  // Enter picks the typed date and submits the form.
  await page.getByLabel('召开日期').press('Enter');
  await page.getByText('已召集会议').first().waitFor();
  await page.locator('.ant-table-row a').first().click();
  await page.getByText('议题：超期事项').waitFor();
  await screenshot(page, 'meeting');

  // The minutes, with one agreed item whose lead and co-organiser are chosen by name: it becomes a
  // supervised item of those units.
  const meetingId = decodeURIComponent(page.url().split('/meetings/')[1]!);
  await page.getByLabel('召开日期').fill(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
  await page.getByLabel('召开日期').press('Enter');
  await page.getByLabel('会议纪要').fill('会议研究了企业用地与融资诉求。');
  await page.getByRole('button', { name: '添加议定事项' }).click();
  await page.getByLabel('议定事项 1').fill('协调银行加快贴息贷款审批（网页测试）');
  const pick = async (label: string, name: string) => {
    await page.getByLabel(label).click();
    await page.getByLabel(label).fill(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).first().click();
  };
  const unitNames = new Map((await commission.get('/api/v1/units')).body.units.map((unit: { id: string; name: string }) => [unit.id, unit.name]));
  await pick('牵头单位 1', unitNames.get('jrzx') as string);
  await pick('配合单位 1', unitNames.get('czj') as string);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '录入纪要并交办' }).click();
  await page.getByText('纪要已录入，议定事项已交办').waitFor();
  const held = await eventually(async () => {
    const response = await commission.get(`/api/v1/meetings/${meetingId}`);
    expect(response.body.state).toBe('held');
    expect(response.body.decisions[0]?.itemId).toEqual(expect.any(String));
    return response;
  });
  expect(held.body.decisions).toEqual([expect.objectContaining({ text: '协调银行加快贴息贷款审批（网页测试）', leadUnitId: 'jrzx', coUnitIds: ['czj'] })]);
  const agreed = await commission.get(`/api/v1/items/${held.body.decisions[0].itemId}`);
  expect(agreed.body).toMatchObject({ leadUnit: { id: 'jrzx' }, coUnits: [expect.objectContaining({ id: 'czj' })] });
  await page.reload();
  await expectText(page.getByRole('row', { name: /协调银行加快贴息贷款审批/ }).first(), unitNames.get('jrzx') as string);
  await context.close();
});

test('the liaison finds the urging notice in the notification centre', async () => {
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.liaison('kjj'));
  await page.getByRole('link', { name: '通知中心' }).click();
  const notice = page.getByRole('button', { name: /查看.*通知/ }).first();
  await eventually(async () => {
    await page.reload();
    await notice.waitFor({ timeout: 1_000 });
  });
  await screenshot(page, 'notifications');
  // A second unread notice beside the urging one, so that "mark all" has something left to do.
  await harness.database.db.notification.create({
    data: { id: 'web-test-reminder', recipientId: 'staff-kjj-liaison', kind: 'item.remind_liaison', title: '事项即将到期（网页测试）', body: '请及时办理', createdAt: new Date(), dedupKey: 'web-test-reminder' },
  });
  await page.reload();
  const unreadBefore = await harness.database.db.notification.count({ where: { recipientId: 'staff-kjj-liaison', readAt: null } });
  expect(unreadBefore).toBeGreaterThan(0);
  await page.getByRole('status', { name: `${unreadBefore} 条未读` }).waitFor();
  // Opening the notice marks it read.
  await notice.click();
  await page.locator('iframe.srdi-document').waitFor();
  await page.keyboard.press('Escape');
  await eventually(async () => expect(await harness.database.db.notification.count({ where: { recipientId: 'staff-kjj-liaison', readAt: null } })).toBe(unreadBefore - 1));
  // Then everything on screen; the menu's count goes away.
  await page.getByRole('button', { name: '全部标为已读' }).click();
  await page.getByRole('button', { name: '全部标为已读' }).and(page.locator('[disabled]')).waitFor();
  expect(await harness.database.db.notification.count({ where: { recipientId: 'staff-kjj-liaison', readAt: null } })).toBe(0);
  await page.getByRole('status', { name: /条未读/ }).waitFor({ state: 'detached' });
  expect(await harness.database.db.auditEvent.count({ where: { action: 'notification.read', actorId: 'staff-kjj-liaison' } })).toBeGreaterThanOrEqual(2);
  await context.close();
});

test('the sign-in form works from the keyboard alone, with labelled fields', async () => {
  const { context, page } = await newPage();
  await page.goto(`${web.baseUrl}/login`);
  // The username field has the focus; Tab moves to the password and on to the button.
  const username = page.getByLabel('用户名', { exact: true });
  await username.waitFor();
  // (Evaluated in the page, as a string: the test's own TypeScript has no DOM types.)
  const active = () => page.evaluate<{ id: string; type: string | null; text: string | null }>('({ id: document.activeElement.id, type: document.activeElement.getAttribute("type"), text: document.activeElement.textContent })');
  expect((await active()).id).toBe(await username.getAttribute('id'));
  await page.keyboard.type(users.liaison('czj'));
  await page.keyboard.press('Tab');
  await page.keyboard.type(testPassword);
  expect((await active()).type).toBe('password');
  // Past the show-password toggle (if focusable) to the submit button.
  for (let i = 0; i < 3 && (await active()).type !== 'submit'; i += 1) await page.keyboard.press('Tab');
  expect((await active()).text).toBe('登录');
  await screenshot(page, 'login');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/inbox');
  // The English switch: the chrome changes language (and the choice is kept).
  await page.getByRole('button', { name: /Switch language/ }).click();
  await page.getByRole('link', { name: 'Unit inbox' }).waitFor();
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await context.close();
});
