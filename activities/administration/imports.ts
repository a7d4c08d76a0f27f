import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import {
  cellText,
  checkEnterpriseRows,
  checkPlanSheets,
  sheetsOf,
  type CellValue,
  type EnterpriseRow,
  type ImportKind,
  type KnownUnit,
  type PlanImport,
  type RowError,
  type SheetRows,
  type SheetSpec,
} from '../../domain/administration/imports';
import { toDateColumn } from '../../prisma/date-column';
import { appendAudit, appendAuditBatch, type AuditEntry } from '../audit/audit-log';

// 数据导入: the administrator uploads a workbook; a job row is created at once and the work runs
// in this (API) process, off the request: the bytes are already here, a workbook of a few
// thousand rows takes seconds, and a Temporal activity would need the file stored somewhere
// first. Every row is checked before anything is written, and the rows are written in one
// transaction, so a file either lands whole or not at all (nothing half-written, even if the
// process dies midway). Re-importing is safe: enterprises are matched by credit code, a plan
// by its number, targets by code and measures by (kind, number).

export const maxImportRows = 20_000;
/** Row errors kept on the job: enough to fix a file, bounded when a whole file is wrong. */
const maxStoredErrors = 1_000;
/** A job that has not moved for this long was cut off (the process restarted). */
const staleAfterMs = 10 * 60_000;
/** A text longer than this is cut in a row's audit entry (a measure's text can run to pages). */
const maxAuditText = 200;
const zipSignature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const notWorkbook = '文件不是有效的 Excel 工作簿（.xlsx），请使用下载的模板';
const interruptedFailure = '导入中断（服务重启），未写入任何数据，请重新上传';

type Tx = Prisma.TransactionClient;

export interface ImportJobView {
  id: string;
  kind: ImportKind;
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  fileName: string;
  fileSha256: string;
  total: number;
  done: number;
  errors: RowError[];
  /** All problems found, also those beyond the stored first 1,000. */
  errorCount: number;
  summary: Record<string, number> | null;
  failure: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** An earlier job that succeeded with exactly this file, if any. */
  sameFileAs: string | null;
}

type JobRow = Prisma.ImportJobGetPayload<object>;

const viewOf = (row: JobRow, sameFileAs: string | null = null): ImportJobView => ({
  id: row.id,
  kind: row.kind,
  state: row.state,
  fileName: row.fileName,
  fileSha256: row.fileSha256,
  total: row.total,
  done: row.done,
  errors: row.errors as unknown as RowError[],
  errorCount: (row.summary as { errorCount?: number } | null)?.errorCount ?? (row.errors as unknown as RowError[]).length,
  summary: (row.summary as Record<string, number> | null) ?? null,
  failure: row.failure,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
  sameFileAs,
});

const auditEntry = (actorId: string, action: string, jobId: string, detail: Record<string, unknown>, at = new Date()) => ({
  actorId,
  action: `import.${action}`,
  subject: `import:${jobId}`,
  detail,
  dedupKey: `import:${jobId}:${action}`,
  at,
});

/** Creates the job (audited) and starts it; the caller answers at once and the page polls. */
export async function startImport(db: Db, input: { kind: ImportKind; fileName: string; bytes: Buffer; actorId: string }, logError: (error: unknown, jobId: string) => void = () => undefined): Promise<ImportJobView> {
  if (input.bytes.length === 0) throw new AppError('VALIDATION_FAILED', { userMessage: '上传的文件为空' });
  // An .xlsx file is a ZIP archive; anything else is refused before a job exists or a parser sees it.
  if (!input.bytes.subarray(0, 4).equals(zipSignature)) throw new AppError('VALIDATION_FAILED', { userMessage: notWorkbook });
  const id = randomUUID();
  const fileSha256 = createHash('sha256').update(input.bytes).digest('hex');
  const earlier = await db.importJob.findFirst({ where: { fileSha256, kind: input.kind, state: 'succeeded' }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  const job = await db.$transaction(async (tx) => {
    const created = await tx.importJob.create({ data: { id, kind: input.kind, fileName: input.fileName, fileSha256, createdBy: input.actorId } });
    await appendAudit(tx, auditEntry(input.actorId, 'started', id, { kind: input.kind, fileName: input.fileName, fileSha256, bytes: input.bytes.length }));
    return created;
  });
  void runImport(db, job.id, input.kind, input.bytes, input.actorId, logError);
  return viewOf(job, earlier?.id ?? null);
}

/** A queued or running job that has not moved for ten minutes is marked failed; the row as it now is. */
async function expireIfStale(db: Db, row: JobRow): Promise<JobRow> {
  if ((row.state !== 'queued' && row.state !== 'running') || Date.now() - row.updatedAt.getTime() <= staleAfterMs) return row;
  // Its transaction never committed, so nothing of it was written; should it still be running,
  // its final write requires the state 'running' and rolls back (see writeAll).
  await db.importJob.updateMany({ where: { id: row.id, state: row.state, updatedAt: row.updatedAt }, data: { state: 'failed', failure: interruptedFailure, finishedAt: new Date(), updatedAt: new Date() } });
  return db.importJob.findUniqueOrThrow({ where: { id: row.id } });
}

export async function findImport(db: Db, id: string): Promise<ImportJobView> {
  const found = await db.importJob.findUnique({ where: { id } });
  if (!found) throw new AppError('NOT_FOUND', { userMessage: '导入任务不存在' });
  const row = await expireIfStale(db, found);
  const earlier = await db.importJob.findFirst({ where: { fileSha256: row.fileSha256, kind: row.kind, state: 'succeeded', createdAt: { lt: row.createdAt } }, orderBy: { createdAt: 'desc' }, select: { id: true } });
  return viewOf(row, earlier?.id ?? null);
}

/** The latest jobs, without their row errors (GET /imports/:id has them). */
export async function listImports(db: Db, limit: number): Promise<ImportJobView[]> {
  const rows = await Promise.all((await db.importJob.findMany({ orderBy: { createdAt: 'desc' }, take: limit })).map((row) => expireIfStale(db, row)));
  return rows.map((row) => ({ ...viewOf(row), errors: [] }));
}

/** The plain value of an exceljs cell: rich text, formulas and links as their text or result. */
function plainValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return plainValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value as unknown);
}

const headerKey = (spec: SheetSpec, text: string | null) => spec.columns.find((column) => column.header === (text ?? '').replace(/[*＊\s]/g, ''))?.key;

/** A worksheet's data rows keyed by the template's columns (found by header, in any order). */
function readSheet(worksheet: ExcelJS.Worksheet, spec: SheetSpec, errors: RowError[]): SheetRows {
  const keys = new Map<number, string>();
  worksheet.getRow(1).eachCell((cell, columnNumber) => {
    const key = headerKey(spec, cellText(plainValue(cell.value)));
    if (key) keys.set(columnNumber, key);
  });
  const present = new Set(keys.values());
  for (const column of spec.columns) if (column.required && !present.has(column.key)) errors.push({ sheet: spec.name, row: 1, column: column.header, message: `缺少列「${column.header}」` });
  const rows: SheetRows['rows'] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, CellValue> = {};
    for (const [columnNumber, key] of keys) cells[key] = plainValue(row.getCell(columnNumber).value);
    if (Object.values(cells).some((value) => cellText(value) !== null)) rows.push({ row: rowNumber, cells });
  });
  return { name: spec.name, rows };
}

async function readWorkbook(kind: ImportKind, bytes: Buffer): Promise<{ sheets: SheetRows[]; errors: RowError[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { sheets: [], errors: [{ sheet: '', row: 0, message: notWorkbook }] };
  }
  const errors: RowError[] = [];
  const sheets: SheetRows[] = [];
  const specs = sheetsOf(kind);
  for (const spec of specs) {
    // A one-sheet import takes the first sheet whatever its name; a plan needs its three sheets by name.
    const worksheet = workbook.getWorksheet(spec.name) ?? (specs.length === 1 ? workbook.worksheets[0] : undefined);
    if (worksheet) sheets.push(readSheet(worksheet, spec, errors));
  }
  return { sheets, errors };
}

/** A job already finished (a stale one marked failed) is never moved again. */
async function setJob(db: Db, id: string, data: Prisma.ImportJobUpdateManyMutationInput) {
  const { count } = await db.importJob.updateMany({ where: { id, state: { in: ['queued', 'running'] } }, data: { ...data, updatedAt: new Date() } });
  if (count === 0) throw new JobFinished();
}

/** The job was finished by someone else (marked failed as stale) while this run went on. */
class JobFinished extends Error {}

async function fail(db: Db, id: string, kind: ImportKind, actorId: string, errors: RowError[], failure: string | null) {
  const now = new Date();
  await db.$transaction(async (tx) => {
    const stored = errors.slice(0, maxStoredErrors);
    const { count } = await tx.importJob.updateMany({
      where: { id, state: { in: ['queued', 'running'] } },
      data: { state: 'failed', errors: stored as unknown as Prisma.InputJsonArray, summary: { errorCount: errors.length }, failure, finishedAt: now, updatedAt: now },
    });
    if (count === 0) return;
    await appendAudit(tx, auditEntry(actorId, 'failed', id, { kind, errorCount: errors.length, failure }, now));
  });
}

/**
 * Reports progress about fifty times over a job, from outside its transaction, without waiting:
 * the writer never stalls on it (with a pool of one connection it could not get one until the
 * transaction ends). One report at a time; a late one never moves a finished job back.
 */
function progressReporter(db: Db, id: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.floor(total / 50));
  let reporting = false;
  return (done) => {
    if (reporting || (done % step !== 0 && done !== total)) return;
    reporting = true;
    void db.importJob
      .updateMany({ where: { id, state: 'running', done: { lt: done } }, data: { done, updatedAt: new Date() } })
      .catch(() => undefined)
      .finally(() => {
        reporting = false;
      });
  };
}

export async function runImport(db: Db, id: string, kind: ImportKind, bytes: Buffer, actorId: string, logError: (error: unknown, jobId: string) => void = () => undefined): Promise<void> {
  try {
    await setJob(db, id, { state: 'running' });
    const { sheets, errors } = await readWorkbook(kind, bytes);
    const total = sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
    await setJob(db, id, { total });
    if (errors.length > 0) return await fail(db, id, kind, actorId, errors, null);
    if (total > maxImportRows) return await fail(db, id, kind, actorId, [{ sheet: '', row: 0, message: `一次最多导入 ${maxImportRows} 行，请拆分文件` }], null);
    const units: KnownUnit[] = await db.unit.findMany({ select: { id: true, name: true, kind: true } });
    const progress = progressReporter(db, id, total);
    if (kind === 'enterprises') {
      const checked = checkEnterpriseRows(sheets[0] ?? { name: '企业名录', rows: [] }, units);
      if (!checked.ok) return await fail(db, id, kind, actorId, checked.errors, null);
      await writeAll(db, id, kind, actorId, (tx) => writeEnterprises(tx, checked.value, progress));
    } else {
      const checked = checkPlanSheets(sheets, units);
      if (!checked.ok) return await fail(db, id, kind, actorId, checked.errors, null);
      await writeAll(db, id, kind, actorId, (tx) => writePlan(tx, checked.value, progress));
    }
  } catch (error) {
    if (error instanceof JobFinished) return;
    // The person sees that nothing was written; the log keeps the cause.
    logError(error, id);
    const message = error instanceof AppError ? error.userMessage : '导入失败，未写入任何数据，请稍后重试';
    await fail(db, id, kind, actorId, [], message).catch(() => undefined);
  }
}

/** One written row as audited: what it is and each field that changed, before → after. */
export interface RowChange {
  sheet: string;
  row: number;
  /** The audit subject, e.g. enterprise:<id> or plan:<id>. */
  subject: string;
  /** What a person recognises it by: the credit code, plan number, target code or measure number. */
  key: string;
  op: 'created' | 'updated';
  changes: Record<string, { before: unknown; after: unknown }>;
}

type Written = { summary: Record<string, number>; changes: RowChange[] };

const auditValue = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && value.length > maxAuditText) return `${value.slice(0, maxAuditText)}…`;
  return value ?? null;
};

/** The fields of `after` that differ from `before` (all of them for a new row), cut to a bounded size. */
function changesOf(before: Record<string, unknown> | null, after: Record<string, unknown>): RowChange['changes'] {
  const changes: RowChange['changes'] = {};
  for (const [field, value] of Object.entries(after)) {
    const old = before ? auditValue(before[field]) : null;
    const next = auditValue(value);
    if (JSON.stringify(old) !== JSON.stringify(next)) changes[field] = { before: old, after: next };
  }
  return changes;
}

/**
 * The rows, the job's success and its audit commit together, or none of them does. Each created
 * or changed row gets its own audit entry (subject the enterprise, plan, target or measure, so
 * its history shows the import), with only the fields that changed and texts cut to 200
 * characters; a row re-imported unchanged gets none. A job already marked failed (stale) is not
 * moved back: nothing is written.
 */
async function writeAll(db: Db, id: string, kind: ImportKind, actorId: string, write: (tx: Tx) => Promise<Written>) {
  await db.$transaction(
    async (tx) => {
      const { summary, changes } = await write(tx);
      const now = new Date();
      const { total } = await tx.importJob.findUniqueOrThrow({ where: { id }, select: { total: true } });
      const { count } = await tx.importJob.updateMany({ where: { id, state: 'running' }, data: { state: 'succeeded', done: total, summary, finishedAt: now, updatedAt: now } });
      if (count === 0) throw new JobFinished();
      const rows: AuditEntry[] = changes.map((change) => ({
        actorId,
        action: `import.row.${change.op}`,
        subject: change.subject,
        detail: { importJob: id, sheet: change.sheet, row: change.row, key: change.key, changes: change.changes },
        dedupKey: `import:${id}:row:${change.sheet}:${change.row}`,
        at: now,
      }));
      await appendAuditBatch(tx, [...rows, auditEntry(actorId, 'succeeded', id, { kind, ...summary, changedRows: changes.length }, now)]);
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}

async function writeEnterprises(tx: Tx, rows: EnterpriseRow[], progress: (done: number) => void) {
  const existing = new Map(
    (await tx.enterprise.findMany({ where: { creditCode: { in: rows.map((row) => row.creditCode) } }, select: { id: true, creditCode: true, name: true, townUnitId: true, industry: true, contactName: true, contactPhone: true } })).map((row) => [row.creditCode, row]),
  );
  const changes: RowChange[] = [];
  let created = 0;
  let updated = 0;
  let done = 0;
  for (const row of rows) {
    // An empty optional cell keeps what is on file: a short list does not wipe contacts.
    const optional = {
      ...(row.townUnitId !== null ? { townUnitId: row.townUnitId } : {}),
      ...(row.industry !== null ? { industry: row.industry } : {}),
      ...(row.contactName !== null ? { contactName: row.contactName } : {}),
      ...(row.contactPhone !== null ? { contactPhone: row.contactPhone } : {}),
    };
    const before = existing.get(row.creditCode);
    const change = (enterpriseId: string, op: RowChange['op'], fields: RowChange['changes']) => {
      if (Object.keys(fields).length > 0) changes.push({ sheet: '企业名录', row: row.row, subject: `enterprise:${enterpriseId}`, key: row.creditCode, op, changes: fields });
    };
    if (before) {
      await tx.enterprise.update({ where: { id: before.id }, data: { name: row.name, ...optional } });
      change(before.id, 'updated', changesOf(before, { name: row.name, ...optional }));
      updated += 1;
    } else {
      const enterpriseId = randomUUID();
      await tx.enterprise.create({ data: { id: enterpriseId, name: row.name, creditCode: row.creditCode, ...optional } });
      change(enterpriseId, 'created', changesOf(null, { name: row.name, creditCode: row.creditCode, ...optional }));
      created += 1;
    }
    done += 1;
    progress(done);
  }
  return { summary: { created, updated }, changes };
}

async function writePlan(tx: Tx, input: PlanImport, progress: (done: number) => void) {
  const { plan } = input;
  const planData = { title: plan.title, issuer: plan.issuer, issuedOn: toDateColumn(plan.issuedOn), periodFrom: toDateColumn(plan.periodFrom), periodTo: toDateColumn(plan.periodTo) };
  const planBefore = await tx.plan.findUnique({ where: { id: plan.id }, select: { title: true, issuer: true, issuedOn: true, periodFrom: true, periodTo: true } });
  const planExisted = planBefore !== null;
  await tx.plan.upsert({ where: { id: plan.id }, create: { id: plan.id, ...planData }, update: planData });
  const changes: RowChange[] = [];
  const change = (sheet: string, row: number, subject: string, key: string, before: Record<string, unknown> | null, after: Record<string, unknown>) => {
    const fields = changesOf(before, after);
    if (Object.keys(fields).length > 0) changes.push({ sheet, row, subject, key, op: before ? 'updated' : 'created', changes: fields });
  };
  change('计划', plan.row, `plan:${plan.id}`, plan.id, planBefore, planData);
  let done = 1;
  progress(done);
  let created = 0;
  let updated = 0;
  for (const target of input.targets) {
    const data = { name: target.name, target: target.target, due: toDateColumn(target.due) };
    const key = { planId_key: { planId: plan.id, key: target.key } };
    const found = await tx.planTarget.findUnique({ where: key, select: { name: true, target: true, due: true } });
    await tx.planTarget.upsert({ where: key, create: { planId: plan.id, key: target.key, ...data }, update: data });
    change('目标', target.row, `plan:${plan.id}/target:${target.key}`, target.key, found, data);
    if (found) updated += 1;
    else created += 1;
    progress((done += 1));
  }
  for (const measure of input.measures) {
    // Measures missing from the file are kept: they may already carry tasks and reports.
    const data = { categoryNo: measure.categoryNo, categoryTitle: measure.categoryTitle, title: measure.title, text: measure.text, unitIds: measure.unitIds };
    const key = { planId_kind_no: { planId: plan.id, kind: measure.kind, no: measure.no } };
    const found = await tx.measure.findUnique({ where: key, select: { id: true, categoryNo: true, categoryTitle: true, title: true, text: true, unitIds: true } });
    const sheetKey = `${measure.kind === 'measure' ? '重点任务' : '保障机制'} ${measure.no}`;
    if (found) {
      await tx.measure.update({ where: { id: found.id }, data });
      change('措施', measure.row, `measure:${found.id}`, sheetKey, found, data);
      updated += 1;
    } else {
      const measureId = `${plan.id}/${measure.kind}/${measure.no}`;
      await tx.measure.create({ data: { id: measureId, planId: plan.id, kind: measure.kind, no: measure.no, ...data } });
      change('措施', measure.row, `measure:${measureId}`, sheetKey, null, data);
      created += 1;
    }
    progress((done += 1));
  }
  return { summary: { planCreated: planExisted ? 0 : 1, targets: input.targets.length, measures: input.measures.length, created, updated }, changes };
}

/** The template of a kind: its sheets with their headers, a note on each header (no example rows: they would be imported). */
export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SRDI Flow';
  for (const spec of sheetsOf(kind)) {
    const sheet = workbook.addWorksheet(spec.name);
    sheet.columns = spec.columns.map((column) => ({ header: column.required ? `${column.header}*` : column.header, key: column.key, width: column.width }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    spec.columns.forEach((column, index) => {
      const hint = [column.required ? '必填' : '选填', column.hint].filter(Boolean).join('；');
      header.getCell(index + 1).note = hint;
      // Text cells: Excel would otherwise turn codes and dates into numbers.
      sheet.getColumn(index + 1).numFmt = '@';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
