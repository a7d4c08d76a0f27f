import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Express } from 'express';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { users } from '../../support/session';
import { workbookOf } from '../../support/workbook';

// The administrators in a real browser, each within their own duty (三权分立): the system
// administrator imports an enterprise list from Excel (a bad row is shown and nothing is
// written; the corrected file runs to 100 %) and a successor plan with its targets and measures, adds a unit and a person to the organisation chart
// (roles are not theirs to give), reads it in English, and
// changes an item type's warning and urging thresholds; the security administrator changes a
// staff member's roles and arranges and ends a stand-in.

let harness: ApiHarness;
let app: Express;
let web: WebServer;
let browser: Browser;
/** The system administrator's authenticator, bound at their first sign-in here. */
let systemSecret: string | undefined;

const codes = { good: '91500116MA7WEB0A1X', other: '91500116MA7WEB0B2Y' };
const header = ['企业名称', '统一社会信用代码', '所在镇街/园区', '所属行业', '联系人', '联系电话'];

const workbook = (rows: (string | null)[][]) => workbookOf({ 企业名录: [header, ...rows] });

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const daysAfter = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  harness = await startApiHarness();
  app = harness.app;
  [web, browser] = await Promise.all([serveWeb(app), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
});

test('the system administrator imports enterprises: a bad row is listed and nothing is written, the corrected file runs to 100 %', async () => {
  const db = harness.database.db;
  const { context, page } = await newPage();
  systemSecret = await signInInBrowser(page, web.baseUrl, users.systemAdmin, { totpSecret: systemSecret });
  await page.getByRole('link', { name: '数据导入' }).click();
  await page.waitForURL('**/admin/imports');
  await expect(page.getByRole('link', { name: '下载模板' }).getAttribute('href')).resolves.toBe('/api/v1/import-templates/enterprises');

  const before = await db.enterprise.count();
  const upload = page.locator('input[type=file]');
  await upload.setInputFiles({
    name: '企业名录（有误）.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook([
      ['网页导入测试甲公司（虚构）', codes.good, '德感街道', '装备制造', '甲联系人', '023-61230000'],
      ['网页导入测试乙公司（虚构）', '123', '德感街道', null, null, null],
    ]),
  });
  await page.getByRole('alert').filter({ hasText: '有误的行（1 处），整份文件未写入' }).waitFor();
  const errorRow = page.getByRole('row', { name: /「统一社会信用代码」应为 18 位数字或大写字母/ });
  await expectText(errorRow, '企业名录3统一社会信用代码');
  await expect(page.getByText('导入失败').first().isVisible()).resolves.toBe(true);
  expect(await db.enterprise.count()).toBe(before);
  expect(await db.enterprise.findUnique({ where: { creditCode: codes.good } })).toBeNull();

  await upload.setInputFiles({
    name: '企业名录.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await workbook([
      ['网页导入测试甲公司（虚构）', codes.good, '德感街道', '装备制造', '甲联系人', '023-61230000'],
      ['网页导入测试乙公司（虚构）', codes.other, '德感工业园发展中心', '新材料', null, null],
    ]),
  });
  await page.getByRole('status').filter({ hasText: '已写入 2 / 2 行' }).waitFor();
  await expect(page.getByRole('progressbar', { name: '进度' }).getAttribute('aria-valuenow')).resolves.toBe('100');
  await page.getByText('新增 2 条，更新 0 条').waitFor();
  await page.getByRole('row', { name: /企业名录\.xlsx/ }).first().waitFor();
  await screenshot(page, 'import-progress');
  expect(await db.enterprise.count()).toBe(before + 2);
  expect(await db.enterprise.findUnique({ where: { creditCode: codes.good } })).toMatchObject({ name: '网页导入测试甲公司（虚构）', townUnitId: 'town-degan', contactPhone: '023-61230000' });

  // The organisation chart is the system administrator's to read; roles are not theirs to change.
  await page.getByRole('link', { name: '组织架构' }).click();
  await page.getByText('角色与代岗由安全管理员调整。').waitFor();
  await page.getByRole('tab', { name: /区级部门/ }).click();
  await page.getByRole('row', { name: /王示例/ }).waitFor();
  expect(await page.getByRole('button', { name: /调整角色/ }).count()).toBe(0);
  // Keeping the chart: a new unit, and a new person in it, who holds no role yet.
  await page.getByRole('button', { name: '新增单位' }).click();
  const unitDialog = page.getByRole('dialog', { name: '新增单位' });
  await unitDialog.getByLabel('单位名称').fill('网页测试服务中心（虚构）');
  await unitDialog.getByLabel('单位编号').fill('web-test-centre');
  await unitDialog.getByRole('button', { name: '保存' }).click();
  await page.getByText('单位已新增').waitFor();
  await page.getByRole('button', { name: '新增人员 网页测试服务中心（虚构）' }).click();
  const staffDialog = page.getByRole('dialog', { name: '新增人员：网页测试服务中心（虚构）' });
  await staffDialog.getByLabel('姓名').fill('钱示例');
  await staffDialog.getByLabel('邮箱').fill('qian@example.cn');
  await staffDialog.getByRole('button', { name: '保存' }).click();
  await page.getByText('人员已新增').waitFor();
  await page.getByRole('row', { name: /钱示例/ }).filter({ hasText: '未开账号' }).waitFor();
  expect(await db.unit.findUnique({ where: { id: 'web-test-centre' } })).toMatchObject({ name: '网页测试服务中心（虚构）', kind: 'department' });
  expect(await db.staffMember.findFirst({ where: { unitId: 'web-test-centre' } })).toMatchObject({ name: '钱示例', roles: [], email: 'qian@example.cn' });

  // In English: the page's own texts follow the switch.
  await page.getByRole('button', { name: /Switch language/ }).click();
  await page.getByText('Roles and stand-ins are changed by the security administrator.').waitFor();
  await page.getByRole('tab', { name: /Departments/ }).waitFor();
  await page.getByRole('columnheader', { name: 'Roles' }).first().waitFor();
  await expectText(page.getByRole('row', { name: /王示例/ }), 'Liaison');
  await page.getByRole('link', { name: 'Data import' }).click();
  await page.getByRole('link', { name: 'Download template' }).waitFor();
  await page.getByRole('button', { name: /Choose file and import/ }).waitFor();
  await page.getByRole('link', { name: 'Working calendar' }).click();
  await page.getByRole('button', { name: 'Add' }).waitFor();
  await context.close();
});

test('the system administrator imports a successor plan: an unknown unit is shown and nothing is written; the corrected file creates plan, targets and measures, and a second run updates them', async () => {
  const db = harness.database.db;
  const planId = 'web-successor-plan-2026-2028';
  const planSheet = [
    ['计划编号', '计划名称', '印发单位', '印发日期', '起始日期', '截止日期'],
    [planId, '江津区专精特新发展行动计划（2026—2028年，网页测试）', '江津区人民政府办公室', '2026-03-01', '2026-01-01', '2028-12-31'],
  ];
  const targetSheet = [
    ['目标代码', '目标名称', '目标值', '完成期限'],
    ['innovative_sme', '创新型中小企业', 1500, '2028-12-31'],
  ];
  const measureHeader = ['类别', '编号', '分类编号', '分类名称', '标题', '内容', '责任单位'];
  const upload = async (page: Page, name: string, measures: (string | null)[][]) =>
    page.locator('input[type=file]').setInputFiles({
      name,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await workbookOf({ 计划: planSheet, 目标: targetSheet, 措施: [measureHeader, ...measures] }),
    });

  const { context, page } = await newPage();
  systemSecret = await signInInBrowser(page, web.baseUrl, users.systemAdmin, { totpSecret: systemSecret });
  await page.getByRole('link', { name: '数据导入' }).click();
  await page.getByText('计划与措施', { exact: true }).click();
  await expect(page.getByRole('link', { name: '下载模板' }).getAttribute('href')).resolves.toBe('/api/v1/import-templates/plan');

  await upload(page, '后续计划（有误）.xlsx', [['重点任务', '1', '一', '梯度培育', null, '建立梯度培育库', '区科技局、区经济信息委'], ['重点任务', '2', '一', '梯度培育', null, '开展诊断服务', '不存在的局']]);
  await page.getByRole('alert').filter({ hasText: '有误的行（1 处），整份文件未写入' }).waitFor();
  await expectText(page.getByRole('row', { name: /未找到责任单位“不存在的局”/ }), '措施3责任单位');
  expect(await db.plan.findUnique({ where: { id: planId } })).toBeNull();

  const measures = [['重点任务', '1', '一', '梯度培育', null, '建立梯度培育库', '区科技局、区经济信息委'], ['保障机制', '1', null, null, '联席会议', '定期召开联席会议', '区经济信息委']];
  await upload(page, '后续计划.xlsx', measures);
  await page.getByRole('status').filter({ hasText: '已写入 4 / 4 行' }).waitFor();
  await page.getByText('计划已新建：目标 1 项、措施 2 项（新增 3 条，更新 0 条）').waitFor();
  expect(await db.plan.findUnique({ where: { id: planId } })).toMatchObject({ title: '江津区专精特新发展行动计划（2026—2028年，网页测试）' });
  expect((await db.measure.findMany({ where: { planId }, orderBy: { id: 'asc' } })).map((m) => [m.id, m.unitIds])).toEqual([
    [`${planId}/measure/1`, ['kjj', 'jxw']],
    [`${planId}/mechanism/1`, ['jxw']],
  ]);

  // The same plan again (a corrected measure text): updated in place, nothing doubled.
  await upload(page, '后续计划（修订）.xlsx', [['重点任务', '1', '一', '梯度培育', null, '建立并动态调整梯度培育库', '区科技局、区经济信息委'], measures[1]!]);
  await page.getByText('计划已更新：目标 1 项、措施 2 项（新增 0 条，更新 3 条）').waitFor();
  expect(await db.measure.count({ where: { planId } })).toBe(2);
  expect(await db.measure.findUniqueOrThrow({ where: { id: `${planId}/measure/1` } })).toMatchObject({ text: '建立并动态调整梯度培育库' });
  await page.getByRole('row', { name: /后续计划（修订）\.xlsx/ }).filter({ hasText: '计划与措施' }).waitFor();
  await context.close();
});

test('the system administrator opens accounts for a person picked from the chart and for an enterprise by its credit code; an administrator account is a system administrator', async () => {
  const db = harness.database.db;
  // Someone on the chart without an account (the first test may have added 钱示例 too).
  await db.staffMember.create({ data: { id: 'staff-web-account-test', unitId: 'kjj', name: '孙示例', roles: [], email: 'sun@example.cn', active: true } });
  const { context, page } = await newPage();
  systemSecret = await signInInBrowser(page, web.baseUrl, users.systemAdmin, { totpSecret: systemSecret });
  await page.getByRole('link', { name: '账号管理' }).click();
  const open = async () => {
    await page.getByRole('button', { name: '新建账号' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '账号类型' });
    await modal.waitFor();
    return modal;
  };
  let dialog = await open();
  await dialog.getByLabel('工作人员（尚未开设账号的）').fill('孙示例');
  await page.locator('.ant-select-item-option-active').filter({ hasText: '孙示例（' }).waitFor();
  await page.keyboard.press('Enter');
  await dialog.getByLabel('用户名').fill('sun.kjj');
  await dialog.getByLabel('姓名').fill('孙示例');
  await dialog.getByLabel('初始密码').fill('Chu-Shi-2026-Mi');
  await dialog.getByRole('button', { name: '建立' }).click();
  await page.getByText('账号已建立，首次登录须修改密码').waitFor();
  expect(await db.account.findUnique({ where: { username: 'sun.kjj' } })).toMatchObject({ kind: 'staff', staffMemberId: 'staff-web-account-test', mustChangePassword: true });

  // As an import leaves it: a generated id the administrator never sees, and the credit code.
  const enterprise = await db.enterprise.create({ data: { id: '5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f', name: '账号测试企业（虚构）', creditCode: '91500116MA7ACCT01X' } });
  dialog = await open();
  await dialog.getByLabel('账号类型').click();
  await page.locator('.ant-select-dropdown:visible').getByText('企业', { exact: true }).click();
  await dialog.getByLabel('企业：统一社会信用代码（或企业编号）').fill(enterprise.creditCode);
  await dialog.getByLabel('用户名').fill('web-enterprise-contact');
  await dialog.getByLabel('姓名').fill('企业联系人（网页测试）');
  await dialog.getByLabel('初始密码').fill('Chu-Shi-2026-Mi');
  await dialog.getByRole('button', { name: '建立' }).click();
  await dialog.waitFor({ state: 'hidden' });
  expect(await db.account.findUnique({ where: { username: 'web-enterprise-contact' } })).toMatchObject({ kind: 'enterprise', enterpriseId: enterprise.id });

  dialog = await open();
  await dialog.getByLabel('账号类型').click();
  await page.locator('.ant-select-dropdown:visible').getByText('管理员', { exact: true }).click();
  await dialog.getByText(/此处新建的是系统管理员账号/).waitFor();
  await dialog.locator('.ant-modal-close').click();
  await dialog.waitFor({ state: 'hidden' });
  // Security and audit administrators offer no 停用 here; other accounts do.
  await page.getByRole('row', { name: /sun\.kjj/ }).getByRole('button', { name: '停用' }).waitFor();
  expect(await page.getByRole('row', { name: /secadmin/ }).getByRole('button', { name: '停用' }).count()).toBe(0);
  expect(await page.getByRole('row', { name: /auditadmin/ }).getByRole('button', { name: '停用' }).count()).toBe(0);
  await context.close();
});

test('the security administrator changes a liaison’s roles and arranges, then ends, a stand-in on the organisation chart', async () => {
  const db = harness.database.db;
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.securityAdmin);
  await page.getByRole('link', { name: '组织架构' }).click();
  await page.getByRole('tab', { name: /区级部门/ }).click();

  await page.getByRole('button', { name: '调整角色 王示例' }).click();
  const roles = page.getByRole('dialog', { name: '调整角色：王示例' });
  await roles.getByRole('checkbox', { name: '分管领导' }).check();
  await roles.getByLabel('理由').fill('科长外出期间兼任分管领导');
  await roles.getByRole('button', { name: '保存' }).click();
  await page.getByText('角色已保存').waitFor();
  await page.getByRole('row', { name: /王示例/ }).filter({ hasText: /联络员.*分管领导/ }).waitFor();
  expect((await db.staffMember.findUniqueOrThrow({ where: { id: 'staff-kjj-liaison' } })).roles).toEqual(['liaison', 'unit_leader']);
  const audited = await db.auditEvent.findFirst({ where: { action: 'staff.roles_changed', subject: 'staff:staff-kjj-liaison' } });
  expect(audited?.detail).toMatchObject({ from: ['liaison'], to: ['liaison', 'unit_leader'] });

  // 代岗: 刘示例 (区财政局) stands in for 赵示例 (区科技局) from today for a week.
  const from = shanghaiToday();
  const to = daysAfter(from, 7);
  await page.getByRole('button', { name: '安排代岗' }).click();
  const dialog = page.getByRole('dialog', { name: '安排代岗' });
  // Searchable selects: type part of the name, take the one option left.
  const choose = async (label: string, name: string) => {
    await dialog.getByLabel(label, { exact: true }).fill(name);
    await page.locator('.ant-select-item-option', { hasText: name }).click();
  };
  await choose('被代岗人', '赵示例');
  await choose('代岗人', '刘示例');
  await dialog.getByPlaceholder('开始日期').fill(from);
  await dialog.getByPlaceholder('结束日期').fill(to);
  await dialog.getByPlaceholder('结束日期').press('Enter');
  await dialog.getByLabel('理由').fill('分管领导外出学习');
  await dialog.getByRole('button', { name: '保存' }).click();
  await page.getByText('代岗已安排').waitFor();
  await page.getByRole('row', { name: /赵示例/ }).filter({ hasText: `刘示例 代岗至 ${to}` }).waitFor();
  const acting = page.getByRole('row', { name: /刘示例 \(区财政局\) 赵示例 \(区科技局\)/ });
  await expectText(acting, `${from} ~ ${to}`);
  await expectText(acting, '进行中');
  const assignment = await db.actingAssignment.findFirstOrThrow({ where: { staffMemberId: 'staff-czj-liaison', forStaffMemberId: 'staff-kjj-leader' } });
  expect(assignment.endedAt).toBeNull();
  await screenshot(page, 'org-chart');

  await acting.getByRole('button', { name: '提前结束' }).click();
  await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await page.getByText('代岗已结束').waitFor();
  await page.getByText('当前及今后没有代岗安排').waitFor();
  expect((await db.actingAssignment.findUniqueOrThrow({ where: { id: assignment.id } })).endedAt).not.toBeNull();
  expect(await db.auditEvent.count({ where: { action: 'staff.acting_ended', subject: 'staff:staff-kjj-leader' } })).toBe(1);
  await context.close();
});

test('the system administrator reads an item type’s escalation ladder and changes its warning and urging thresholds', async () => {
  const db = harness.database.db;
  const { context, page } = await newPage();
  systemSecret = await signInInBrowser(page, web.baseUrl, users.systemAdmin, { totpSecret: systemSecret });
  await page.getByRole('link', { name: '事项类型' }).click();
  const row = page.getByRole('row', { name: /交办事项 \(assignment\)/ });
  await row.getByRole('button', { name: /展开/ }).click();
  const ladder = page.getByRole('table', { name: '升级阶梯' }).first();
  await ladder.getByRole('row', { name: /催办通知 到期后 1 个工作日 牵头单位联络员、牵头单位分管领导/ }).waitFor();
  await page.getByText('时限用去 80% 或剩余 3 个工作日及以下时变黄（预警）。').waitFor();

  await row.getByRole('button', { name: '修改' }).click();
  const dialog = page.getByRole('dialog', { name: '修改时限：交办事项' });
  await dialog.getByLabel('用去时限的比例达到即预警').fill('70');
  await dialog.getByLabel('催办通知：到期后 N 个工作日').fill('2');
  await dialog.getByLabel('理由').fill('按区政府督办工作要求提前预警、延后一日催办');
  await dialog.getByRole('button', { name: '保存' }).click();
  await page.getByText('已保存；之后新建的事项按新规则计时').waitFor();
  await page.getByText('时限用去 70% 或剩余 3 个工作日及以下时变黄（预警）。').waitFor();
  await ladder.getByRole('row', { name: /催办通知 到期后 2 个工作日/ }).waitFor();
  const stored = await db.itemType.findUniqueOrThrow({ where: { type: 'assignment' } });
  expect(stored.version).toBe(2);
  expect(stored.policy).toMatchObject({ escalation: { warning: { yellowAtShareUsed: 0.7, yellowAtDaysLeft: 3 }, ladder: expect.arrayContaining([expect.objectContaining({ key: 'urge', trigger: { after: 'due', workingDays: 2 } })]) } });
  await context.close();
});
