// China local calendar dates as 'YYYY-MM-DD' strings.
//
// Pure arithmetic only: this module is loaded inside Temporal workflows, so it never reads the
// clock and never relies on the host time zone or Intl. Asia/Shanghai has been a fixed UTC+8
// without daylight saving since 1991, which is what makes plain offset arithmetic correct here.

/** A China local date, 'YYYY-MM-DD' (years 0001–9999). */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function parseCivil(value: unknown): CivilDate | undefined {
  if (typeof value !== 'string') return undefined;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

function requireCivil(value: LocalDate): CivilDate {
  const civil = parseCivil(value);
  if (!civil) throw new RangeError(`Invalid local date ${JSON.stringify(value)}: expected an existing 'YYYY-MM-DD' date`);
  return civil;
}

// Proleptic Gregorian day count relative to 1970-01-01 (H. Hinnant's days_from_civil), chosen
// over Date.UTC because Date.UTC maps years 0–99 to 1900–1999.
function epochDayOfCivil({ year, month, day }: CivilDate): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilOfEpochDay(epochDay: number): CivilDate {
  const shifted = epochDay + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** True when `value` is a string naming an existing date as 'YYYY-MM-DD'. */
export function isLocalDate(value: unknown): value is LocalDate {
  return parseCivil(value) !== undefined;
}

/** Days since 1970-01-01 — a compact integer key for loops that must not allocate strings. */
export function epochDayOf(date: LocalDate): number {
  return epochDayOfCivil(requireCivil(date));
}

export function localDateOfEpochDay(epochDay: number): LocalDate {
  if (!Number.isInteger(epochDay)) throw new RangeError(`Epoch day must be an integer, got ${epochDay}`);
  const { year, month, day } = civilOfEpochDay(epochDay);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`Date out of supported range (year ${year})`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Year of an epoch day, without building the string. */
export function yearOfEpochDay(epochDay: number): number {
  return civilOfEpochDay(epochDay).year;
}

/** 0 = Sunday … 6 = Saturday, for an epoch day (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The Asia/Shanghai calendar date on which `instant` falls. */
export function shanghaiDateOf(instant: Date): LocalDate {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError('shanghaiDateOf needs a valid Date');
  return localDateOfEpochDay(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`Number of days must be an integer, got ${days}`);
  return localDateOfEpochDay(epochDayOf(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return weekdayOfEpochDay(epochDayOf(date));
}

export function yearOf(date: LocalDate): number {
  return requireCivil(date).year;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`; usable with Array.sort. */
export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return Math.sign(epochDayOf(a) - epochDayOf(b));
}

/** The instant 00:00 +08:00 on `date`. */
export function shanghaiDayStart(date: LocalDate): Date {
  return new Date(epochDayOf(date) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}

/**
 * The instant 00:00 +08:00 of the day after `date`: an exclusive end, so "before the end of the
 * day" is simply `instant < shanghaiDayEnd(date)` with no 23:59:59.999 rounding questions.
 */
export function shanghaiDayEnd(date: LocalDate): Date {
  return new Date((epochDayOf(date) + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS);
}
