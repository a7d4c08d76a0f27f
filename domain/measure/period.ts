import { type LocalDate, addCalendarDays, compareLocalDate } from '../calendar';

// Reporting periods (报送周期) and bulletin periods (通报期): a calendar month (2026-11) or a
// quarter (2026-Q4). Pure: the measure task workflow and the bulletin figures share them.

export type PeriodKind = 'month' | 'quarter';

/** A period key: YYYY-MM for a month, YYYY-Qn for a quarter. */
export type PeriodKey = string;

export const periodKeyPattern = /^(\d{4})-(0[1-9]|1[0-2]|Q[1-4])$/;

export interface Period {
  key: PeriodKey;
  kind: PeriodKind;
  /** First and last calendar day, both inclusive. */
  from: LocalDate;
  to: LocalDate;
  /** Chinese label: 2026年11月, 2026年第4季度. */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): LocalDate => addCalendarDays(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`, -1);

export function parsePeriod(key: PeriodKey): Period {
  const match = periodKeyPattern.exec(key);
  if (!match) throw new RangeError(`not a period key: ${key}`);
  const year = Number(match[1]);
  const part = match[2]!;
  if (part.startsWith('Q')) {
    const quarter = Number(part.slice(1));
    const firstMonth = (quarter - 1) * 3 + 1;
    return { key, kind: 'quarter', from: `${year}-${pad(firstMonth)}-01`, to: lastDayOfMonth(year, firstMonth + 2), label: `${year}年第${quarter}季度` };
  }
  const month = Number(part);
  return { key, kind: 'month', from: `${year}-${pad(month)}-01`, to: lastDayOfMonth(year, month), label: `${year}年${month}月` };
}

/** The period of this kind that contains the day. */
export function periodContaining(date: LocalDate, kind: PeriodKind): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return parsePeriod(kind === 'month' ? `${year}-${pad(month)}` : `${year}-Q${Math.floor((month - 1) / 3) + 1}`);
}

export function nextPeriod(period: Period): Period {
  return periodContaining(addCalendarDays(period.to, 1), period.kind);
}

/** The period that ended last before the day (the one a bulletin issued on that day covers). */
export function previousPeriod(period: Period): Period {
  return periodContaining(addCalendarDays(period.from, -1), period.kind);
}

export const periodEndsAfter = (period: Period, date: LocalDate) => compareLocalDate(period.to, date) > 0;
