// The statutory clock (法定时限): a budget plus an append-only ledger of suspensions and approved
// extensions. The deadline is always derived from the ledger and the working-day calendar, never
// stored as typed-in data, so republishing the calendar or adding an entry moves it consistently.
//
// Pure and deterministic (imported by workflows): the calendar and "now" are passed in.
//
// Counting rules (docs/domain.md, "The supervised item"):
// - working days: the assignment day (Shanghai date of startedAt) is not counted; counting starts
//   the day after. A suspension from day S to day R excludes the working days d with S < d <= R:
//   its first day was already used, and counting restarts the day after it resumes.
// - hours (urgent items): natural hours, not office hours. A 24-hour item assigned on a Friday
//   evening is due on Saturday evening; urgent items are worked around the clock, and natural
//   hours keep the deadline independent of calendar publication. Suspended time is added back.
// - a suspension recorded after the budget ran out does not move the deadline (an expired clock
//   cannot be paused back to life), but its days are still excluded from the "used" figure, so
//   overdue counts are net of lawful suspensions.

import {
  type CalendarDay,
  type LocalDate,
  type WorkingCalendar,
  epochDayOf,
  localDateOfEpochDay,
  yearOfEpochDay,
} from '../calendar';
import { AppError, type FieldError } from '../errors';

export type BudgetUnit = 'working_days' | 'hours';

export interface Suspension {
  id: string;
  reason: string;
  legalBasis: string;
  by: string;
  /** ISO instant the clock stopped. */
  from: string;
  /** ISO instant the clock restarted; the suspension is open while undefined. */
  to?: string;
}

export interface Extension {
  id: string;
  /** In the budget's unit. */
  amount: number;
  reason: string;
  approvedBy: string;
  approvedAt: string;
}

export interface Clock {
  unit: BudgetUnit;
  budget: number;
  /** ISO instant of assignment. */
  startedAt: string;
  suspensions: Suspension[];
  extensions: Extension[];
}

export interface Deadline {
  /** False while a suspension is open: the clock is stopped and there is no deadline. */
  running: boolean;
  dueOn: LocalDate | null;
  /** The instant the time limit ends (exclusive): next day 00:00 +08:00 for working days. */
  dueAt: string | null;
  /** The count went through a year whose holidays are not yet published. */
  provisional: boolean;
}

export interface ClockUsage {
  /** Working days (or hours) used so far, net of suspensions. */
  used: number;
  /** Budget plus extensions minus used; negative when overdue. */
  remaining: number;
  shareUsed: number;
}

export interface SuspensionExplanation extends Omit<Suspension, 'to'> {
  to: string | null;
  open: boolean;
  /** Working days (or hours) this suspension kept off the clock so far; overlaps counted once. */
  excluded: number;
}

/** JSON-friendly answer for GET /items/:id/deadline/explain. */
export interface DeadlineExplanation {
  unit: BudgetUnit;
  budget: number;
  extensions: { entries: Extension[]; total: number };
  /** budget + extensions.total */
  totalBudget: number;
  startedAt: string;
  /** Shanghai date of startedAt; not itself counted. */
  assignedOn: LocalDate;
  suspensions: SuspensionExplanation[];
  /** Sum of the suspensions' excluded amounts. */
  suspendedTotal: number;
  /** Working days (or hours) since assignment, before suspensions are taken off. */
  elapsed: number;
  used: number;
  remaining: number;
  shareUsed: number;
  /** Holidays, make-up working days and closures between assignment and the deadline (or now, when stopped). */
  calendarDaysApplied: CalendarDay[];
  dueOn: LocalDate | null;
  dueAt: string | null;
  provisional: boolean;
  running: boolean;
  /** The instant this explanation describes. */
  asOf: string;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;
/** Below this, walking day by day (calendar.addWorkingDays) beats a binary search on counts. */
const DIRECT_WALK_LIMIT = 64;
// An explicit offset is required: a bare local time would be read in the host's time zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Internal representation: instants as epoch milliseconds, dates as epoch days (Shanghai).

/** A stretch off the clock. Days: (from, to] in epoch days. Hours: [from, to) in epoch ms. */
interface OffInterval {
  from: number;
  to: number; // Infinity while open
}

function parseInstant(value: string): number {
  const ms = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid ISO instant ${JSON.stringify(value)}`);
  return ms;
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && Number.isFinite(Date.parse(value));
}

function shanghaiEpochDayOfMs(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

function totalBudgetOf(clock: Clock): number {
  let total = clock.budget;
  for (const extension of clock.extensions) total += extension.amount;
  if (!Number.isInteger(total) || total <= 0 || !Number.isInteger(clock.budget) || clock.budget <= 0) {
    throw new RangeError(`Clock budget must be a positive integer, got ${clock.budget} (+ extensions ${total - clock.budget})`);
  }
  return total;
}

function hasOpenSuspension(clock: Clock): boolean {
  for (const suspension of clock.suspensions) if (suspension.to === undefined) return true;
  return false;
}

/**
 * The suspensions as sorted, merged intervals in the clock's unit, clipped to start no earlier
 * than the clock. Merging is what keeps overlapping suspensions from being excluded twice.
 */
function offIntervals(clock: Clock, clockStart: number): OffInterval[] {
  const raw: OffInterval[] = [];
  const byDay = clock.unit === 'working_days';
  for (const suspension of clock.suspensions) {
    const fromMs = parseInstant(suspension.from);
    const toMs = suspension.to === undefined ? Infinity : parseInstant(suspension.to);
    let from = byDay ? shanghaiEpochDayOfMs(fromMs) : fromMs;
    const to = toMs === Infinity ? Infinity : byDay ? shanghaiEpochDayOfMs(toMs) : toMs;
    if (from < clockStart) from = clockStart;
    if (to > from) raw.push({ from, to });
  }
  if (raw.length < 2) return raw;
  raw.sort((a, b) => a.from - b.from);
  const merged: OffInterval[] = [{ ...raw[0]! }];
  for (let index = 1; index < raw.length; index++) {
    const next = raw[index]!;
    const last = merged[merged.length - 1]!;
    // (a, b] and (c, d] with c <= b join into one stretch; the same holds for [a, b) and [c, d).
    if (next.from <= last.to) last.to = Math.max(last.to, next.to);
    else merged.push({ ...next });
  }
  return merged;
}

function workingDaysBetween(calendar: WorkingCalendar, fromExclusive: number, toInclusive: number): number {
  if (toInclusive <= fromExclusive) return 0;
  return calendar.workingDaysInRange(localDateOfEpochDay(fromExclusive), localDateOfEpochDay(toInclusive));
}

/** The n-th working day strictly after `afterDay` (n >= 1), without walking long spans day by day. */
function nthWorkingDayAfter(calendar: WorkingCalendar, afterDay: number, n: number): number {
  if (n <= DIRECT_WALK_LIMIT) {
    return epochDayOf(calendar.addWorkingDays(localDateOfEpochDay(afterDay), n).date);
  }
  // Smallest day whose count reaches n. count(afterDay + n - 1) < n because a day holds at most
  // one working day; the upper guess assumes 5 working days a week plus a holiday margin.
  let low = afterDay + n - 1;
  let high = afterDay + Math.ceil((n * 7) / 5) + 14;
  while (workingDaysBetween(calendar, afterDay, high) < n) {
    low = high;
    high = afterDay + (high - afterDay) * 2;
  }
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (workingDaysBetween(calendar, afterDay, middle) >= n) high = middle;
    else low = middle;
  }
  return high;
}

/**
 * The day on which the n-th counted working day (n >= 1) after `assignedDay` falls, skipping the
 * off intervals; null when the count is still short when an open suspension begins.
 */
function nthCountedDay(calendar: WorkingCalendar, assignedDay: number, off: readonly OffInterval[], n: number): number | null {
  let cursor = assignedDay;
  let remaining = n;
  for (const interval of off) {
    if (interval.from > cursor) {
      const inGap = workingDaysBetween(calendar, cursor, interval.from);
      if (inGap >= remaining) return nthWorkingDayAfter(calendar, cursor, remaining);
      remaining -= inGap;
    }
    if (interval.to === Infinity) return null;
    if (interval.to > cursor) cursor = interval.to;
  }
  return nthWorkingDayAfter(calendar, cursor, remaining);
}

/** The instant at which `amountMs` of clock time has run, skipping off intervals; null if an open one comes first. */
function instantAfterRunning(startMs: number, off: readonly OffInterval[], amountMs: number): number | null {
  let cursor = startMs;
  let remaining = amountMs;
  for (const interval of off) {
    if (interval.from > cursor) {
      const gap = interval.from - cursor;
      if (gap >= remaining) return cursor + remaining;
      remaining -= gap;
    }
    if (interval.to === Infinity) return null;
    if (interval.to > cursor) cursor = interval.to;
  }
  return cursor + remaining;
}

function coversAllYears(calendar: WorkingCalendar, firstDay: number, lastDay: number): boolean {
  const lastYear = yearOfEpochDay(lastDay);
  for (let year = yearOfEpochDay(firstDay); year <= lastYear; year++) {
    if (!calendar.coveredYears.includes(year)) return false;
  }
  return true;
}

/** Off-clock amount inside (lower, upper] (days) or [lower, upper) (ms) for one interval. */
function offAmountWithin(
  calendar: WorkingCalendar,
  unit: BudgetUnit,
  interval: OffInterval,
  lower: number,
  upper: number,
): number {
  const from = Math.max(interval.from, lower);
  const to = Math.min(interval.to, upper);
  if (to <= from) return 0;
  return unit === 'working_days' ? workingDaysBetween(calendar, from, to) : to - from;
}

/**
 * Where the clock stands, internally. `dueMs` is the end of the time limit even while a
 * suspension is open, when the limit had already run out before that suspension began.
 */
interface Resolution {
  running: boolean;
  total: number;
  startMs: number;
  /** Shanghai epoch day of startedAt: the uncounted assignment day. */
  assignedDay: number;
  off: OffInterval[];
  dueDay: number | null;
  dueMs: number | null;
  provisional: boolean;
}

function resolve(clock: Clock, calendar: WorkingCalendar): Resolution {
  const total = totalBudgetOf(clock);
  const startMs = parseInstant(clock.startedAt);
  const assignedDay = shanghaiEpochDayOfMs(startMs);
  const running = !hasOpenSuspension(clock);
  if (clock.unit === 'working_days') {
    const off = offIntervals(clock, assignedDay);
    const dueDay = nthCountedDay(calendar, assignedDay, off, total);
    return {
      running,
      total,
      startMs,
      assignedDay,
      off,
      dueDay,
      dueMs: dueDay === null ? null : (dueDay + 1) * MS_PER_DAY - SHANGHAI_OFFSET_MS,
      provisional: dueDay !== null && !coversAllYears(calendar, assignedDay + 1, dueDay),
    };
  }
  if (clock.unit !== 'hours') throw new RangeError(`Unknown budget unit ${JSON.stringify(clock.unit)}`);
  const off = offIntervals(clock, startMs);
  const dueMs = instantAfterRunning(startMs, off, total * MS_PER_HOUR);
  return {
    running,
    total,
    startMs,
    assignedDay,
    off,
    dueDay: dueMs === null ? null : shanghaiEpochDayOfMs(dueMs),
    dueMs,
    provisional: false,
  };
}

/** Used amount in the unit's base measure: working days, or milliseconds for hours. */
function usedBase(clock: Clock, calendar: WorkingCalendar, resolution: Resolution, nowMs: number): { elapsed: number; off: number } {
  if (clock.unit === 'working_days') {
    const today = shanghaiEpochDayOfMs(nowMs);
    const elapsed = workingDaysBetween(calendar, resolution.assignedDay, today);
    let off = 0;
    for (const interval of resolution.off) off += offAmountWithin(calendar, clock.unit, interval, resolution.assignedDay, today);
    return { elapsed, off };
  }
  const elapsed = Math.max(0, nowMs - resolution.startMs);
  let off = 0;
  for (const interval of resolution.off) off += offAmountWithin(calendar, clock.unit, interval, resolution.startMs, nowMs);
  return { elapsed, off };
}

function toUnit(clock: Clock, base: number): number {
  return clock.unit === 'hours' ? base / MS_PER_HOUR : base;
}

function usageFrom(total: number, used: number): ClockUsage {
  return { used, remaining: total - used, shareUsed: used / total };
}

// ---------------------------------------------------------------------------------------------
// Public reading functions.

export function deadlineOf(clock: Clock, calendar: WorkingCalendar): Deadline {
  return deadlineFrom(resolve(clock, calendar));
}

function deadlineFrom(resolution: Resolution): Deadline {
  if (!resolution.running || resolution.dueDay === null || resolution.dueMs === null) {
    return { running: false, dueOn: null, dueAt: null, provisional: false };
  }
  return {
    running: true,
    dueOn: localDateOfEpochDay(resolution.dueDay),
    dueAt: isoOf(resolution.dueMs),
    provisional: resolution.provisional,
  };
}

/**
 * Working days (or hours) used by `now`. A working day counts as used from its first moment, as
 * soon as `now` is in it, so on the due day used equals the budget and remaining is 0.
 */
export function usedOf(clock: Clock, calendar: WorkingCalendar, now: Date): ClockUsage {
  const resolution = resolve(clock, calendar);
  const base = usedBase(clock, calendar, resolution, now.getTime());
  return usageFrom(resolution.total, toUnit(clock, base.elapsed - base.off));
}

export function explainDeadline(clock: Clock, calendar: WorkingCalendar, now: Date): DeadlineExplanation {
  const resolution = resolve(clock, calendar);
  const nowMs = now.getTime();
  const byDay = clock.unit === 'working_days';
  const today = shanghaiEpochDayOfMs(nowMs);
  const lower = byDay ? resolution.assignedDay : resolution.startMs;
  const upper = byDay ? today : nowMs;

  // Each off moment is attributed to the earliest suspension covering it, so the per-suspension
  // amounts add up to the merged total even when suspensions overlap.
  const ordered = clock.suspensions
    .map((suspension, index) => ({ suspension, index, fromMs: parseInstant(suspension.from) }))
    .sort((a, b) => a.fromMs - b.fromMs || a.index - b.index);
  const excludedByIndex = new Array<number>(clock.suspensions.length).fill(0);
  let coveredUntil = lower;
  for (const { suspension, index, fromMs } of ordered) {
    const toMs = suspension.to === undefined ? Infinity : parseInstant(suspension.to);
    const interval: OffInterval = byDay
      ? { from: shanghaiEpochDayOfMs(fromMs), to: toMs === Infinity ? Infinity : shanghaiEpochDayOfMs(toMs) }
      : { from: fromMs, to: toMs };
    excludedByIndex[index] = offAmountWithin(calendar, clock.unit, interval, Math.max(lower, coveredUntil), upper);
    coveredUntil = Math.max(coveredUntil, interval.to);
  }

  const base = usedBase(clock, calendar, resolution, nowMs);
  const usage = usageFrom(resolution.total, toUnit(clock, base.elapsed - base.off));
  const deadline = deadlineFrom(resolution);
  const appliedUntil = deadline.dueOn ?? localDateOfEpochDay(Math.max(today, resolution.assignedDay));
  const extensionTotal = resolution.total - clock.budget;

  return {
    unit: clock.unit,
    budget: clock.budget,
    extensions: { entries: clock.extensions.map((extension) => ({ ...extension })), total: extensionTotal },
    totalBudget: resolution.total,
    startedAt: clock.startedAt,
    assignedOn: localDateOfEpochDay(resolution.assignedDay),
    suspensions: clock.suspensions.map((suspension, index) => ({
      id: suspension.id,
      reason: suspension.reason,
      legalBasis: suspension.legalBasis,
      by: suspension.by,
      from: suspension.from,
      to: suspension.to ?? null,
      open: suspension.to === undefined,
      excluded: toUnit(clock, excludedByIndex[index]!),
    })),
    suspendedTotal: toUnit(clock, base.off),
    elapsed: toUnit(clock, base.elapsed),
    ...usage,
    // Hour budgets run on natural hours: no calendar day changes them.
    calendarDaysApplied: byDay ? calendar.daysApplied(localDateOfEpochDay(resolution.assignedDay), appliedUntil) : [],
    dueOn: deadline.dueOn,
    dueAt: deadline.dueAt,
    provisional: deadline.provisional,
    running: deadline.running,
    asOf: isoOf(nowMs),
  };
}

// ---------------------------------------------------------------------------------------------
// For escalation.ts: one resolution of the ledger, queried several times.

/**
 * @internal Amounts in the base measure: working days, or milliseconds for hour budgets.
 * `dueMs` is the end of the time limit; unlike deadlineOf it is also known while a suspension is
 * open if the limit had already run out before that suspension began.
 */
export interface ClockStanding {
  unit: BudgetUnit;
  running: boolean;
  baseTotal: number;
  baseUnit: number;
  dueMs: number | null;
  /** The day the limit ends on (working days) or the Shanghai date of dueMs (hours). */
  dueOn: LocalDate | null;
  startMs: number;
  usedAt(nowMs: number): number;
  /** Start of the working day (or the exact instant, for hours) at which used reaches `threshold`; startedAt when threshold <= 0; null when an open suspension comes first. */
  whenUsedReaches(threshold: number): number | null;
}

/** @internal */
export function clockStanding(clock: Clock, calendar: WorkingCalendar): ClockStanding {
  const resolution = resolve(clock, calendar);
  const byDay = clock.unit === 'working_days';
  return {
    unit: clock.unit,
    running: resolution.running,
    baseTotal: byDay ? resolution.total : resolution.total * MS_PER_HOUR,
    baseUnit: byDay ? 1 : MS_PER_HOUR,
    dueMs: resolution.dueMs,
    dueOn: resolution.dueDay === null ? null : localDateOfEpochDay(resolution.dueDay),
    startMs: resolution.startMs,
    usedAt(nowMs) {
      const base = usedBase(clock, calendar, resolution, nowMs);
      return base.elapsed - base.off;
    },
    whenUsedReaches(threshold) {
      if (threshold <= 0) return resolution.startMs;
      if (!byDay) return instantAfterRunning(resolution.startMs, resolution.off, threshold);
      const day = nthCountedDay(calendar, resolution.assignedDay, resolution.off, threshold);
      return day === null ? null : day * MS_PER_DAY - SHANGHAI_OFFSET_MS;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Ledger: each helper returns a new Clock and never edits or removes an earlier entry (closing
// the open suspension is the one permitted completion of an entry).

function requireText(errors: FieldError[], path: string, value: unknown, label: string): void {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ path, message: `${label}不能为空` });
}

function requireInstant(errors: FieldError[], path: string, value: unknown, label: string): void {
  if (!isInstant(value)) errors.push({ path, message: `${label}须为带时区的 ISO 时间` });
}

function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: errors });
}

function outOfOrder(detail: string): AppError {
  return new AppError('CLOCK_OUT_OF_ORDER', { internalMessage: `CLOCK_OUT_OF_ORDER: ${detail}` });
}

/** A fresh clock with an empty ledger. */
export function startClock(unit: BudgetUnit, budget: number, startedAt: string): Clock {
  const errors: FieldError[] = [];
  if (unit !== 'working_days' && unit !== 'hours') errors.push({ path: 'unit', message: '时限单位不合法' });
  if (!Number.isInteger(budget) || budget <= 0) errors.push({ path: 'budget', message: '时限须为正整数' });
  requireInstant(errors, 'startedAt', startedAt, '交办时间');
  throwIfInvalid(errors);
  return { unit, budget, startedAt, suspensions: [], extensions: [] };
}

/** Stops the clock (中止计时). Only one suspension can be open, and the ledger stays chronological. */
export function suspend(clock: Clock, suspension: Omit<Suspension, 'to'>): Clock {
  const errors: FieldError[] = [];
  requireText(errors, 'id', suspension.id, '编号');
  requireText(errors, 'reason', suspension.reason, '中止原因');
  requireText(errors, 'legalBasis', suspension.legalBasis, '中止依据');
  requireText(errors, 'by', suspension.by, '操作人');
  requireInstant(errors, 'from', suspension.from, '中止时间');
  if ((suspension as Suspension).to !== undefined) errors.push({ path: 'to', message: '中止时不能填写恢复时间，请使用恢复计时' });
  throwIfInvalid(errors);

  if (clock.suspensions.some((existing) => existing.id === suspension.id)) throw new AppError('DUPLICATE_REQUEST');
  if (hasOpenSuspension(clock)) throw new AppError('CLOCK_ALREADY_SUSPENDED');
  const fromMs = parseInstant(suspension.from);
  if (fromMs < parseInstant(clock.startedAt)) throw outOfOrder(`suspension ${suspension.id} starts before the clock`);
  const last = clock.suspensions[clock.suspensions.length - 1];
  if (last?.to !== undefined && fromMs < parseInstant(last.to)) {
    throw outOfOrder(`suspension ${suspension.id} starts before suspension ${last.id} ended`);
  }
  const entry: Suspension = {
    id: suspension.id,
    reason: suspension.reason,
    legalBasis: suspension.legalBasis,
    by: suspension.by,
    from: suspension.from,
  };
  return { ...clock, suspensions: [...clock.suspensions, entry] };
}

/** Restarts the clock (恢复计时) by closing the open suspension `id` at `at`. */
export function resume(clock: Clock, id: string, at: string): Clock {
  const errors: FieldError[] = [];
  requireInstant(errors, 'at', at, '恢复时间');
  throwIfInvalid(errors);
  const index = clock.suspensions.findIndex((suspension) => suspension.id === id);
  if (index < 0) {
    // Resuming a clock that is not stopped is the common mistake; an unknown id beside an open
    // suspension is a wrong reference.
    if (!hasOpenSuspension(clock)) throw new AppError('CLOCK_NOT_SUSPENDED');
    throw new AppError('NOT_FOUND', { internalMessage: `NOT_FOUND: no suspension ${id}` });
  }
  const suspension = clock.suspensions[index]!;
  if (suspension.to !== undefined) throw new AppError('CLOCK_NOT_SUSPENDED');
  if (parseInstant(at) < parseInstant(suspension.from)) throw outOfOrder(`resume of ${id} before it started`);
  const suspensions = clock.suspensions.slice();
  suspensions[index] = { ...suspension, to: at };
  return { ...clock, suspensions };
}

/**
 * Records a stretch that is not the unit's time after the fact, as a closed suspension: the
 * commission's review of a report that it then sends back (退办). It starts no earlier than the
 * last suspension ended; a clock already stopped (an open suspension) excludes it anyway, and an
 * empty stretch records nothing, so both return the clock unchanged.
 */
export function excludeStretch(clock: Clock, stretch: Omit<Suspension, 'to'> & { to: string }): Clock {
  if (hasOpenSuspension(clock)) return clock;
  const last = clock.suspensions[clock.suspensions.length - 1];
  const from = last?.to !== undefined && parseInstant(last.to) > parseInstant(stretch.from) ? last.to : stretch.from;
  if (parseInstant(from) >= parseInstant(stretch.to)) return clock;
  return resume(suspend(clock, { id: stretch.id, reason: stretch.reason, legalBasis: stretch.legalBasis, by: stretch.by, from }), stretch.id, stretch.to);
}

/**
 * Records an approved extension (延期). Whether it was requested in time (before the deadline)
 * is the approval process's rule; the ledger only keeps entries well-formed and chronological.
 */
export function extend(clock: Clock, extension: Extension): Clock {
  const errors: FieldError[] = [];
  requireText(errors, 'id', extension.id, '编号');
  if (!Number.isInteger(extension.amount) || extension.amount <= 0) errors.push({ path: 'amount', message: '延期时长须为正整数' });
  requireText(errors, 'reason', extension.reason, '延期原因');
  requireText(errors, 'approvedBy', extension.approvedBy, '审批人');
  requireInstant(errors, 'approvedAt', extension.approvedAt, '审批时间');
  throwIfInvalid(errors);

  if (clock.extensions.some((existing) => existing.id === extension.id)) throw new AppError('DUPLICATE_REQUEST');
  const approvedMs = parseInstant(extension.approvedAt);
  if (approvedMs < parseInstant(clock.startedAt)) throw outOfOrder(`extension ${extension.id} approved before the clock started`);
  const last = clock.extensions[clock.extensions.length - 1];
  if (last !== undefined && approvedMs < parseInstant(last.approvedAt)) {
    throw outOfOrder(`extension ${extension.id} approved before extension ${last.id}`);
  }
  const entry: Extension = {
    id: extension.id,
    amount: extension.amount,
    reason: extension.reason,
    approvedBy: extension.approvedBy,
    approvedAt: extension.approvedAt,
  };
  return { ...clock, extensions: [...clock.extensions, entry] };
}
