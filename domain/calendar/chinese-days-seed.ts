// Builds CalendarData from the npm package chinese-days (official State Council arrangements).
//
// Used by seeding code only, never by workflows. It reads the package's published JSON file
// (dist/chinese-days.json, documented in its README) because the package's function API answers
// one date at a time and cannot tell which years its data covers.

import chineseDaysJson from 'chinese-days/dist/chinese-days.json';
import { type LocalDate, isLocalDate, weekdayOf, yearOf } from './local-date';
import type { CalendarData, CalendarDay } from './working-calendar';

/** Shape of dist/chinese-days.json: date → "English name,中文名,days in lieu". */
interface ChineseDaysSource {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function chineseNameOf(date: string, description: string): string {
  const parts = description.split(',');
  const chineseName = parts[1]?.trim();
  if (parts.length !== 3 || !chineseName) {
    throw new Error(`Unexpected chinese-days description for ${date}: ${JSON.stringify(description)}`);
  }
  return chineseName;
}

function requireLocalDate(date: string): LocalDate {
  if (!isLocalDate(date)) throw new Error(`Unexpected chinese-days date ${JSON.stringify(date)}`);
  return date;
}

/** What the seeded years rest on, as their source (the package version is pinned in package.json). */
export const chineseDaysSource = 'chinese-days 1.5.7（国务院办公厅节假日安排）';

export function chineseDaysCalendar(): CalendarData {
  const source: ChineseDaysSource = chineseDaysJson;
  const days: CalendarDay[] = [];
  const years = new Set<number>();

  for (const [date, description] of Object.entries(source.holidays)) {
    const localDate = requireLocalDate(date);
    years.add(yearOf(localDate));
    days.push({ date: localDate, kind: 'holiday', name: chineseNameOf(date, description) });
  }
  for (const [date, description] of Object.entries(source.workdays)) {
    const localDate = requireLocalDate(date);
    years.add(yearOf(localDate));
    const weekday = weekdayOf(localDate);
    // A make-up day only changes anything when it falls on a weekend.
    if (weekday === 0 || weekday === 6) {
      days.push({ date: localDate, kind: 'makeup_workday', name: chineseNameOf(date, description) });
    }
  }

  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { coveredYears: [...years].sort((a, b) => a - b), days };
}
