// The working-day calendar used to compute and explain deadlines.
//
// Pure and deterministic (loaded by Temporal workflows): the calendar data is passed in, usually
// as an activity result, and every computation is integer arithmetic on epoch days.

import {
  type LocalDate,
  epochDayOf,
  isLocalDate,
  localDateOfEpochDay,
  shanghaiDateOf,
  weekdayOfEpochDay,
  yearOfEpochDay,
} from './local-date';

/**
 * holiday: statutory day off; makeup_workday: a weekend day worked in exchange (调休);
 * closure: a district office closure, a day off.
 */
export type CalendarDayKind = 'holiday' | 'makeup_workday' | 'closure';

export interface CalendarDay {
  date: LocalDate;
  kind: CalendarDayKind;
  name: string;
}

/** Plain JSON so it can travel through Temporal payloads unchanged. */
export interface CalendarData {
  /**
   * Years whose arrangement is published; a deadline counted through any other year is
   * provisional. Outside them only the Monday–Friday rule and the days listed apply.
   */
  coveredYears: number[];
  /**
   * Years not yet published whose days are the statutory holidays alone (absent in calendars
   * loaded before they existed): their days count, their deadlines stay provisional.
   */
  provisionalYears?: number[];
  days: CalendarDay[];
  /** The publication each covered year is at (absent in calendars loaded before it was added). */
  publications?: CalendarPublicationStamp[];
}

export interface CalendarPublicationStamp {
  year: number;
  version: number;
  source: string;
}

/** What names a publication's recalculations: the same for the bulk recompute and each item. */
export function calendarRevisionOf(publication: CalendarPublicationStamp): { revision: string; reason: string } {
  return {
    revision: `calendar-${publication.year}-v${publication.version}`,
    reason: `${publication.year}年工作日历第${publication.version}版发布：${publication.source}`,
  };
}

/**
 * How a freshly loaded calendar differs from the one a workflow holds, by content (so calendars
 * loaded before publications were carried compare too); undefined when no year changed.
 */
export function calendarChangeBetween(held: CalendarData, fresh: CalendarData): { years: number[]; revision: string; reason: string } | undefined {
  const yearDays = (data: CalendarData, year: number) => JSON.stringify(data.days.filter((day) => day.date.startsWith(`${year}-`)));
  const statusOf = (data: CalendarData, year: number) =>
    data.coveredYears.includes(year) ? 'published' : (data.provisionalYears ?? []).includes(year) ? 'provisional' : 'unknown';
  const yearsOf = (data: CalendarData) => [...data.coveredYears, ...(data.provisionalYears ?? [])];
  const years = [...new Set([...yearsOf(held), ...yearsOf(fresh)])].sort((a, b) => a - b);
  const changed = years.filter((year) => statusOf(held, year) !== statusOf(fresh, year) || yearDays(held, year) !== yearDays(fresh, year));
  if (changed.length === 0) return undefined;
  const publication = [...(fresh.publications ?? [])].reverse().find((stamp) => changed.includes(stamp.year));
  if (publication) return { years: changed, ...calendarRevisionOf(publication) };
  // A year withdrawn altogether has no publication to name.
  return { years: changed, revision: `calendar-${changed.join('-')}-withdrawn`, reason: `${changed.join('、')}年工作日历已撤回` };
}

export interface WorkingDaysResult {
  date: LocalDate;
  /** True when the count went through a year whose official holidays are not yet known. */
  provisional: boolean;
}

const CALENDAR_DAY_KINDS: readonly CalendarDayKind[] = ['holiday', 'makeup_workday', 'closure'];

function isMondayToFriday(epochDay: number): boolean {
  const weekday = weekdayOfEpochDay(epochDay);
  return weekday >= 1 && weekday <= 5;
}

/** Monday–Friday days up to and including epochDay, from a fixed origin; only differences matter. */
function mondayToFridayCountUpTo(epochDay: number): number {
  // Epoch day 4 (1970-01-05) is a Monday; count whole weeks from there plus the partial week.
  const daysFromMonday = epochDay - 4;
  const weeks = Math.floor(daysFromMonday / 7);
  const dayInWeek = daysFromMonday - weeks * 7; // 0 = Monday … 6 = Sunday
  return weeks * 5 + Math.min(dayInWeek + 1, 5);
}

function isDayOff(kind: CalendarDayKind): boolean {
  return kind !== 'makeup_workday';
}

function requireDayCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`Number of working days must be a non-negative integer, got ${n}`);
  }
}

/** Index of the first element >= target in an ascending array. */
function lowerBound(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class WorkingCalendar {
  private readonly specialDayByEpochDay: ReadonlyMap<number, CalendarDay>;
  /** Ascending epoch days of the special days, for range queries by binary search. */
  private readonly specialEpochDays: readonly number[];
  private readonly coveredYearSet: ReadonlySet<number>;
  private readonly sortedCoveredYears: readonly number[];

  private constructor(specialDayByEpochDay: Map<number, CalendarDay>, coveredYears: readonly number[]) {
    this.specialDayByEpochDay = specialDayByEpochDay;
    this.specialEpochDays = [...specialDayByEpochDay.keys()].sort((a, b) => a - b);
    this.sortedCoveredYears = Object.freeze([...new Set(coveredYears)].sort((a, b) => a - b));
    this.coveredYearSet = new Set(this.sortedCoveredYears);
  }

  /**
   * Builds a calendar, validating the data. When several entries share a date, a day off wins
   * over a make-up working day (a closure on a 调休 Saturday still closes the office); among days
   * off the first entry is kept.
   */
  static from(data: CalendarData): WorkingCalendar {
    if (!data || !Array.isArray(data.coveredYears) || !Array.isArray(data.days)) {
      throw new RangeError('Calendar data needs coveredYears and days arrays');
    }
    for (const year of data.coveredYears) {
      if (!Number.isInteger(year) || year < 1 || year > 9999) {
        throw new RangeError(`Invalid covered year ${JSON.stringify(year)}`);
      }
    }
    const specialDayByEpochDay = new Map<number, CalendarDay>();
    for (const day of data.days) {
      if (!day || !isLocalDate(day.date)) {
        throw new RangeError(`Invalid calendar day date ${JSON.stringify(day?.date)}`);
      }
      if (!CALENDAR_DAY_KINDS.includes(day.kind)) {
        throw new RangeError(`Invalid calendar day kind ${JSON.stringify(day.kind)} on ${day.date}`);
      }
      if (typeof day.name !== 'string') {
        throw new RangeError(`Calendar day ${day.date} needs a name`);
      }
      const epochDay = epochDayOf(day.date);
      const existing = specialDayByEpochDay.get(epochDay);
      if (existing === undefined || (!isDayOff(existing.kind) && isDayOff(day.kind))) {
        // Copy so later mutation of the input cannot change the calendar's answers.
        specialDayByEpochDay.set(epochDay, { date: day.date, kind: day.kind, name: day.name });
      }
    }
    return new WorkingCalendar(specialDayByEpochDay, data.coveredYears);
  }

  get coveredYears(): readonly number[] {
    return this.sortedCoveredYears;
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingEpochDay(epochDayOf(date));
  }

  isCovered(date: LocalDate): boolean {
    return this.coveredYearSet.has(yearOfEpochDay(epochDayOf(date)));
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return localDateOfEpochDay(this.nextWorkingEpochDay(epochDayOf(date)));
  }

  /**
   * The n-th working day after `start`, following the Chinese rule that the start day itself is
   * not counted (期间开始的当日不计入). n = 0 means "start, or the next working day if start is a
   * day off"; in that case the start day is examined too and counts towards `provisional`.
   */
  addWorkingDays(start: LocalDate, n: number): WorkingDaysResult {
    requireDayCount(n);
    const startEpochDay = epochDayOf(start);
    let resultEpochDay: number;
    let firstExaminedEpochDay: number;
    if (n === 0) {
      firstExaminedEpochDay = startEpochDay;
      resultEpochDay = this.isWorkingEpochDay(startEpochDay) ? startEpochDay : this.nextWorkingEpochDay(startEpochDay);
    } else {
      firstExaminedEpochDay = startEpochDay + 1;
      resultEpochDay = startEpochDay;
      for (let remaining = n; remaining > 0; remaining--) {
        resultEpochDay = this.nextWorkingEpochDay(resultEpochDay);
      }
    }
    return {
      date: localDateOfEpochDay(resultEpochDay),
      provisional: !this.coversAllYearsBetween(firstExaminedEpochDay, resultEpochDay),
    };
  }

  /**
   * Working days elapsed between two instants: working days d with
   * shanghaiDateOf(from) < d <= shanghaiDateOf(to), so a deadline day counts as elapsed only once
   * `to` has reached it. 0 when `to` is not after `from`.
   */
  workingDaysBetween(from: Date, to: Date): number {
    const fromDate = shanghaiDateOf(from);
    const toDate = shanghaiDateOf(to);
    if (to.getTime() <= from.getTime()) return 0;
    return this.workingDaysInRange(fromDate, toDate);
  }

  /** Number of working days d with fromExclusive < d <= toInclusive; 0 for an empty range. */
  workingDaysInRange(fromExclusive: LocalDate, toInclusive: LocalDate): number {
    const firstEpochDay = epochDayOf(fromExclusive) + 1;
    const lastEpochDay = epochDayOf(toInclusive);
    if (lastEpochDay < firstEpochDay) return 0;

    // Count Monday–Friday arithmetically, then correct only for the special days in range, so a
    // span of years costs a binary search rather than a walk over every day.
    let count = mondayToFridayCountUpTo(lastEpochDay) - mondayToFridayCountUpTo(firstEpochDay - 1);
    const endIndex = lowerBound(this.specialEpochDays, lastEpochDay + 1);
    for (let index = lowerBound(this.specialEpochDays, firstEpochDay); index < endIndex; index++) {
      const epochDay = this.specialEpochDays[index]!;
      const weekdayRuleSaysWorking = isMondayToFriday(epochDay);
      const actuallyWorking = this.isWorkingEpochDay(epochDay);
      if (actuallyWorking && !weekdayRuleSaysWorking) count++;
      else if (!actuallyWorking && weekdayRuleSaysWorking) count--;
    }
    return count;
  }

  /** The special days with fromExclusive < date <= toInclusive, in date order (to explain a deadline). */
  daysApplied(fromExclusive: LocalDate, toInclusive: LocalDate): CalendarDay[] {
    const firstEpochDay = epochDayOf(fromExclusive) + 1;
    const lastEpochDay = epochDayOf(toInclusive);
    const applied: CalendarDay[] = [];
    if (lastEpochDay < firstEpochDay) return applied;
    const endIndex = lowerBound(this.specialEpochDays, lastEpochDay + 1);
    for (let index = lowerBound(this.specialEpochDays, firstEpochDay); index < endIndex; index++) {
      const day = this.specialDayByEpochDay.get(this.specialEpochDays[index]!)!;
      applied.push({ ...day });
    }
    return applied;
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const special = this.specialDayByEpochDay.get(epochDay);
    if (special !== undefined) return !isDayOff(special.kind);
    return isMondayToFriday(epochDay);
  }

  private nextWorkingEpochDay(epochDay: number): number {
    // Terminates: the data is finite, so Monday–Friday days resume after its last entry.
    let candidate = epochDay + 1;
    while (!this.isWorkingEpochDay(candidate)) candidate++;
    return candidate;
  }

  private coversAllYearsBetween(firstEpochDay: number, lastEpochDay: number): boolean {
    if (lastEpochDay < firstEpochDay) return true;
    const lastYear = yearOfEpochDay(lastEpochDay);
    for (let year = yearOfEpochDay(firstEpochDay); year <= lastYear; year++) {
      if (!this.coveredYearSet.has(year)) return false;
    }
    return true;
  }
}
