// 数据导入的规则: the columns of each import workbook and the checks every row must pass. Pure:
// the activity reads the workbook into plain cell values and hands them here with the units it
// knows; what comes back is either rows ready to write or every problem found, in Chinese.

export const importKinds = ['enterprises', 'plan'] as const;
export type ImportKind = (typeof importKinds)[number];

export interface RowError {
  sheet: string;
  /** The worksheet's own row number (the header is row 1). */
  row: number;
  column?: string;
  message: string;
}

export type CellValue = string | number | boolean | Date | null;

export interface SheetColumn {
  key: string;
  header: string;
  required: boolean;
  /** A hint printed under the header in the template. */
  hint: string;
  width: number;
}

export interface SheetSpec {
  name: string;
  columns: readonly SheetColumn[];
}

const column = (key: string, header: string, required: boolean, hint: string, width = 18): SheetColumn => ({ key, header, required, hint, width });

export const enterpriseSheet: SheetSpec = {
  name: '企业名录',
  columns: [
    column('name', '企业名称', true, '全称', 36),
    column('creditCode', '统一社会信用代码', true, '18 位', 24),
    column('place', '所在镇街/园区', false, '须与系统中的单位名称一致'),
    column('industry', '所属行业', false, ''),
    column('contactName', '联系人', false, ''),
    column('contactPhone', '联系电话', false, ''),
  ],
};

export const planSheets: readonly SheetSpec[] = [
  {
    name: '计划',
    columns: [
      column('id', '计划编号', true, '字母、数字和 -，如 jiangjin-srdi-2026-2028', 30),
      column('title', '计划名称', true, '', 40),
      column('issuer', '印发单位', true, ''),
      column('issuedOn', '印发日期', true, 'YYYY-MM-DD'),
      column('periodFrom', '起始日期', true, 'YYYY-MM-DD'),
      column('periodTo', '截止日期', true, 'YYYY-MM-DD'),
    ],
  },
  {
    name: '目标',
    columns: [
      column('key', '目标代码', true, '字母、数字和 _'),
      column('name', '目标名称', true, '', 36),
      column('target', '目标值', true, '正整数'),
      column('due', '完成期限', true, 'YYYY-MM-DD'),
    ],
  },
  {
    name: '措施',
    columns: [
      column('kind', '类别', true, '重点任务 或 保障机制'),
      column('no', '编号', true, '同一类别内唯一'),
      column('categoryNo', '分类编号', false, ''),
      column('categoryTitle', '分类名称', false, '', 24),
      column('title', '标题', false, '', 24),
      column('text', '内容', true, '', 60),
      column('units', '责任单位', true, '多个单位以顿号分隔，牵头单位在前', 36),
    ],
  },
];

export const sheetsOf = (kind: ImportKind): readonly SheetSpec[] => (kind === 'enterprises' ? [enterpriseSheet] : planSheets);

/** A sheet as read: its name and each data row with the worksheet's row number. */
export interface SheetRows {
  name: string;
  rows: { row: number; cells: Record<string, CellValue> }[];
}

export interface KnownUnit {
  id: string;
  name: string;
  kind: string;
}

export interface EnterpriseRow {
  row: number;
  name: string;
  creditCode: string;
  townUnitId: string | null;
  industry: string | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface PlanImport {
  plan: { row: number; id: string; title: string; issuer: string; issuedOn: string; periodFrom: string; periodTo: string };
  targets: { row: number; key: string; name: string; target: number; due: string }[];
  measures: { row: number; kind: 'measure' | 'mechanism'; no: string; categoryNo: string | null; categoryTitle: string | null; title: string | null; text: string; unitIds: string[] }[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: RowError[] };

/** Text of a cell, trimmed; dates as YYYY-MM-DD; empty as null. */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return text === '' ? null : text;
}

const creditCodePattern = /^[0-9A-Z]{18}$/;
const phonePattern = /^[0-9+\-() ]{5,20}$/;

/** YYYY-MM-DD or YYYY/M/D (as typed in Excel), as an ISO date; null when it is not a real date. */
export function parseDate(text: string): string | null {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

class Problems {
  readonly list: RowError[] = [];
  constructor(private readonly sheet: string) {}
  add(row: number, column: string | undefined, message: string) {
    this.list.push({ sheet: this.sheet, row, column, message });
  }
  /** A required text no longer than `max`; null (and a problem) otherwise. */
  text(row: number, cells: Record<string, CellValue>, spec: SheetColumn, max: number): string | null {
    const value = cellText(cells[spec.key]);
    if (value === null) {
      if (spec.required) this.add(row, spec.header, `「${spec.header}」不能为空`);
      return null;
    }
    if (value.length > max) {
      this.add(row, spec.header, `「${spec.header}」不能超过 ${max} 个字`);
      return null;
    }
    return value;
  }
}

const columnOf = (spec: SheetSpec, key: string) => spec.columns.find((c) => c.key === key)!;

/** 企业名录: every row checked; a credit code twice in the file is an error on its second row. */
export function checkEnterpriseRows(sheet: SheetRows, units: readonly KnownUnit[]): Checked<EnterpriseRow[]> {
  const problems = new Problems(sheet.name);
  const col = (key: string) => columnOf(enterpriseSheet, key);
  const places = new Map(units.filter((unit) => unit.kind === 'town' || unit.kind === 'park').map((unit) => [unit.name, unit.id]));
  const seen = new Map<string, number>();
  const rows: EnterpriseRow[] = [];
  if (sheet.rows.length === 0) problems.add(1, undefined, '工作表中没有数据行');
  for (const { row, cells } of sheet.rows) {
    const before = problems.list.length;
    const name = problems.text(row, cells, col('name'), 100);
    // A number cell has already lost leading zeros, and beyond 15 digits its last digits (Excel
    // and JavaScript keep about 15): the text looks valid but is another code or number.
    const numeric = (key: 'creditCode' | 'contactPhone') => typeof cells[key] === 'number';
    let creditCode = numeric('creditCode') ? null : problems.text(row, cells, col('creditCode'), 18 + 10);
    if (numeric('creditCode')) problems.add(row, '统一社会信用代码', '统一社会信用代码须为文本格式（请将该列设为文本后重新填写）');
    if (creditCode !== null) {
      creditCode = creditCode.toUpperCase();
      if (!creditCodePattern.test(creditCode)) problems.add(row, '统一社会信用代码', '「统一社会信用代码」应为 18 位数字或大写字母');
      else if (seen.has(creditCode)) problems.add(row, '统一社会信用代码', `统一社会信用代码与第 ${seen.get(creditCode)} 行重复`);
      else seen.set(creditCode, row);
    }
    const place = problems.text(row, cells, col('place'), 60);
    const townUnitId = place === null ? null : (places.get(place) ?? null);
    if (place !== null && townUnitId === null) problems.add(row, '所在镇街/园区', `未找到镇街或园区“${place}”`);
    const industry = problems.text(row, cells, col('industry'), 50);
    const contactName = problems.text(row, cells, col('contactName'), 30);
    const contactPhone = numeric('contactPhone') ? null : problems.text(row, cells, col('contactPhone'), 20);
    if (numeric('contactPhone')) problems.add(row, '联系电话', '联系电话须为文本格式（请将该列设为文本后重新填写）');
    if (contactPhone !== null && !phonePattern.test(contactPhone)) problems.add(row, '联系电话', '「联系电话」格式不正确');
    if (problems.list.length === before) rows.push({ row, name: name!, creditCode: creditCode!, townUnitId, industry, contactName, contactPhone });
  }
  return problems.list.length > 0 ? { ok: false, errors: problems.list } : { ok: true, value: rows };
}

const measureKinds: Record<string, 'measure' | 'mechanism'> = { 重点任务: 'measure', 措施: 'measure', 保障机制: 'mechanism', 机制: 'mechanism' };

/** 计划、目标、措施: one plan per workbook; measures name their units by name, lead first. */
export function checkPlanSheets(sheets: readonly SheetRows[], units: readonly KnownUnit[]): Checked<PlanImport> {
  const [planSpec, targetSpec, measureSpec] = planSheets as [SheetSpec, SheetSpec, SheetSpec];
  const errors: RowError[] = [];
  const sheetNamed = (spec: SheetSpec) => {
    const found = sheets.find((sheet) => sheet.name === spec.name);
    if (!found) errors.push({ sheet: spec.name, row: 1, message: `缺少工作表「${spec.name}」` });
    return found ?? { name: spec.name, rows: [] };
  };

  const planProblems = new Problems(planSpec.name);
  const planRows = sheetNamed(planSpec).rows;
  let plan: PlanImport['plan'] | undefined;
  if (planRows.length !== 1 && sheets.some((sheet) => sheet.name === planSpec.name)) planProblems.add(1, undefined, '「计划」工作表应恰好有一行计划');
  const first = planRows[0];
  if (first) {
    const { row, cells } = first;
    const id = planProblems.text(row, cells, columnOf(planSpec, 'id'), 64);
    if (id !== null && !/^[A-Za-z0-9-]{3,64}$/.test(id)) planProblems.add(row, '计划编号', '「计划编号」只能包含字母、数字和 -，至少 3 位');
    const title = planProblems.text(row, cells, columnOf(planSpec, 'title'), 200);
    const issuer = planProblems.text(row, cells, columnOf(planSpec, 'issuer'), 100);
    const dates = (['issuedOn', 'periodFrom', 'periodTo'] as const).map((key) => {
      const spec = columnOf(planSpec, key);
      const text = planProblems.text(row, cells, spec, 20);
      const date = text === null ? null : parseDate(text);
      if (text !== null && date === null) planProblems.add(row, spec.header, `「${spec.header}」不是有效日期（YYYY-MM-DD）`);
      return date;
    });
    if (dates[1] && dates[2] && dates[2] < dates[1]) planProblems.add(row, '截止日期', '截止日期早于起始日期');
    if (planProblems.list.length === 0) plan = { row, id: id!, title: title!, issuer: issuer!, issuedOn: dates[0]!, periodFrom: dates[1]!, periodTo: dates[2]! };
  }
  errors.push(...planProblems.list);

  const targetProblems = new Problems(targetSpec.name);
  const targets: PlanImport['targets'] = [];
  const keys = new Map<string, number>();
  for (const { row, cells } of sheetNamed(targetSpec).rows) {
    const before = targetProblems.list.length;
    const key = targetProblems.text(row, cells, columnOf(targetSpec, 'key'), 40);
    if (key !== null && !/^[A-Za-z0-9_]+$/.test(key)) targetProblems.add(row, '目标代码', '「目标代码」只能包含字母、数字和 _');
    else if (key !== null && keys.has(key)) targetProblems.add(row, '目标代码', `目标代码与第 ${keys.get(key)} 行重复`);
    else if (key !== null) keys.set(key, row);
    const name = targetProblems.text(row, cells, columnOf(targetSpec, 'name'), 200);
    const targetText = targetProblems.text(row, cells, columnOf(targetSpec, 'target'), 12);
    const target = targetText === null ? NaN : Number(targetText);
    if (targetText !== null && !(Number.isInteger(target) && target > 0)) targetProblems.add(row, '目标值', '「目标值」应为正整数');
    const dueText = targetProblems.text(row, cells, columnOf(targetSpec, 'due'), 20);
    const due = dueText === null ? null : parseDate(dueText);
    if (dueText !== null && due === null) targetProblems.add(row, '完成期限', '「完成期限」不是有效日期（YYYY-MM-DD）');
    if (targetProblems.list.length === before) targets.push({ row, key: key!, name: name!, target, due: due! });
  }
  errors.push(...targetProblems.list);

  const measureProblems = new Problems(measureSpec.name);
  const measures: PlanImport['measures'] = [];
  const unitIdByName = new Map(units.map((unit) => [unit.name, unit.id]));
  const numbers = new Map<string, number>();
  const measureRows = sheetNamed(measureSpec).rows;
  if (measureRows.length === 0 && sheets.some((sheet) => sheet.name === measureSpec.name)) measureProblems.add(1, undefined, '「措施」工作表中没有数据行');
  for (const { row, cells } of measureRows) {
    const before = measureProblems.list.length;
    const kindText = measureProblems.text(row, cells, columnOf(measureSpec, 'kind'), 10);
    const kind = kindText === null ? undefined : measureKinds[kindText];
    if (kindText !== null && !kind) measureProblems.add(row, '类别', '「类别」应为“重点任务”或“保障机制”');
    const no = measureProblems.text(row, cells, columnOf(measureSpec, 'no'), 20);
    if (kind && no !== null) {
      const key = `${kind}/${no}`;
      if (numbers.has(key)) measureProblems.add(row, '编号', `编号与第 ${numbers.get(key)} 行重复`);
      else numbers.set(key, row);
    }
    const categoryNo = measureProblems.text(row, cells, columnOf(measureSpec, 'categoryNo'), 20);
    const categoryTitle = measureProblems.text(row, cells, columnOf(measureSpec, 'categoryTitle'), 100);
    const title = measureProblems.text(row, cells, columnOf(measureSpec, 'title'), 100);
    const text = measureProblems.text(row, cells, columnOf(measureSpec, 'text'), 2000);
    const unitText = measureProblems.text(row, cells, columnOf(measureSpec, 'units'), 500);
    const unitIds: string[] = [];
    for (const name of (unitText ?? '').split(/[、,，;；\n]/).map((part) => part.trim()).filter(Boolean)) {
      const id = unitIdByName.get(name);
      if (!id) measureProblems.add(row, '责任单位', `未找到责任单位“${name}”`);
      else if (!unitIds.includes(id)) unitIds.push(id);
    }
    if (measureProblems.list.length === before) measures.push({ row, kind: kind!, no: no!, categoryNo, categoryTitle, title, text: text!, unitIds });
  }
  errors.push(...measureProblems.list);

  return errors.length > 0 || !plan ? { ok: false, errors } : { ok: true, value: { plan, targets, measures } };
}
