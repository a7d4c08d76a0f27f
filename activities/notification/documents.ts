import { isLocalDate, type LocalDate } from '../../domain/calendar/local-date';

// 催办通知 (urging notice): the formal document the commission sends to a unit whose item is
// overdue. Rendered as one standalone HTML file (inline CSS, no external resources) so it can
// be stored with the notification, mailed as is and printed on A4.

export interface UrgingNoticeInput {
  /** 文号 prefix, e.g. 江津经信督 → 江津经信督〔2026〕12号. */
  numberPrefix?: string;
  /** The notice's sequence number within the issuing year. */
  sequence: number;
  /** 主送单位 */
  toUnitName: string;
  itemTitle: string;
  /** 交办日期 */
  assignedOn: LocalDate;
  /** 办理期限 */
  dueOn: LocalDate;
  workingDaysOverdue: number;
  /** 请于此日前反馈 */
  reportBy: LocalDate;
  /** 抄送, e.g. the unit's 分管领导 */
  copyTo?: string[];
  /** 落款单位; the commission unless stated. */
  issuer?: string;
  issuedOn: LocalDate;
}

export const defaultNumberPrefix = '江津经信督';
export const defaultIssuer = '区经济信息委';

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/** 2026-03-05 → 2026年3月5日 */
export function chineseDate(date: LocalDate): string {
  if (!isLocalDate(date)) throw new RangeError(`not a local date: ${JSON.stringify(date)}`);
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** 江津经信督〔2026〕12号 */
export function documentNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`document sequence must be a positive integer, got ${sequence}`);
  return `${prefix}〔${year}〕${sequence}号`;
}

export function urgingNoticeTitle(input: Pick<UrgingNoticeInput, 'itemTitle'>): string {
  return `关于“${input.itemTitle}”的催办通知`;
}

export function renderUrgingNotice(input: UrgingNoticeInput): string {
  if (!Number.isInteger(input.workingDaysOverdue) || input.workingDaysOverdue < 0) {
    throw new RangeError(`workingDaysOverdue must be a non-negative integer, got ${input.workingDaysOverdue}`);
  }
  const e = escapeHtml;
  const issuer = input.issuer ?? defaultIssuer;
  const number = documentNumber(input.numberPrefix ?? defaultNumberPrefix, Number(input.issuedOn.slice(0, 4)), input.sequence);
  const title = urgingNoticeTitle(input);
  const copyTo = input.copyTo?.length ? `<p class="copy-to">抄送：${input.copyTo.map(e).join('，')}。</p>` : '';

  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<style>
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  body { font-family: "FangSong", "仿宋", "STFangsong", serif; font-size: 16pt; line-height: 28pt; color: #000; max-width: 156mm; margin: 2em auto; }
  h1 { font-family: "SimHei", "黑体", "STHeiti", sans-serif; font-size: 22pt; font-weight: normal; text-align: center; margin: 0 0 1em; line-height: 1.5; }
  .doc-number { text-align: center; margin: 0 0 1.5em; }
  .to-unit { margin: 0; }
  .paragraph { text-indent: 2em; margin: 0; }
  .signature { text-align: right; margin-top: 3em; }
  .signature p { margin: 0; }
  .copy-to { margin-top: 3em; border-top: 1px solid #000; border-bottom: 1px solid #000; padding: 0.2em 0; font-size: 14pt; }
  @media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>催办通知</h1>
<p class="doc-number">${e(number)}</p>
<p class="to-unit">${e(input.toUnitName)}：</p>
<p class="paragraph">${e(chineseDate(input.assignedOn))}交办你单位的“${e(input.itemTitle)}”，办理期限为${e(chineseDate(input.dueOn))}，截至目前已超期${input.workingDaysOverdue}个工作日，尚未办结反馈。现予催办。</p>
<p class="paragraph">请你单位高度重视，抓紧办理，并于${e(chineseDate(input.reportBy))}前将办理结果（未能办结的，说明进展情况、未按期办结的原因及预计办结时间）书面反馈${e(issuer)}。逾期仍未办结的，将按规定升级督办。</p>
<p class="paragraph">特此通知。</p>
<div class="signature">
<p>${e(issuer)}</p>
<p>${e(chineseDate(input.issuedOn))}</p>
</div>
${copyTo}
</body>
</html>
`;
}
