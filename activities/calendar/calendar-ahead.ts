import type { Db } from '../../runtime/db';
import { chineseDaysCalendar, chineseDaysSource } from '../../domain/calendar/chinese-days-seed';
import { statutoryHolidaySource, statutoryHolidaysOf } from '../../domain/calendar/statutory-holidays';
import type { CalendarPublicationStamp } from '../../domain/calendar';
import { systemActorId } from '../../domain/supervision/item';
import { publishCalendarYear } from './calendar-activities';

/** How many years after the current one get the statutory holidays (listing milestones look three years ahead). */
export const calendarYearsAhead = 3;

/**
 * Keeps the calendar ahead of the deadlines counted in it, as the system (audited as such):
 * - a year the bundled State Council arrangements (chinese-days) cover but the database holds only
 *   provisionally is published from them;
 * - a year from `currentYear` to `currentYear + calendarYearsAhead` the database does not hold at
 *   all gets the statutory holidays, provisionally, until an administrator publishes the notice.
 * A year an administrator published is never touched. Returns the publications made: the caller
 * recomputes the open deadlines for each, as after an administrator's publication.
 */
export async function keepCalendarAhead(db: Db, currentYear: number, at: Date): Promise<CalendarPublicationStamp[]> {
  const held = new Map((await db.calendarYear.findMany({ select: { year: true, provisional: true } })).map((row) => [row.year, row.provisional]));
  const bundled = chineseDaysCalendar();
  const publications: { year: number; source: string; days: ReturnType<typeof statutoryHolidaysOf>; provisional: boolean }[] = [];
  for (const year of bundled.coveredYears) {
    if (held.get(year) !== true) continue;
    publications.push({ year, source: chineseDaysSource, days: bundled.days.filter((day) => day.date.startsWith(`${year}-`)), provisional: false });
  }
  for (let year = currentYear; year <= currentYear + calendarYearsAhead; year++) {
    if (held.has(year) || bundled.coveredYears.includes(year)) continue;
    publications.push({ year, source: statutoryHolidaySource, days: statutoryHolidaysOf(year), provisional: true });
  }
  const made: CalendarPublicationStamp[] = [];
  for (const publication of publications) {
    const { version, changed } = await publishCalendarYear(db, { ...publication, publishedBy: systemActorId, publishedAt: at.toISOString(), bySystem: true });
    if (changed) made.push({ year: publication.year, version, source: publication.source });
  }
  return made;
}
