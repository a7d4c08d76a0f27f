import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { verifyAuditChain } from '../../activities/audit/audit-log';
import { findImport, runImport, startImport } from '../../activities/administration/imports';
import { createDb } from '../../runtime/db';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import type { TestDatabase } from '../support/database';
import { signIn, users, type ApiClient } from '../support/session';
import { workbookOf } from '../support/workbook';

// 数据导入 through the API: the system administrator uploads a workbook, the job reports its
// progress and every bad row in Chinese; a file with any bad row writes nothing; importing the
// same enterprises again updates them by credit code instead of doubling them.

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let admin!: ApiClient;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  admin = await signIn(app, users.systemAdmin);
});

afterAll(async () => {
  await harness?.stop();
});


const upload = (kind: string, bytes: Buffer, fileName = '导入.xlsx') =>
  admin.agent.post(`/api/v1/imports/${kind}`).set('X-CSRF-Token', admin.csrfToken).set('Content-Type', xlsx).set('X-File-Name', encodeURIComponent(fileName)).send(bytes);

interface Job {
  id: string;
  state: string;
  total: number;
  done: number;
  errors: { sheet: string; row: number; column?: string; message: string }[];
  errorCount: number;
  summary: Record<string, number> | null;
  failure: string | null;
  sameFileAs: string | null;
}

async function finished(id: string): Promise<Job> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await admin.get(`/api/v1/imports/${id}`);
    expect(response.status).toBe(200);
    if (response.body.state === 'succeeded' || response.body.state === 'failed') return response.body as Job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${response.body.state}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const header = ['企业名称*', '统一社会信用代码*', '所在镇街/园区', '所属行业', '联系人', '联系电话'];
const codes = { a: '91500116MA60000A1B', b: '91500116MA60000B2C', c: '91500116MA60000C3D' };

describe('enterprise import', () => {
  test('a file with bad rows writes nothing and names each bad row and column in Chinese', async () => {
    const before = await database.db.enterprise.count();
    const bytes = await workbookOf({
      企业名录: [
        header,
        ['导入测试甲公司（虚构）', codes.a, '德感街道', '装备制造', '甲联系人', '023-61234567'],
        ['导入测试乙公司（虚构）', 'SHORT', '德感街道', null, null, null],
        ['导入测试丙公司（虚构）', codes.c, '不存在的镇', null, null, null],
        [null, codes.b, null, null, null, '电话号码'],
        ['导入测试丁公司（虚构）', codes.a, null, null, null, null],
      ],
    });
    const started = await upload('enterprises', bytes);
    expect(started.status).toBe(202);
    const job = await finished(started.body.id);
    expect(job.state).toBe('failed');
    expect(job.done).toBe(0);
    expect(job.total).toBe(5);
    expect(job.errorCount).toBe(job.errors.length);
    expect(job.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: '统一社会信用代码', message: '「统一社会信用代码」应为 18 位数字或大写字母' }),
        expect.objectContaining({ row: 4, column: '所在镇街/园区', message: '未找到镇街或园区“不存在的镇”' }),
        expect.objectContaining({ row: 5, column: '企业名称', message: '「企业名称」不能为空' }),
        expect.objectContaining({ row: 5, column: '联系电话', message: '「联系电话」格式不正确' }),
        expect.objectContaining({ row: 6, column: '统一社会信用代码', message: '统一社会信用代码与第 2 行重复' }),
      ]),
    );
    // The good row 2 was not written either: all or nothing.
    expect(await database.db.enterprise.count()).toBe(before);
    expect(await database.db.enterprise.findUnique({ where: { creditCode: codes.a } })).toBeNull();
    const audit = await database.db.auditEvent.findMany({ where: { subject: `import:${job.id}` }, orderBy: { seq: 'asc' } });
    expect(audit.map((event) => event.action)).toEqual(['import.started', 'import.failed']);
  });

  test('a good file lands whole, progress reaches the total, and the same file again updates instead of doubling', async () => {
    const before = await database.db.enterprise.count();
    const bytes = await workbookOf({
      企业名录: [
        header,
        ['导入测试甲公司（虚构）', codes.a, '德感街道', '装备制造', '甲联系人', '023-61234567'],
        ['导入测试乙公司（虚构）', codes.b.toLowerCase(), '德感工业园发展中心', '新材料', null, null],
      ],
    });
    const first = await finished((await upload('enterprises', bytes)).body.id);
    expect(first).toMatchObject({ state: 'succeeded', total: 2, done: 2, errors: [], summary: { created: 2, updated: 0 } });
    expect(await database.db.enterprise.count()).toBe(before + 2);
    expect(await database.db.enterprise.findUnique({ where: { creditCode: codes.a } })).toMatchObject({ name: '导入测试甲公司（虚构）', townUnitId: 'town-degan', industry: '装备制造', contactName: '甲联系人', contactPhone: '023-61234567' });
    expect(await database.db.enterprise.findUnique({ where: { creditCode: codes.b } })).toMatchObject({ townUnitId: 'park-degan' });

    const again = await upload('enterprises', bytes);
    expect(again.body.sameFileAs).toBe(first.id);
    const second = await finished(again.body.id);
    expect(second).toMatchObject({ state: 'succeeded', summary: { created: 0, updated: 2 } });
    expect(await database.db.enterprise.count()).toBe(before + 2);

    // A renamed enterprise with an empty contact cell keeps its contact.
    const renamed = await workbookOf({ Sheet1: [header, ['导入测试甲公司（更名，虚构）', codes.a, null, null, null, null]] });
    expect(await finished((await upload('enterprises', renamed)).body.id)).toMatchObject({ state: 'succeeded', summary: { created: 0, updated: 1 } });
    expect(await database.db.enterprise.findUnique({ where: { creditCode: codes.a } })).toMatchObject({ name: '导入测试甲公司（更名，虚构）', contactName: '甲联系人', townUnitId: 'town-degan' });
    expect((await verifyAuditChain(database.db)).brokenAt).toBeUndefined();
  });

  test('each created or changed row is audited with its fields before and after; an unchanged row is not', async () => {
    const code = '91500116MA64000A1B';
    const rowsOf = async (jobId: string) => database.db.auditEvent.findMany({ where: { action: { startsWith: 'import.row.' }, detail: { path: ['importJob'], equals: jobId } }, orderBy: { seq: 'asc' } });
    const first = await finished((await upload('enterprises', await workbookOf({ 企业名录: [header, ['审计导入测试公司（虚构）', code, '德感街道', null, '甲', '023-61234567']] }))).body.id);
    expect(first.state).toBe('succeeded');
    const enterprise = await database.db.enterprise.findUniqueOrThrow({ where: { creditCode: code } });
    expect((await rowsOf(first.id)).map((event) => [event.action, event.subject, event.detail])).toEqual([
      [
        'import.row.created',
        `enterprise:${enterprise.id}`,
        {
          importJob: first.id,
          sheet: '企业名录',
          row: 2,
          key: code,
          changes: { name: { before: null, after: '审计导入测试公司（虚构）' }, creditCode: { before: null, after: code }, townUnitId: { before: null, after: 'town-degan' }, contactName: { before: null, after: '甲' }, contactPhone: { before: null, after: '023-61234567' } },
        },
      ],
    ]);
    const second = await finished((await upload('enterprises', await workbookOf({ 企业名录: [header, ['审计导入测试公司（虚构）', code, null, null, '乙', '023-61234567'], ['审计导入测试二公司（虚构）', '91500116MA64000B2C', null, null, null, null]] }))).body.id);
    const events = await rowsOf(second.id);
    expect(events.map((event) => [event.action, (event.detail as { key: string }).key, (event.detail as { changes: unknown }).changes])).toEqual([
      ['import.row.updated', code, { contactName: { before: '甲', after: '乙' } }],
      ['import.row.created', '91500116MA64000B2C', { name: { before: null, after: '审计导入测试二公司（虚构）' }, creditCode: { before: null, after: '91500116MA64000B2C' } }],
    ]);
    // The same file again changes nothing, so it records no row.
    const bytes = await workbookOf({ 企业名录: [header, ['审计导入测试公司（虚构）', code, null, null, '乙', null]] });
    const third = await finished((await upload('enterprises', bytes)).body.id);
    expect(third.summary).toMatchObject({ updated: 1 });
    expect(await rowsOf(third.id)).toEqual([]);
    expect((await verifyAuditChain(database.db)).brokenAt).toBeUndefined();
  });

  test('a job already marked failed (stale) is never moved back to succeeded, and its rows are not written', async () => {
    const id = '00000000-0000-4000-8000-0000000a1b2d';
    await database.db.importJob.create({ data: { id, kind: 'enterprises', state: 'failed', failure: '导入中断（服务重启），未写入任何数据，请重新上传', fileName: '迟到.xlsx', fileSha256: '1'.repeat(64), createdBy: 'account:test', finishedAt: new Date() } });
    const bytes = await workbookOf({ 企业名录: [header, ['迟到导入测试公司（虚构）', '91500116MA65000A1B', null, null, null, null]] });
    await runImport(database.db, id, 'enterprises', bytes, 'account:test');
    expect(await database.db.importJob.findUniqueOrThrow({ where: { id } })).toMatchObject({ state: 'failed', failure: '导入中断（服务重启），未写入任何数据，请重新上传' });
    expect(await database.db.enterprise.findUnique({ where: { creditCode: '91500116MA65000A1B' } })).toBeNull();
    expect(await database.db.auditEvent.count({ where: { subject: `import:${id}` } })).toBe(0);
  });

  test('a wholly wrong file keeps the first 1,000 problems and counts them all', async () => {
    const rows = Array.from({ length: 1_100 }, (_, index) => [null, `91500116MA63${String(index).padStart(6, '0')}`, null, null, null, null]);
    const job = await finished((await upload('enterprises', await workbookOf({ 企业名录: [header, ...rows] }))).body.id);
    expect(job).toMatchObject({ state: 'failed', errorCount: 1_100 });
    expect(job.errors).toHaveLength(1_000);
    expect(job.errors[999]).toMatchObject({ row: 1_001, message: '「企业名称」不能为空' });
  });

  test('a file that is not a workbook, or lacks a required column, fails with one clear message', async () => {
    // Not a ZIP archive at all: refused at once, no job.
    const jobs = await database.db.importJob.count();
    const notZip = await upload('enterprises', Buffer.from('not a zip file at all'));
    expect(notZip.status).toBe(400);
    expect(notZip.body.error.message).toContain('不是有效的 Excel 工作簿');
    expect(await database.db.importJob.count()).toBe(jobs);
    // A ZIP that is no workbook: the job fails with the same message.
    const notExcel = await finished((await upload('enterprises', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40)]))).body.id);
    expect(notExcel.state).toBe('failed');
    expect(notExcel.errors[0]!.message).toContain('不是有效的 Excel 工作簿');
    const noCode = await finished((await upload('enterprises', await workbookOf({ 企业名录: [['企业名称'], ['某公司']] }))).body.id);
    expect(noCode.errors).toEqual([expect.objectContaining({ row: 1, column: '统一社会信用代码', message: '缺少列「统一社会信用代码」' })]);
  });

  test('an empty upload or the wrong media type is refused before any job exists', async () => {
    const jobs = await database.db.importJob.count();
    const empty = await admin.agent.post('/api/v1/imports/enterprises').set('X-CSRF-Token', admin.csrfToken).set('Content-Type', xlsx).send(Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const wrongType = await admin.agent.post('/api/v1/imports/enterprises').set('X-CSRF-Token', admin.csrfToken).set('Content-Type', 'text/csv').send('a,b');
    expect(wrongType.status).toBe(415);
    // No Content-Type at all is no loophole.
    const untyped = await admin.agent.post('/api/v1/imports/enterprises').set('X-CSRF-Token', admin.csrfToken).send(await workbookOf({ 企业名录: [header, ['无类型导入测试（虚构）', '91500116MA66000A1B', null, null, null, null]] }));
    expect(untyped.status).toBe(415);
    expect(untyped.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: '上传文件时须注明文件类型（Content-Type）' });
    expect(await database.db.importJob.count()).toBe(jobs);
  });

  test('a failure while writing (after rows were already inserted) rolls every row back', async () => {
    const db = database.db;
    // A database that refuses the third row, as a constraint or a lost connection would.
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = '拒绝写入的公司（虚构）' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_enterprise BEFORE INSERT ON enterprise FOR EACH ROW EXECUTE FUNCTION refuse_enterprise()`);
    try {
      const before = await db.enterprise.count();
      const bytes = await workbookOf({
        企业名录: [header, ['写入测试甲（虚构）', '91500116MA6100001A', null, null, null, null], ['写入测试乙（虚构）', '91500116MA6100002B', null, null, null, null], ['拒绝写入的公司（虚构）', '91500116MA6100003C', null, null, null, null]],
      });
      const job = await finished((await upload('enterprises', bytes)).body.id);
      expect(job).toMatchObject({ state: 'failed', errors: [] });
      expect(job.failure).toBe('导入失败，未写入任何数据，请稍后重试');
      expect(await db.enterprise.count()).toBe(before);
      expect(await db.enterprise.findUnique({ where: { creditCode: '91500116MA6100001A' } })).toBeNull();
      expect(await db.auditEvent.count({ where: { subject: `import:${job.id}`, action: 'import.succeeded' } })).toBe(0);
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER refuse_enterprise ON enterprise');
      await db.$executeRawUnsafe('DROP FUNCTION refuse_enterprise()');
    }
  });

  test('a process with a single database connection still finishes a long import (progress never waits for the writer)', async () => {
    const single = createDb(database.url, 1);
    try {
      const rows = Array.from({ length: 300 }, (_, index) => [`单连接导入测试${index}（虚构）`, `91500116MA62${String(index).padStart(6, '0')}`, null, null, null, null]);
      const started = await startImport(single, { kind: 'enterprises', fileName: '三百行.xlsx', bytes: await workbookOf({ 企业名录: [header, ...rows] }), actorId: 'account:test' });
      const deadline = Date.now() + 30_000;
      let job = await findImport(single, started.id);
      while (job.state !== 'succeeded' && job.state !== 'failed' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        job = await findImport(single, started.id);
      }
      expect(job).toMatchObject({ state: 'succeeded', total: 300, done: 300, summary: { created: 300, updated: 0 } });
      expect(await database.db.enterprise.count({ where: { creditCode: { startsWith: '91500116MA62' } } })).toBe(300);
    } finally {
      await single.$disconnect();
    }
  });

  test('a job cut off by a restart (no progress for ten minutes) reads as failed, with nothing written', async () => {
    const id = '00000000-0000-4000-8000-0000000a1b2c';
    const stale = new Date(Date.now() - 11 * 60_000);
    await database.db.importJob.create({ data: { id, kind: 'enterprises', state: 'running', fileName: '中断.xlsx', fileSha256: '0'.repeat(64), total: 10, done: 4, createdBy: 'account:test', createdAt: stale, updatedAt: stale } });
    const job = await finished(id);
    expect(job).toMatchObject({ state: 'failed', failure: '导入中断（服务重启），未写入任何数据，请重新上传' });
  });

  test('the job list applies the same stale rule', async () => {
    const id = '00000000-0000-4000-8000-0000000a1b2e';
    const stale = new Date(Date.now() - 11 * 60_000);
    await database.db.importJob.create({ data: { id, kind: 'enterprises', state: 'queued', fileName: '中断二.xlsx', fileSha256: '2'.repeat(64), createdBy: 'account:test', createdAt: new Date(), updatedAt: stale } });
    const list = await admin.get('/api/v1/imports');
    expect(list.status).toBe(200);
    const listed = list.body.imports as { id: string; state: string }[];
    expect(listed.find((job) => job.id === id)).toMatchObject({ state: 'failed' });
  });

  test('the downloadable template has the columns the import reads', async () => {
    const response = await admin.agent.get('/api/v1/import-templates/enterprises').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ArrayBuffer);
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual([undefined, ...header]);
  });
});

describe('plan import', () => {
  const planRow = ['jiangjin-srdi-2026-2028', '江津区专精特新发展行动计划（2026—2028年，测试）', '江津区人民政府办公室', '2026-03-01', '2026-01-01', '2028-12-31'];
  const planHeader = ['计划编号', '计划名称', '印发单位', '印发日期', '起始日期', '截止日期'];
  const targetHeader = ['目标代码', '目标名称', '目标值', '完成期限'];
  const measureHeader = ['类别', '编号', '分类编号', '分类名称', '标题', '内容', '责任单位'];

  test('a measure naming an unknown unit fails the whole plan; the corrected file writes plan, targets and measures with their units, lead first', async () => {
    const bad = await workbookOf({
      计划: [planHeader, planRow],
      目标: [targetHeader, ['innovative_sme', '创新型中小企业', 1500, '2028-12-31']],
      措施: [measureHeader, ['重点任务', '1', '一', '梯度培育', null, '建立梯度培育库', '区科技局、区经济信息委'], ['重点任务', '2', '一', '梯度培育', null, '开展诊断服务', '不存在的局']],
    });
    const failed = await finished((await upload('plan', bad)).body.id);
    expect(failed.state).toBe('failed');
    expect(failed.errors).toEqual([expect.objectContaining({ sheet: '措施', row: 3, column: '责任单位', message: '未找到责任单位“不存在的局”' })]);
    expect(await database.db.plan.findUnique({ where: { id: 'jiangjin-srdi-2026-2028' } })).toBeNull();

    const good = await workbookOf({
      计划: [planHeader, planRow],
      目标: [targetHeader, ['innovative_sme', '创新型中小企业', 1500, '2028-12-31']],
      措施: [measureHeader, ['重点任务', '1', '一', '梯度培育', null, '建立梯度培育库', '区科技局、区经济信息委'], ['保障机制', '1', null, null, '联席会议', '定期召开联席会议', '区经济信息委']],
    });
    const job = await finished((await upload('plan', good)).body.id);
    expect(job).toMatchObject({ state: 'succeeded', total: 4, done: 4, summary: { planCreated: 1, targets: 1, measures: 2 } });
    const measures = await database.db.measure.findMany({ where: { planId: 'jiangjin-srdi-2026-2028' }, orderBy: { id: 'asc' } });
    expect(measures.map((m) => [m.id, m.unitIds])).toEqual([
      ['jiangjin-srdi-2026-2028/measure/1', ['kjj', 'jxw']],
      ['jiangjin-srdi-2026-2028/mechanism/1', ['jxw']],
    ]);
    expect(await database.db.planTarget.findMany({ where: { planId: 'jiangjin-srdi-2026-2028' } })).toEqual([expect.objectContaining({ key: 'innovative_sme', target: 1500 })]);
    const audited = await database.db.auditEvent.findMany({ where: { action: { startsWith: 'import.row.' }, detail: { path: ['importJob'], equals: job.id } }, orderBy: { seq: 'asc' } });
    expect(audited.map((event) => [event.subject, (event.detail as { changes: Record<string, unknown> }).changes.text ?? (event.detail as { changes: Record<string, unknown> }).changes.target])).toEqual([
      ['plan:jiangjin-srdi-2026-2028', undefined],
      ['plan:jiangjin-srdi-2026-2028/target:innovative_sme', { before: null, after: 1500 }],
      ['measure:jiangjin-srdi-2026-2028/measure/1', { before: null, after: '建立梯度培育库' }],
      ['measure:jiangjin-srdi-2026-2028/mechanism/1', { before: null, after: '定期召开联席会议' }],
    ]);
  });
});
