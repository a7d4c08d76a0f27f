import type { Db } from '../../runtime/db';
import type { CalendarData } from '../../domain/calendar';

export function createCalendarActivities(db: Db) {
  return {
    /** The published calendar for a span of years, handed to workflows as data. */
    async loadCalendar(span: { fromYear: number; toYear: number }): Promise<CalendarData> {
      const [years, days] = await Promise.all([
        db.calendarYear.findMany({ where: { year: { gte: span.fromYear, lte: span.toYear } }, select: { year: true }, orderBy: { year: 'asc' } }),
        db.calendarDay.findMany({ where: { year: { gte: span.fromYear, lte: span.toYear } }, orderBy: { date: 'asc' } }),
      ]);
      return {
        coveredYears: years.map((row) => row.year),
        days: days.map((row) => ({ date: row.date.toISOString().slice(0, 10), kind: row.kind, name: row.name })),
      };
    },
  };
}
