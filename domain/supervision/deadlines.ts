// An item's deadlines and colour, derived from its clock, its type's rules and the working-day
// calendar. One function for the item workflow (after every change) and for the bulk recompute
// after a calendar publication (activities/calendar), so both show the same dates.
//
// Pure and deterministic (imported by workflows): the calendar and "now" are passed in.

import { type LocalDate, type WorkingCalendar, shanghaiDateOf } from '../calendar';
import { type Clock, deadlineOf } from './clock';
import type { Colour, WarningPolicy } from './escalation';
import { colourAt } from './escalation';
import type { ItemState } from './item-state';
import type { ItemTypePolicy } from './item-type';

/** The part of an item type's policy its deadlines and colour depend on; stored on supervised_item. */
export interface DeadlinePolicy {
  /** 签收时限, working days. */
  signDays: number;
  /** Co-organisers report this much (in the clock's unit) before the lead's deadline. */
  coUnitLeadDays: number;
  warning: WarningPolicy;
  /**
   * An hour budget's sign deadline is no later than its handling deadline's day (a 24-hour item
   * assigned on a Friday is not signed for on Monday). Items started before this rule lack it.
   */
  signWithinHandling?: boolean;
}

export const deadlinePolicyOf = (policy: ItemTypePolicy, options: { signWithinHandling?: boolean } = {}): DeadlinePolicy => ({
  signDays: policy.signDays,
  coUnitLeadDays: policy.coUnitLeadDays,
  warning: policy.escalation.warning,
  ...(options.signWithinHandling ? { signWithinHandling: true } : {}),
});

export interface DerivedDeadlines {
  /** Null while the clock is suspended. */
  dueOn: LocalDate | null;
  dueAt: string | null;
  signDueOn: LocalDate;
  /** Every co-organiser's sub-deadline (they share one). */
  coUnitDueOn: LocalDate | null;
  /** The lead's deadline or the sign deadline went through a year not yet published. */
  provisional: boolean;
  colour: Colour;
}

/** The unit only works against the clock while it holds the item (签收前后), not during review. */
export const clockRunsIn: readonly ItemState[] = ['pending_sign', 'in_progress'];

/**
 * Deadlines follow from the clock and the calendar; they are never set by hand. The colour is
 * re-derived only while the clock runs; otherwise the item keeps the colour it had.
 */
export function deriveDeadlines(
  item: { state: ItemState; clock: Clock; colour: Colour },
  policy: DeadlinePolicy,
  calendar: WorkingCalendar,
  now: Date,
): DerivedDeadlines {
  const deadline = deadlineOf(item.clock, calendar);
  const assignedOn = shanghaiDateOf(new Date(item.clock.startedAt));
  const sign = calendar.addWorkingDays(assignedOn, policy.signDays);
  const signCapped = policy.signWithinHandling && item.clock.unit === 'hours' && deadline.dueOn !== null && deadline.dueOn < sign.date;
  const coClock: Clock = { ...item.clock, budget: Math.max(1, item.clock.budget - policy.coUnitLeadDays) };
  const coDue = deadlineOf(coClock, calendar);
  return {
    dueOn: deadline.dueOn,
    dueAt: deadline.dueAt,
    signDueOn: signCapped ? deadline.dueOn! : sign.date,
    coUnitDueOn: coDue.dueOn,
    provisional: deadline.provisional || sign.provisional,
    colour: clockRunsIn.includes(item.state) ? colourAt(item.clock, policy, calendar, now) : item.colour,
  };
}

/** The dates a person reads as the item's time limits: a change to any is recorded as old → new. */
export function deadlineDatesChanged(before: Pick<DerivedDeadlines, 'dueOn' | 'signDueOn' | 'coUnitDueOn'>, after: Pick<DerivedDeadlines, 'dueOn' | 'signDueOn' | 'coUnitDueOn'>): boolean {
  return before.dueOn !== after.dueOn || before.signDueOn !== after.signDueOn || before.coUnitDueOn !== after.coUnitDueOn;
}

/** The years of calendar an item's deadlines are counted in: the workflow loads the same span. */
export function calendarSpanOf(clock: Pick<Clock, 'startedAt'>): { fromYear: number; toYear: number } {
  const fromYear = Number(clock.startedAt.slice(0, 4));
  return { fromYear, toYear: fromYear + 2 };
}
