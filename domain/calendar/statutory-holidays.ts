// The statutory holidays of a year whose arrangement the State Council has not published yet.
//
// 《全国年节及纪念日放假办法》(as revised by State Council Decree No. 795, in force 2025-01-01),
// article 2, fixes the days every citizen has off: 元旦 1 day (1 January), 春节 4 days (农历除夕
// and 正月初一 to 初三), 清明节 1 day (the 清明 solar term), 劳动节 2 days (1–2 May), 端午节 1 day
// (五月初五), 中秋节 1 day (八月十五), 国庆节 3 days (1–3 October); article 6: such a day falling
// on a Saturday or Sunday is made up on a working day (补假). The yearly notice then moves days
// around (调休 Saturdays, bridged weeks): that part cannot be known in advance and is left out.
// A provisional deadline can therefore move either way when the notice is published: later where
// the notice bridges weekdays into a break, earlier where a 调休 Saturday becomes a working day.
// 补假 is placed on the first weekday after the holiday that is not itself a holiday, the usual practice.
//
// Seeding code only, like chinese-days-seed: it needs the package's lunar tables, which workflows
// never load; workflows receive the result as calendar data.

import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import { type LocalDate, addCalendarDays, weekdayOf } from './local-date';
import type { CalendarDay } from './working-calendar';

/** The law the provisional days rest on, as a calendar year's source. */
export const statutoryHolidaySource = '《全国年节及纪念日放假办法》法定节假日（国务院当年节假日安排尚未发布，暂定，未含调休）';

/** The first year the current law (four days of 春节, two of 劳动节) applies to. */
export const statutoryHolidayLawFirstYear = 2025;

function lunarToSolar(year: number, month: number, day: number): LocalDate {
  const lunar = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  // `date` is the ordinary month's day; a leap month of the same number comes after it.
  return getSolarDateFromLunar(lunar).date;
}

function isWeekend(date: LocalDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

/** The days off of `year` by the law alone, in date order, 补假 included (named after its holiday). */
export function statutoryHolidaysOf(year: number): CalendarDay[] {
  if (!Number.isInteger(year) || year < statutoryHolidayLawFirstYear || year > 2099) {
    throw new RangeError(`Statutory holidays are computed for ${statutoryHolidayLawFirstYear}–2099, not ${year}`);
  }
  const springFestival = lunarToSolar(year, 1, 1);
  const festivals: { name: string; dates: LocalDate[] }[] = [
    { name: '元旦', dates: [`${year}-01-01`] },
    // 除夕 is the day before 正月初一, whether the twelfth month has 29 or 30 days.
    { name: '春节', dates: [addCalendarDays(springFestival, -1), springFestival, addCalendarDays(springFestival, 1), addCalendarDays(springFestival, 2)] },
    { name: '清明节', dates: [getSolarTermDate(year, 4, 'pure_brightness')] },
    { name: '劳动节', dates: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', dates: [lunarToSolar(year, 5, 5)] },
    { name: '中秋节', dates: [lunarToSolar(year, 8, 15)] },
    { name: '国庆节', dates: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];

  const byDate = new Map<LocalDate, CalendarDay>();
  for (const festival of festivals) {
    for (const date of festival.dates) {
      // When two festivals meet (中秋 on 1–3 October, as in 2028), the day is one day off.
      if (!byDate.has(date)) byDate.set(date, { date, kind: 'holiday', name: festival.name });
    }
  }
  for (const festival of festivals) {
    // A day two festivals share is made up once, by the festival it is named after.
    const weekendDays = festival.dates.filter((date) => isWeekend(date) && byDate.get(date)?.name === festival.name).length;
    let cursor = festival.dates[festival.dates.length - 1]!;
    for (let madeUp = 0; madeUp < weekendDays; ) {
      cursor = addCalendarDays(cursor, 1);
      // Within days of its holiday, so never in the next year.
      if (isWeekend(cursor) || byDate.has(cursor)) continue;
      byDate.set(cursor, { date: cursor, kind: 'holiday', name: `${festival.name}（补假）` });
      madeUp += 1;
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
