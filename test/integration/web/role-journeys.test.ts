import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OrgRole } from '../../../generated/prisma/client';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { adminConsole } from '../../support/admin-console';
import { signIn, users, type ApiClient } from '../../support/session';
import { eventually } from '../../support/eventually';
import { accessibilityViolations } from '../../support/accessibility';
import { WorkflowClient } from '../../../api/workflow-client';
import { itemTypePolicyFor } from '../../../api/supervision/assignment';

// The roles the other browser tests leave out, each as a NEW person: the system administrator adds
// the staff member to the organisation chart, the security administrator grants the role, the
// system administrator creates the account with an initial password (POST /accounts), and the first sign-in in the browser binds TOTP
// where the role needs it and replaces the initial password. Then each does its main work:
// a district leader and a unit's 分管领导 give instructions (批示) on overdue items, the
// commission's head transfers a returned item to the right unit (chosen by name) and approves an
// extension, the security administrator unlocks an account and resets its TOTP, and the audit
// administrator finds those events in the audit log and verifies the chain.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let systemAdmin: ApiClient;
let commission: ApiClient;
let auditReader: ApiClient;
let workflows: WorkflowClient;

const initialPassword = 'Chu-Shi-Mi-Ma-2026';
const newPassword = 'Xin-Mi-Ma-2026-Qiang!';

/** New people and their accounts: the staff member (when staff) and the username. */
const people = {
  districtLeader: { unitId: 'jxw', roles: ['district_leader'] as OrgRole[], username: 'qu.lingdao.new', name: '区领导（新任）' },
  unitLeader: { unitId: 'swh', roles: ['unit_leader'] as OrgRole[], username: 'swh.fenguan.new', name: '商务委分管领导（新任）' },
  commissionHead: { unitId: 'jxw', roles: ['commission_head'] as OrgRole[], username: 'jxw.kezhang.new', name: '督查科科长（新任）' },
  // Whose account the security administrator unlocks: a commission officer, so it has a TOTP to reset.
  lockedOfficer: { unitId: 'jxw', roles: ['commission_officer'] as OrgRole[], username: 'jxw.duban.new', name: '督办员（新任）' },
};
const admins = {
  security: { adminRole: 'security', username: 'anquan.new', name: '安全管理员（新任）' },
  audit: { adminRole: 'audit', username: 'shenji.new', name: '审计管理员（新任）' },
};
const accountIds: Record<string, string> = {};
/** The new people's staff member ids, as the organisation chart gave them. */
const staffIds = {} as Record<keyof typeof people, string>;

interface HistoryEntry {
  action: string;
  actorId: string;
  unitId?: string | null;
  reason?: string | null;
  detail?: unknown;
}

/** A fresh browser; `axe` lets the accessibility checker's script past the app's CSP. */
async function newPage(options: { axe?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, bypassCSP: options.axe ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** The first sign-in of a new account: TOTP binding when the role needs it, then the initial password replaced. */
async function firstSignIn(page: Page, username: string): Promise<string | undefined> {
  const secret = await signInInBrowser(page, web.baseUrl, username, { password: initialPassword, newPassword });
  // The account no longer has to change its password.
  const account = await harness.database.db.account.findUniqueOrThrow({ where: { username } });
  expect(account.mustChangePassword).toBe(false);
  return secret;
}

/** An item assigned 40 days ago with short limits: long overdue, its escalation ladder already climbed. */
async function assignOverdue(title: string, leadUnitId: string): Promise<string> {
  const base = await itemTypePolicyFor(harness.database.db, 'assignment', 'general', 'type');
  const assignedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const snapshot = await workflows.assignItem({ title, leadUnitId, coUnitIds: [], commissionUnitId: 'jxw', policy: { ...base, signDays: 1, handleDays: 5 }, assignedAt, createdBy: 'staff-jxw-officer-2' });
  return snapshot.itemId;
}

async function assign(title: string, leadUnitId: string): Promise<string> {
  const response = await commission.post('/api/v1/items', { title, leadUnitId });
  expect(response.status).toBe(201);
  return response.body.id as string;
}

const history = async (itemId: string): Promise<HistoryEntry[]> => (await commission.get(`/api/v1/items/${itemId}`)).body.history;

beforeAll(async () => {
  harness = await startApiHarness();
  workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
  [web, browser, systemAdmin, commission, auditReader] = await Promise.all([
    serveWeb(harness.app),
    launchBrowser(),
    signIn(harness.app, users.systemAdmin),
    signIn(harness.app, users.commissionOfficer2),
    signIn(harness.app, users.auditAdmin),
  ]);
  // 三权分立: the system administrator adds each person to the organisation chart, the security
  // administrator grants the roles, and the system administrator creates the account.
  const securityAdmin = await signIn(harness.app, users.securityAdmin);
  for (const [key, p] of Object.entries(people) as [keyof typeof people, (typeof people)[keyof typeof people]][]) {
    const staff = await systemAdmin.post('/api/v1/staff', { unitId: p.unitId, name: p.name, email: `${p.username}@example.cn` });
    expect(staff.status).toBe(201);
    staffIds[key] = staff.body.id;
    expect((await securityAdmin.put(`/api/v1/staff/${staffIds[key]}/roles`, { roles: p.roles, reason: '新任人员（网页测试）' })).status).toBe(200);
    const created = await systemAdmin.post('/api/v1/accounts', { kind: 'staff', staffMemberId: staffIds[key], username: p.username, displayName: p.name, initialPassword });
    expect(created.status).toBe(201);
    accountIds[key] = created.body.id;
  }
  // Security and audit administrators are opened by the operator at the server's console.
  for (const [key, a] of Object.entries(admins)) {
    const created = await adminConsole(harness.database.url, ['create', '--role', a.adminRole, '--username', a.username, '--name', a.name, '--operator', 'ops-test'], { ADMIN_INITIAL_PASSWORD: initialPassword });
    expect(created.code).toBe(0);
    accountIds[key] = (await harness.database.db.account.findUniqueOrThrow({ where: { username: a.username } })).id;
  }
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('a new district leader opens an overdue item from the board and gives an instruction; the lead unit is told', async () => {
  const itemId = await assignOverdue('推进中小企业数字化转型试点（区领导批示测试）', 'kjj');
  const { context, page } = await newPage();
  // No second factor for a district leader; the initial password must go.
  expect(await firstSignIn(page, people.districtLeader.username)).toBeUndefined();
  await page.waitForURL('**/board');
  await page.getByRole('link', { name: '推进中小企业数字化转型试点（区领导批示测试）' }).first().click();
  await page.waitForURL(`**/items/${itemId}`);
  await page.getByText('超期').first().waitFor();

  await page.getByRole('button', { name: '领导批示' }).click();
  await page.getByLabel('批示内容').fill('请区科技局本周内拿出整改方案，按期办结。');
  await screenshot(page, 'instruction');
  await page.getByRole('button', { name: '确认领导批示' }).click();
  await page.getByText('领导批示成功').waitFor();
  await page.getByText('请区科技局本周内拿出整改方案，按期办结。').first().waitFor();
  // The history names the unit the leader acted for, never its id.
  await page.getByText('单位：区经济信息委').first().waitFor();
  expect(await page.getByText('单位：jxw').count()).toBe(0);

  const entries = await eventually(() => history(itemId), (h) => h.some((e) => e.action === 'instruct'));
  expect(entries.find((e) => e.action === 'instruct')).toMatchObject({ actorId: staffIds.districtLeader, reason: '请区科技局本周内拿出整改方案，按期办结。' });
  const notices = await eventually(
    () => harness.database.db.notification.findMany({ where: { recipientId: 'staff-kjj-liaison', kind: 'item.instruct' } }),
    (rows) => rows.length > 0,
  );
  expect(notices[0]!.title).toContain('推进中小企业数字化转型试点');
  await context.close();
});

test("a new unit leader sees the unit's escalated item in the inbox and instructs on it, and only on their unit's items", async () => {
  const itemId = await assignOverdue('核查外贸企业出口退税材料（分管领导批示测试）', 'swh');
  const otherUnitItem = await assignOverdue('统计科技型企业研发投入（他单位事项）', 'kjj');
  // The ladder's 催办通知 reaches the unit's 分管领导, the new one included.
  const urged = await eventually(
    () => harness.database.db.notification.findMany({ where: { recipientId: staffIds.unitLeader, kind: 'item.urge' } }),
    (rows) => rows.some((row) => row.title.includes('核查外贸企业出口退税材料')),
  );
  expect(urged.some((row) => row.title.includes('核查外贸企业出口退税材料'))).toBe(true);

  const { context, page } = await newPage();
  expect(await firstSignIn(page, people.unitLeader.username)).toBeUndefined();
  await page.waitForURL('**/inbox');
  const row = page.getByRole('row', { name: /核查外贸企业出口退税材料/ });
  await row.waitFor();
  await expectText(row, '超期');
  // Another unit's item is not in this unit's inbox.
  expect(await page.getByRole('row', { name: /统计科技型企业研发投入/ }).count()).toBe(0);

  await page.getByRole('link', { name: /核查外贸企业出口退税材料/ }).click();
  await page.waitForURL(`**/items/${itemId}`);
  // The escalation steps are in the history.
  await page.getByText('升级督办').first().waitFor();
  await page.getByRole('button', { name: '领导批示' }).click();
  await page.getByLabel('批示内容').fill('请联络员今日内签收，三日内反馈办理情况。');
  await page.getByRole('button', { name: '确认领导批示' }).click();
  await page.getByText('领导批示成功').waitFor();
  const entries = await eventually(() => history(itemId), (h) => h.some((e) => e.action === 'instruct'));
  expect(entries.find((e) => e.action === 'instruct')).toMatchObject({ actorId: staffIds.unitLeader, unitId: 'swh' });
  await context.close();

  // On another unit's item the same person is refused, and nothing is recorded.
  const leader = await signIn(harness.app, people.unitLeader.username, { password: newPassword });
  const refused = await leader.post(`/api/v1/items/${otherUnitItem}/instruct`, { text: '越权批示' });
  expect(refused.status).toBeGreaterThanOrEqual(400);
  expect((await history(otherUnitItem)).some((e) => e.action === 'instruct')).toBe(false);
});

test('a new commission head binds TOTP, transfers a returned item to the unit chosen by name and approves an extension', async () => {
  const kjj = await signIn(harness.app, users.liaison('kjj'));
  const returnedId = await assign('梳理外贸企业出口信用保险需求（退回转办测试）', 'kjj');
  expect((await kjj.post(`/api/v1/items/${returnedId}/return`, { reason: '出口信用保险属区商务委职责，非本单位事项' })).status).toBe(200);
  const extensionId = await assign('汇总专精特新企业研发平台建设情况（延期测试）', 'kjj');
  expect((await kjj.post(`/api/v1/items/${extensionId}/sign`, {})).status).toBe(200);
  expect((await kjj.post(`/api/v1/items/${extensionId}/request-extension`, { days: 5, reason: '需等待市级平台数据', progress: '已收集 8 家企业材料' })).status).toBe(200);

  const { context, page } = await newPage();
  // A commission role: the first sign-in binds an authenticator, then replaces the password.
  expect(await firstSignIn(page, people.commissionHead.username)).toMatch(/^[A-Z2-7]+=*$/);
  await page.waitForURL('**/board');
  await page.getByText('已退回待转办').waitFor();
  await page.getByRole('link', { name: /梳理外贸企业出口信用保险需求/ }).first().click();
  await page.waitForURL(`**/items/${returnedId}`);
  await page.getByText('出口信用保险属区商务委职责，非本单位事项').first().waitFor();
  await page.getByRole('button', { name: '转办' }).click();
  // The unit is chosen by its name (typing narrows the list), not typed as an id.
  await page.getByLabel('转至单位').fill('商务委');
  // (antd keeps a hidden accessible list of options; the visible ones carry the name as title.)
  await page.locator('.ant-select-item-option[title="区商务委"]').click();
  await page.getByLabel('理由').fill('按职责转区商务委办理');
  await page.getByRole('button', { name: '确认转办' }).click();
  await page.getByText('转办成功').waitFor();
  // The history names both units of the transfer, never their ids.
  await page.getByText('由区科技局转至区商务委').waitFor();

  const transferred = await eventually(
    async () => (await commission.get(`/api/v1/items/${returnedId}`)).body,
    (item) => item.leadUnit?.id === 'swh',
  );
  expect(transferred).toMatchObject({ state: 'pending_sign', leadUnit: { id: 'swh' } });
  expect(transferred.history.find((e: HistoryEntry) => e.action === 'transfer')).toMatchObject({ actorId: staffIds.commissionHead, unitId: 'jxw', detail: { fromUnitId: 'kjj', toUnitId: 'swh' } });

  await page.goto(`${web.baseUrl}/board`);
  await page.getByText('待审批延期申请').waitFor();
  await page.getByRole('link', { name: /汇总专精特新企业研发平台建设情况/ }).first().click();
  await page.getByRole('button', { name: '延期审批' }).click();
  await page.getByLabel('同意', { exact: true }).check();
  await page.getByLabel('理由').fill('理由充分，同意延期 5 个工作日');
  await page.getByRole('button', { name: '确认延期审批' }).click();
  await page.getByText('延期审批成功').waitFor();
  const extended = (await commission.get(`/api/v1/items/${extensionId}`)).body;
  expect(extended.extensionPending).toBe(false);
  expect(extended.history.find((e: HistoryEntry) => e.action === 'decideExtension')).toMatchObject({ actorId: staffIds.commissionHead });
  await context.close();
});

test('a new security administrator unlocks a locked account and resets its TOTP on the accounts page', async () => {
  // The officer binds an authenticator, then mistypes the password until the account locks.
  await signIn(harness.app, people.lockedOfficer.username, { password: initialPassword });
  for (let attempt = 0; attempt < 5; attempt += 1) await systemAdmin.agent.post('/api/v1/auth/login').send({ username: people.lockedOfficer.username, password: 'wrong-password' });
  expect((await systemAdmin.agent.post('/api/v1/auth/login').send({ username: people.lockedOfficer.username, password: initialPassword })).status).toBe(423);
  const before = await harness.database.db.account.findUniqueOrThrow({ where: { id: accountIds.lockedOfficer } });
  expect(before.totpEnabled).toBe(true);
  expect(before.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

  const { context, page } = await newPage({ axe: true });
  expect(await firstSignIn(page, admins.security.username)).toBeTruthy();
  await page.waitForURL('**/admin/accounts');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.getByRole('combobox', { name: '账号类型' }).click();
  await page.locator('.ant-select-item-option[title="工作人员"]').click();
  const row = page.getByRole('row', { name: new RegExp(people.lockedOfficer.username.replace(/\./g, '\\.')) });
  await row.getByText('锁定').waitFor();
  await row.getByRole('button', { name: '解锁' }).click();
  await page.locator('.ant-modal-confirm-title').getByText(`解除锁定：${people.lockedOfficer.username}`).waitFor();
  await screenshot(page, 'accounts-unlock');
  await page.getByRole('button', { name: '确定' }).click();
  await page.getByText('解除锁定完成').waitFor();
  await row.getByText('锁定').waitFor({ state: 'detached' });
  // Only a locked account offers 解锁.
  await row.getByRole('button', { name: '解锁' }).waitFor({ state: 'detached' });

  await row.getByRole('button', { name: '重置口令' }).click();
  await page.getByRole('button', { name: '确定' }).click();
  await page.getByText('重置动态口令完成').waitFor();
  await row.getByText('动态口令').waitFor({ state: 'detached' });
  await context.close();

  const after = await harness.database.db.account.findUniqueOrThrow({ where: { id: accountIds.lockedOfficer } });
  expect(after.lockedUntil === null || after.lockedUntil.getTime() <= Date.now()).toBe(true);
  expect(after.totpEnabled).toBe(false);
  // The officer signs in again and is asked to bind a new authenticator.
  const login = await systemAdmin.agent.post('/api/v1/auth/login').send({ username: people.lockedOfficer.username, password: initialPassword });
  expect(login.status).toBe(200);
  expect(login.body.stage).toBe('totp_enrolment');
  const actions = (await harness.database.db.auditEvent.findMany({ where: { subject: `account:${accountIds.lockedOfficer}` } })).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['account.unlocked', 'account.totp_reset']));
});

test('a new audit administrator searches the audit log for these journeys and verifies the chain', async () => {
  // A leader's instruction to find (made here, so that this test stands alone).
  const itemId = await assignOverdue('组织企业参加专精特新培训（审计测试）', 'jw');
  const leader = await signIn(harness.app, users.districtLeader);
  expect((await leader.post(`/api/v1/items/${itemId}/instruct`, { text: '请按期完成培训组织' })).status).toBe(200);
  await eventually(
    () => harness.database.db.auditEvent.count({ where: { action: 'item.instruct', subject: `item:${itemId}` } }),
    (n) => n > 0,
  );

  const { context, page } = await newPage({ axe: true });
  expect(await firstSignIn(page, admins.audit.username)).toBeTruthy();
  await page.waitForURL('**/admin/audit');
  const tableRows = page.locator('.ant-table-tbody tr.ant-table-row');

  // The accounts the system administrator created for these journeys.
  await page.getByLabel('动作（或其开头）').fill('account.created');
  await page.getByLabel('操作人').fill(`account:${users.systemAdmin}`);
  await page.getByRole('button', { name: '查询' }).click();
  const created = (await auditReader.get(`/api/v1/audit-events?action=account.created&actorId=${encodeURIComponent(`account:${users.systemAdmin}`)}`)).body.events as { seq: number; subject: string }[];
  const staffAccounts = Object.keys(people).map((key) => `account:${accountIds[key]}`);
  expect(created.map((e) => e.subject)).toEqual(expect.arrayContaining(staffAccounts));
  // The administrators were opened by the operator, never by the system administrator.
  const adminAccounts = Object.keys(admins).map((key) => `account:${accountIds[key]}`);
  for (const subject of adminAccounts) expect(created.map((e) => e.subject)).not.toContain(subject);
  const byOperator = (await auditReader.get('/api/v1/audit-events?action=account.created&actorId=operator:ops-test')).body.events as { subject: string }[];
  expect(byOperator.map((e) => e.subject)).toEqual(expect.arrayContaining(adminAccounts));
  await page.getByTestId('audit-count').getByText(`共显示 ${created.length} 条`).waitFor();
  await expect(tableRows.count()).resolves.toBe(created.length);
  for (const [index, event] of created.entries()) await expectText(tableRows.nth(index), event.subject);

  // The instruction on one item, by subject.
  await page.getByRole('button', { name: '清空' }).click();
  await page.getByLabel('动作（或其开头）').fill('item.');
  await page.getByLabel('对象').fill(`item:${itemId}`);
  await page.getByRole('button', { name: '查询' }).click();
  const itemEvents = (await auditReader.get(`/api/v1/audit-events?action=item.&subject=item:${itemId}`)).body.events as { action: string; actorId: string }[];
  expect(itemEvents.map((e) => e.action)).toContain('item.instruct');
  await page.getByTestId('audit-count').getByText(`共显示 ${itemEvents.length} 条`).waitFor();
  const shown = await tableRows.allTextContents();
  expect(shown.map((text) => itemEvents.find((e) => text.includes(e.action))?.action)).toEqual(itemEvents.map((e) => e.action));
  const instructRow = tableRows.filter({ hasText: 'item.instruct' });
  // The actor by name and unit (the unit list is the audit reader's too), with the id searched by.
  await expectText(instructRow, '陆示例（区经济信息委）');
  await expectText(instructRow, 'staff-district-leader');

  await page.getByRole('button', { name: '校验审计链' }).click();
  const status = page.getByRole('status').filter({ hasText: '审计链' });
  await status.waitFor();
  await expectText(status, /审计链完整（\d+ 条）/);
  const verification = (await auditReader.get('/api/v1/audit-events/verification')).body;
  expect(verification.intact).toBe(true);
  // The chain only grows: what the page counted is at most what the API counts a moment later.
  const counted = Number((await status.textContent())!.match(/（(\d+) 条）/)![1]);
  expect(counted).toBeGreaterThan(0);
  expect(counted).toBeLessThanOrEqual(verification.rows);
  await screenshot(page, 'audit-log');
  // The search form is labelled and the page passes the same axe checks as the other pages.
  expect(await accessibilityViolations(page)).toEqual([]);
  await context.close();
});
