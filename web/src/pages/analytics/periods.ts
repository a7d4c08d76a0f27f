import { todayInShanghai } from '../../dates';

/** As web/src/i18n.tsx names them (not imported: this file is also unit-tested outside the web build). */
type Locale = 'zh' | 'en';

// 统计期 keys as the API takes them: a month (2026-11) or a quarter (2026-Q4).

export const periodKeyPattern = /^(\d{4})-(0[1-9]|1[0-2]|Q[1-4])$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function currentMonthKey(today = todayInShanghai()): string {
  return today.slice(0, 7);
}

/** The last twelve months and the last four quarters, newest first. */
export function recentPeriodKeys(today = todayInShanghai()): { months: string[]; quarters: string[] } {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months = Array.from({ length: 12 }, (_, back) => {
    const index = year * 12 + (month - 1) - back;
    return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
  });
  const quarter = Math.floor((month - 1) / 3);
  const quarters = Array.from({ length: 4 }, (_, back) => {
    const index = year * 4 + quarter - back;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  });
  return { months, quarters };
}

export function periodLabel(key: string, locale: Locale): string {
  const match = periodKeyPattern.exec(key);
  if (!match) return key;
  const [, year, part] = match;
  if (part!.startsWith('Q')) return locale === 'en' ? `${year} Q${part!.slice(1)}` : `${year}年第${part!.slice(1)}季度`;
  return locale === 'en' ? `${year}-${part}` : `${year}年${Number(part)}月`;
}
