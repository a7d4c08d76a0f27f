import ExcelJS from 'exceljs';
import type { Db } from '../../runtime/db';
import type { LocalDate } from '../../domain/calendar';
import type { Ratio, UnitFigures } from '../../domain/bulletin/figures';
import type { SubTargetProgress } from '../../domain/measure/measure-task';
import type { Period } from '../../domain/measure/period';
import { subTargetProgressOf, unitFiguresFor, type UnitFiguresReport } from './figures';

// 通报: one document per period (month or quarter), built from the same figures as the API's
// per-unit table, as JSON for the UI and as an XLSX workbook.

export const rateDefinitions = {
  signOnTime: '签收及时率 = 在签收期限内签收的牵头事项数 ÷（截至统计日已签收或签收期限已过的牵头事项数）',
  onTime: '按时办结率 = 在办理期限内办结的事项数 ÷（截至统计日已办结或办理期限已过的事项数）；期限按工作日计算，依法中止计时的天数与批准的延期不计入',
  overdue: '超期率 = 超过办理期限办结或仍未办结的事项数 ÷（截至统计日已办结或办理期限已过的事项数）',
  completion: '办结率 = 截至统计日已办结的事项数 ÷ 统计期内交办的全部事项数（不含已中止事项）',
  satisfaction: '满意率 = 企业回访评价为满意（4–5 分）的次数 ÷ 已评价次数（统计期内交办的诉求事项，牵头与配合单位各自计算，未评价不计）',
  extensions: '延期次数 = 统计期内交办的牵头事项截至统计日获批准的延期次数',
  carriedOverdue: '往期超期未办结 = 统计期以前交办、截至统计日仍未办结且已超过办理期限的事项数；有此类事项的单位不列入红榜，并列入黑榜',
  scope: '统计范围：统计期内交办（开始计时）给各区级部门、工业园发展中心、镇街的督办事项（牵头与配合分别计算，配合单位以其配合反馈为办结），已中止事项不计',
} as const;

export interface Bulletin extends UnitFiguresReport {
  title: string;
  definitions: typeof rateDefinitions;
  subTargets: SubTargetProgress[];
}

export async function bulletinFor(db: Db, period: Period, asOf: LocalDate): Promise<Bulletin> {
  const [figures, subTargets] = await Promise.all([unitFiguresFor(db, period, asOf), subTargetProgressOf(db)]);
  return { title: `江津区“专精特新”督办工作通报（${period.label}）`, definitions: rateDefinitions, ...figures, subTargets };
}

const percent = (ratio: Ratio | null) => (ratio === null || ratio.rate === null ? '—' : `${(ratio.rate * 100).toFixed(1)}%`);
const kindLabels: Record<string, string> = { department: '区级部门', park: '工业园', town: '镇街' };

function unitRow(figures: UnitFigures) {
  return [
    figures.rank ?? '—',
    figures.unitName,
    kindLabels[figures.unitKind] ?? figures.unitKind,
    figures.assigned,
    percent(figures.signOnTime),
    percent(figures.onTime),
    percent(figures.overdue),
    percent(figures.completion),
    percent(figures.satisfaction),
    figures.extensions,
    figures.carriedOverdue,
  ];
}

/** The bulletin as an XLSX workbook: the ranking table, the red and black lists, the sub-targets. */
export async function bulletinWorkbook(bulletin: Bulletin): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SRDI Flow';
  const sheet = workbook.addWorksheet('通报');
  const header = ['排名', '单位', '类别', '事项数', '签收及时率', '按时办结率', '超期率', '办结率', '满意率', '延期次数', '往期超期未办结'];
  sheet.columns = header.map((_, index) => ({ width: index === 1 ? 24 : 12 }));
  sheet.addRow([bulletin.title]).font = { bold: true, size: 16 };
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.addRow([`统计期：${bulletin.period.label}（${bulletin.period.from} 至 ${bulletin.period.to}），统计日：${bulletin.asOf}`]);
  sheet.mergeCells(2, 1, 2, header.length);
  sheet.addRow([]);
  sheet.addRow(header).font = { bold: true };
  for (const figures of bulletin.units) sheet.addRow(unitRow(figures));
  sheet.addRow([]);
  sheet.addRow(['红榜']).font = { bold: true };
  for (const figures of bulletin.redList) sheet.addRow(unitRow(figures));
  if (bulletin.redList.length === 0) sheet.addRow(['（无）']);
  sheet.addRow(['黑榜']).font = { bold: true };
  for (const figures of bulletin.blackList) sheet.addRow(unitRow(figures));
  if (bulletin.blackList.length === 0) sheet.addRow(['（无）']);
  sheet.addRow([]);
  sheet.addRow(['说明']).font = { bold: true };
  for (const text of [...Object.values(bulletin.definitions), ...bulletin.notes]) sheet.addRow([text]);

  const targets = workbook.addWorksheet('分项目标');
  targets.columns = [{ width: 10 }, { width: 36 }, { width: 10 }, { width: 10 }, { width: 12 }, { width: 40 }];
  targets.addRow(['重点任务', '分项目标', '目标', '完成', '完成比例', '分年度完成']).font = { bold: true };
  for (const progress of bulletin.subTargets) {
    targets.addRow([
      `第${progress.measureNo}项`,
      progress.name,
      progress.per === 'year' ? `${progress.target}/年` : progress.target,
      progress.actual,
      progress.share === null ? '—' : `${(progress.share * 100).toFixed(1)}%`,
      progress.byYear.filter((year) => year.actual > 0).map((year) => `${year.year}年 ${year.actual}`).join('；') || '—',
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
