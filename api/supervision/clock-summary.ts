import type { Db } from '../../runtime/db';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { explainDeadline, type Clock } from '../../domain/supervision/clock';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';

// The legal clock of a case's items as an enterprise may read it: the budget, the working days
// used, each suspension with its reason and legal basis, and the deadline they give. The full
// explanation (GET /items/:id/deadline/explain) is for staff; this is the part a case page needs.

export interface ClockSummary {
  unit: Clock['unit'];
  budget: number;
  used: number;
  running: boolean;
  suspendedDays: number;
  extensionDays: number;
  suspensions: { reason: string; legalBasis: string | null; from: string; to: string | null; open: boolean; excludedDays: number }[];
  dueOn: string | null;
  provisional: boolean;
  /** The day the unit's part was done (its report, once approved), or null while it is not. */
  doneOn: string | null;
}

/** An item as the summary reads it: its clock and, when it has them, when it was reported and completed. */
interface SummaryItem {
  id: string;
  clock: unknown;
  reportedAt?: Date | null;
  completedAt?: Date | null;
}

/** When the unit's part ended: its approved report (the commission's review is not its time). */
const doneAt = (item: SummaryItem): Date | null => (item.completedAt ? (item.reportedAt ?? item.completedAt) : null);

/** One summary per item id, from each item's own clock and the calendar years it spans. */
export async function clockSummaries(db: Db, items: readonly SummaryItem[], now = new Date()): Promise<Map<string, ClockSummary>> {
  const summaries = new Map<string, ClockSummary>();
  if (items.length === 0) return summaries;
  const years = items.map((item) => Number((item.clock as Clock).startedAt.slice(0, 4)));
  const currentYear = Number(shanghaiDateOf(now).slice(0, 4));
  const fromYear = Math.min(...years, currentYear);
  // Through next year (an item running today needs this year's holidays however old it is),
  // and two years past the latest start for deadlines that run on.
  const toYear = Math.max(Math.max(...years) + 2, currentYear + 1);
  const calendar = WorkingCalendar.from(await createCalendarActivities(db).loadCalendar({ fromYear, toYear }));
  for (const item of items) {
    // A finished item's clock is read as of its end: its working days used stop counting then.
    const done = doneAt(item);
    const explained = explainDeadline(item.clock as Clock, calendar, done && done < now ? done : now);
    summaries.set(item.id, {
      unit: explained.unit,
      budget: explained.totalBudget,
      used: explained.used,
      running: explained.running,
      suspendedDays: explained.suspendedTotal,
      extensionDays: explained.extensions.total,
      suspensions: explained.suspensions.map((s) => ({ reason: s.reason, legalBasis: s.legalBasis ?? null, from: s.from, to: s.to, open: s.open, excludedDays: s.excluded })),
      dueOn: explained.dueOn,
      provisional: explained.provisional,
      doneOn: done ? shanghaiDateOf(done) : null,
    });
  }
  return summaries;
}
