import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApiHarness, type ApiHarness } from '../../support/api-harness';
import { expectText, launchBrowser, screenshot, serveWeb, signInInBrowser, type WebServer } from '../../support/browser';
import { signIn, users, type ApiClient } from '../../support/session';
import { eventually } from '../../support/eventually';
import { WorkflowClient } from '../../../api/workflow-client';
import { itemTypePolicyFor } from '../../../api/supervision/assignment';
import { shanghaiDateOf } from '../../../domain/calendar';
import { periodContaining } from '../../../domain/measure/period';

// The commission's analysis pages in a real browser: goal progress (the figures the API gives),
// the unit rankings by name (and the board's chart by name), the bulletin exported as XLSX with
// progress (a workbook that parses, an audited export), and the bulletin printed without the
// app's frame.

let harness: ApiHarness;
let web: WebServer;
let browser: Browser;
let commission: ApiClient;
let downloads: string;

// Items assigned 40 days ago, so that some are long overdue and others were done on time.
const assignedAt = new Date(Date.now() - 40 * 86_400_000).toISOString();
const period = periodContaining(shanghaiDateOf(new Date(assignedAt)), 'month');
const today = () => shanghaiDateOf(new Date());
const measure7 = 'jiangjin-srdi-2022-2025/measure/7';

interface UnitRow {
  unitId: string;
  unitName: string;
  unitKind: string;
  rank: number | null;
  overdue: { numerator: number };
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

beforeAll(async () => {
  harness = await startApiHarness();
  downloads = mkdtempSync(path.join(os.tmpdir(), 'srdi-downloads-'));
  const { app } = harness;
  [web, browser, commission] = await Promise.all([serveWeb(app), launchBrowser(), signIn(app, users.commissionOfficer2)]);
  const [swh, jw, degan, kjj] = await Promise.all([signIn(app, users.liaison('swh')), signIn(app, users.liaison('jw')), signIn(app, users.liaison('park-degan')), signIn(app, users.liaison('kjj'))]);
  const ok = (response: { status: number; body: unknown }, status = 200) => expect({ status: response.status, body: response.body }).toMatchObject({ status });

  // Recognitions within the plan period count toward the tier targets.
  for (const [enterpriseId, tier, recognisedOn] of [
    ['ent-001', 'innovative_sme', '2023-05-10'],
    ['ent-002', 'innovative_sme', '2024-06-01'],
    ['ent-003', 'innovative_sme', '2024-07-01'],
    ['ent-002', 'municipal_srdi', '2025-03-01'],
  ] as const) {
    ok(await commission.post(`/api/v1/enterprises/${enterpriseId}/tiers`, { tier, recognisedOn, note: '区经济信息委录入（网页测试）' }), 201);
  }

  // A tracked measure with an achievement recorded by one of its units.
  const launched = await commission.post('/api/v1/measure-tasks', { measureIds: [measure7], startsOn: today() });
  ok(launched, 201);
  ok(await kjj.post(`/api/v1/measure-tasks/${launched.body.tasks[0].id}/achievements`, { subTarget: '数字化车间', count: 2, achievedOn: today(), evidence: '认定文件（网页测试）', reference: '测试〔2026〕1号' }), 201);

  // Supervised items of the period: done on time, long overdue, at a department, a park and a town.
  const workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
  const base = await itemTypePolicyFor(harness.database.db, 'assignment', 'general', 'type');
  const assign = (title: string, leadUnitId: string, coUnitIds: string[], days: { signDays: number; handleDays: number }) =>
    workflows.assignItem({ title, leadUnitId, coUnitIds, commissionUnitId: 'jxw', policy: { ...base, ...days }, assignedAt, createdBy: 'staff-jxw-officer-2' });
  const [a, c] = await Promise.all([
    assign('排名测试：商务委按时办结', 'swh', ['jw'], { signDays: 60, handleDays: 60 }),
    assign('排名测试：德感园区按时办结', 'park-degan', [], { signDays: 60, handleDays: 60 }),
    assign('排名测试：商务委超期未签收', 'swh', [], { signDays: 1, handleDays: 5 }),
    assign('排名测试：几江街道超期', 'town-jijiang', [], { signDays: 1, handleDays: 5 }),
  ]);
  ok(await swh.post(`/api/v1/items/${a.itemId}/sign`));
  ok(await jw.post(`/api/v1/items/${a.itemId}/co-report`, { report: '已配合' }));
  ok(await swh.post(`/api/v1/items/${a.itemId}/report`, { result: '已办结' }));
  ok(await commission.post(`/api/v1/items/${a.itemId}/approve`, {}));
  ok(await degan.post(`/api/v1/items/${c.itemId}/sign`));
  ok(await degan.post(`/api/v1/items/${c.itemId}/report`, { result: '已办结' }));
  ok(await commission.post(`/api/v1/items/${c.itemId}/approve`, {}));
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await harness?.stop();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

test('a commission officer reads goal progress, ranks units by name, exports the bulletin and prints it', async () => {
  const { context, page } = await newPage();
  await signInInBrowser(page, web.baseUrl, users.commissionOfficer);
  await page.waitForURL('**/board');

  // The board's chart names units (its description is what the canvas shows), never their ids.
  const boardChart = page.getByTestId('unit-colour-chart');
  // The names arrive with GET /units, after the overview: the chart is drawn again with them.
  const boardLabel = await eventually(async () => (await boardChart.getAttribute('aria-label')) ?? '', (label) => label.includes('区商务委'), 10_000);
  expect(boardLabel).toContain('区商务委');
  expect(boardLabel).toContain('几江街道');
  expect(boardLabel).not.toMatch(/\b(swh|town-jijiang)\b/);

  // 目标进度: every target's figures as the API gives them.
  await page.getByRole('link', { name: '目标进度' }).click();
  await page.waitForURL('**/analytics/goals');
  const progress = (await commission.get('/api/v1/goals/progress')).body as { goals: { key: string; name: string; target: number; actual: number | null; completion: number | null }[] };
  expect(progress.goals.map((goal) => goal.key)).toEqual(['innovative_sme', 'municipal_srdi', 'national_little_giant', 'new_listed']);
  expect(progress.goals.find((goal) => goal.key === 'innovative_sme')).toMatchObject({ target: 1250, actual: 3 });
  for (const goal of progress.goals) {
    const card = page.getByTestId(`goal-${goal.key}`);
    await expectText(card.getByTestId('goal-actual'), goal.actual === null ? '—' : String(goal.actual), { exact: true });
    await expectText(card.getByTestId('goal-target'), String(goal.target), { exact: true });
    await expectText(card.getByTestId('goal-completion'), goal.completion === null ? '—' : `${goal.completion.toFixed(1)}%`, { exact: true });
    await expectText(card, goal.name);
  }
  await expect(page.getByTestId('goals-chart').getAttribute('aria-label')).resolves.toContain('创新型中小企业 完成率 0.2%');
  // Drilling into a sub-target: the unit that recorded it, by name.
  const subTargetRow = page.getByRole('row', { name: /数字化车间/ });
  await subTargetRow.getByRole('button').first().click();
  await expectText(page.getByTestId('sub-target-units-数字化车间'), '区科技局：2');
  await screenshot(page, 'goals');

  // 单位排名: names, not ids, in the table and the chart; sortable; filtered by kind.
  await page.getByRole('link', { name: '单位排名' }).click();
  await page.waitForURL('**/analytics/rankings');
  await page.goto(`${web.baseUrl}/analytics/rankings?period=${period.key}`);
  const figures = (await commission.get(`/api/v1/unit-figures?period=${period.key}`)).body as { units: UnitRow[] };
  const table = page.locator('.ant-table-tbody');
  await table.getByText('区商务委', { exact: true }).waitFor();
  const cells = await table.locator('[data-unit-id]').allTextContents();
  expect(cells).toEqual(figures.units.map((row) => row.unitName));
  for (const row of figures.units) expect(cells).not.toContain(row.unitId);
  const ranked = figures.units.filter((row) => row.rank !== null);
  expect(ranked.map((row) => row.unitId).sort()).toEqual(['jw', 'park-degan', 'swh', 'town-jijiang']);
  const rankingChart = (await page.getByTestId('rankings-chart').getAttribute('aria-label'))!;
  for (const row of ranked) expect(rankingChart).toContain(`${row.rank}. ${row.unitName}`);
  expect(rankingChart).not.toMatch(/\b(swh|park-degan|town-jijiang)\b/);
  // Sorted by overdue count, most first: 区商务委 and 几江街道 have one each.
  await page.getByRole('columnheader', { name: '超期件数' }).click();
  await page.getByRole('columnheader', { name: '超期件数' }).click();
  const firstTwo = (await table.locator('[data-unit-id]').allTextContents()).slice(0, 2).sort();
  expect(firstTwo).toEqual(['几江街道', '区商务委'].sort());
  const kinds = page.locator('.ant-segmented');
  await kinds.getByText('工业园', { exact: true }).click();
  const parks = figures.units.filter((row) => row.unitKind === 'park').map((row) => row.unitName);
  expect(await eventually(() => table.locator('[data-unit-id]').allTextContents(), (names) => names.length === parks.length, 10_000)).toEqual(parks);
  await kinds.getByText('全部单位', { exact: true }).click();
  await eventually(() => table.locator('[data-unit-id]').count(), (count) => count === figures.units.length, 10_000);
  // Back to the ranking order for the screenshot.
  await page.getByRole('columnheader', { name: '排名' }).first().click();
  await page.getByText('黑榜：').waitFor();
  await page.mouse.move(0, 0);
  await screenshot(page, 'rankings');

  // XLSX export: the progress shows, the file parses and holds the same figures, the export is audited.
  const db = harness.database.db;
  const exportsBefore = await db.auditEvent.count({ where: { action: 'security.export' } });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 XLSX' }).click()]);
  const file = path.join(downloads, download.suggestedFilename());
  await download.saveAs(file);
  await page.locator('.srdi-export-progress').getByText('100%').waitFor();
  expect(download.suggestedFilename()).toBe(`江津区“专精特新”督办工作通报（${period.label}）.xlsx`);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('通报')!;
  expect(sheet.getCell('A1').value).toBe(`江津区“专精特新”督办工作通报（${period.label}）`);
  const values: unknown[][] = [];
  sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  expect(values.find((row) => row[1] === '区商务委')?.slice(3, 7)).toEqual([2, '50.0%', '50.0%', '50.0%']);
  expect(await db.auditEvent.count({ where: { action: 'security.export' } })).toBe(exportsBefore + 1);
  const audit = await db.auditEvent.findFirst({ where: { action: 'security.export' }, orderBy: { seq: 'desc' } });
  expect(audit).toMatchObject({ actorId: 'staff-jxw-officer-1', subject: `bulletin:${period.key}` });

  // The printable 通报: a document; printing shows it alone, without the app's header and menu.
  await page.getByRole('button', { name: '打印版通报' }).click();
  await page.waitForURL(`**/bulletins/${period.key}/print`);
  const documentView = page.locator('.srdi-print-document');
  await documentView.getByRole('heading', { name: `江津区“专精特新”督办工作通报（${period.label}）` }).waitFor();
  await expectText(page.getByTestId('doc-number'), `督办通报〔${period.key.slice(0, 4)}〕第 ${Number(period.key.slice(5))} 期`, { exact: true });
  await expectText(documentView, '区经济信息委督办通报');
  await expectText(page.getByTestId('doc-ranking'), '区商务委');
  await expectText(documentView, /予以通报：[^。]*区商务委（超期 1 件次）/);
  await expectText(page.getByTestId('doc-overdue'), '排名测试：几江街道超期');
  // window.print would open the system dialog: counted instead (the root tsconfig has no DOM types).
  await page.evaluate(() => {
    const browserWindow = globalThis as unknown as { printed: number; print: () => void };
    browserWindow.printed = 0;
    browserWindow.print = () => {
      browserWindow.printed += 1;
    };
  });
  await page.getByRole('button', { name: '打印', exact: true }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  expect(await page.locator('.srdi-header').isVisible()).toBe(true);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.srdi-header').isVisible()).toBe(false);
  expect(await page.locator('.ant-layout-sider').isVisible()).toBe(false);
  expect(await page.getByRole('button', { name: '打印', exact: true }).isVisible()).toBe(false);
  expect(await documentView.isVisible()).toBe(true);
  await screenshot(page, 'bulletin-print');
  await page.emulateMedia({ media: 'screen' });
  expect(await page.locator('.srdi-header').isVisible()).toBe(true);

  // The English switch reaches the document's own wording.
  await page.getByRole('button', { name: /切换语言 \/ Switch language/ }).click();
  await page.getByRole('button', { name: 'Print', exact: true }).waitFor();
  await expectText(page.getByTestId('doc-number'), `Supervision bulletin [${period.key.slice(0, 4)}] No. ${Number(period.key.slice(5))}`, { exact: true });
  await expect(page.getByRole('link', { name: 'Unit rankings' }).isVisible()).resolves.toBe(true);
  await context.close();
});
