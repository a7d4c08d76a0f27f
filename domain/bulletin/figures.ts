import { type LocalDate, compareLocalDate } from '../calendar';
import type { UnitKind } from '../supervision/item';

// 通报 figures per responsible unit (department, park, town), computed from the supervised items'
// read models. Pure, so that the exact arithmetic is unit-tested on a constructed data set.
//
// Population: one row per (item, unit) the unit must act on (item_assignment): the lead's row and
// each co-organiser's row, for items assigned within the period (the clock's start, China time), except halted items (已中止:
// withdrawn, nobody's failure). Every fact is taken as it stood at `asOf` (end of that day);
// anything later is ignored, so a bulletin recomputed later for the same asOf is the same.
//
// Net of lawful suspensions: a row's deadline is the item clock's (budget + approved extensions,
// suspended working days excluded: domain/supervision/clock.ts), as the read model holds it; it is
// null while a suspension is open, and such a row is neither due nor overdue.
//
// Rates (numerator / denominator; null when the denominator is 0):
// - 签收及时率 signOnTime: lead rows signed by the sign deadline / lead rows signed by asOf or whose
//   sign deadline has passed by asOf. Co-organisers do not sign.
// - 办结率 completion: rows done by asOf / all rows. Done: the lead's report that the commission
//   approved (item completed or closed); a co-organiser's own report (配合反馈).
// - 按时办结率 onTime: rows done on or before their deadline / rows due (done by asOf, or whose
//   deadline has passed by asOf). Done dates are the unit's report date, so the commission's own
//   review time does not count against the unit.
// - 超期率 overdue: rows due but not done on time (done late, or open past the deadline) / rows due.
//   onTime + overdue = 1 whenever rows are due.
// - 满意率 satisfaction: ratings of 4–5 / ratings given, of the unit's difficulty items (lead or
//   co-organiser) assigned in the period, rated by asOf (difficulty_rating; see satisfactionOf).
// - extensions: approved extensions (clock.extensions) of the unit's lead rows, approved by asOf.
// - carriedOverdue 往期超期未办结: rows of items assigned before the period, not done by asOf and
//   past their deadline at asOf. Not a rate of the period, but it keeps a unit still sitting on
//   old overdue work off the red list and puts it on the black list.

export interface AssignmentFacts {
  itemId: string;
  unitId: string;
  role: 'lead' | 'co';
  assignedOn: LocalDate;
  /** Lead rows: 签收期限 and the day signed. */
  signDueOn: LocalDate | null;
  signedOn: LocalDate | null;
  /** The unit's deadline net of suspensions; null while the clock is suspended. */
  dueOn: LocalDate | null;
  /** The day the unit's part was done (see the file comment), or null. */
  doneOn: LocalDate | null;
  /** Approval days of the item's extensions (lead rows). */
  extensionsApprovedOn: LocalDate[];
}

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator / denominator, 4 decimals; null when nothing is counted. */
  rate: number | null;
}

export interface UnitRef {
  id: string;
  name: string;
  kind: UnitKind;
  sortOrder: number;
}

export interface UnitFigures {
  unitId: string;
  unitName: string;
  unitKind: UnitKind;
  assigned: number;
  signOnTime: Ratio;
  completion: Ratio;
  onTime: Ratio;
  overdue: Ratio;
  /** Null when no ratings source is available (see satisfactionOf). */
  satisfaction: Ratio | null;
  extensions: number;
  /** Items assigned before the period, still not done and overdue at asOf (see the file comment). */
  carriedOverdue: number;
  /** 1 = best; null when nothing of the unit was due (not ranked). */
  rank: number | null;
}

export const ratio = (numerator: number, denominator: number): Ratio => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

const onOrBefore = (a: LocalDate, b: LocalDate) => compareLocalDate(a, b) <= 0;
const before = (a: LocalDate, b: LocalDate) => compareLocalDate(a, b) < 0;
/** A fact dated after asOf had not happened yet. */
const asOfDate = (date: LocalDate | null, asOf: LocalDate) => (date !== null && onOrBefore(date, asOf) ? date : null);

/** Rows still open at asOf whose deadline had passed by then. */
export function overdueOpenAt(rows: readonly AssignmentFacts[], asOf: LocalDate): number {
  return rows.filter((row) => asOfDate(row.doneOn, asOf) === null && row.dueOn !== null && before(row.dueOn, asOf)).length;
}

/**
 * The figures of one unit over its rows of the period (and, for carriedOverdue, its rows of items
 * assigned earlier); rank is set by rankUnits.
 */
export function figuresOf(unit: UnitRef, rows: readonly AssignmentFacts[], asOf: LocalDate, satisfaction: Ratio | null, earlierRows: readonly AssignmentFacts[] = []): UnitFigures {
  let signDue = 0;
  let signedOnTime = 0;
  let done = 0;
  let due = 0;
  let onTime = 0;
  let extensions = 0;
  for (const row of rows) {
    const doneOn = asOfDate(row.doneOn, asOf);
    if (row.role === 'lead') {
      const signedOn = asOfDate(row.signedOn, asOf);
      if (signedOn !== null || (row.signDueOn !== null && before(row.signDueOn, asOf))) {
        signDue += 1;
        if (signedOn !== null && (row.signDueOn === null || onOrBefore(signedOn, row.signDueOn))) signedOnTime += 1;
      }
      extensions += row.extensionsApprovedOn.filter((on) => onOrBefore(on, asOf)).length;
    }
    if (doneOn !== null) done += 1;
    const pastDeadline = row.dueOn !== null && before(row.dueOn, asOf);
    if (doneOn !== null || pastDeadline) {
      due += 1;
      // Done while the clock was suspended (no deadline): on time.
      if (doneOn !== null && (row.dueOn === null || onOrBefore(doneOn, row.dueOn))) onTime += 1;
    }
  }
  return {
    unitId: unit.id,
    unitName: unit.name,
    unitKind: unit.kind,
    assigned: rows.length,
    signOnTime: ratio(signedOnTime, signDue),
    completion: ratio(done, rows.length),
    onTime: ratio(onTime, due),
    overdue: ratio(due - onTime, due),
    satisfaction,
    extensions,
    carriedOverdue: overdueOpenAt(earlierRows, asOf),
    rank: null,
  };
}

/** The units a bulletin ranks: departments, parks and towns (not the commission, not external bodies). */
export const rankedUnitKinds: readonly UnitKind[] = ['department', 'park', 'town'];

/**
 * Ranks units with something due: by 按时办结率 (higher first), then 签收及时率, then fewer overdue
 * rows, then the organisation chart's order. Equal figures share a rank (1, 1, 3).
 */
export function rankUnits(figures: readonly UnitFigures[], order: ReadonlyMap<string, number>): UnitFigures[] {
  const key = (f: UnitFigures) => [-(f.onTime.rate ?? 0), -(f.signOnTime.rate ?? 0), f.overdue.numerator] as const;
  const compare = (a: UnitFigures, b: UnitFigures) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i += 1) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  };
  const ranked = figures.filter((f) => f.onTime.denominator > 0).sort((a, b) => compare(a, b) || (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0));
  const result: UnitFigures[] = [];
  ranked.forEach((f, index) => {
    const previous = result[index - 1];
    const rank = previous && compare(previous, f) === 0 ? previous.rank : index + 1;
    result.push({ ...f, rank });
  });
  const unranked = figures.filter((f) => f.onTime.denominator === 0).sort((a, b) => (order.get(a.unitId) ?? 0) - (order.get(b.unitId) ?? 0));
  return [...result, ...unranked];
}

/** How many units the red and black lists name (data: prisma/seed/bulletin-rules.json). */
export interface ListRules {
  redListSize: number;
  blackListSize: number;
}

/** Everything overdue a unit answers for at asOf: the period's rows and older ones still open. */
export const overdueTotal = (f: UnitFigures) => f.overdue.numerator + f.carriedOverdue;

/**
 * 红榜: the best-ranked units with nothing overdue, of the period or carried over. 黑榜: units with
 * anything overdue, most first (then the higher 超期率). A unit is on at most one list.
 */
export function honourLists(ranked: readonly UnitFigures[], rules: ListRules): { red: UnitFigures[]; black: UnitFigures[] } {
  const red = ranked.filter((f) => f.rank !== null && overdueTotal(f) === 0).slice(0, rules.redListSize);
  const black = ranked
    .filter((f) => overdueTotal(f) > 0)
    .sort((a, b) => overdueTotal(b) - overdueTotal(a) || (b.overdue.rate ?? 0) - (a.overdue.rate ?? 0) || (a.rank ?? Infinity) - (b.rank ?? Infinity))
    .slice(0, rules.blackListSize);
  return { red, black };
}

/**
 * 满意率 of one unit: ratings of 4–5 over all ratings given. Undefined ratings (no source) give
 * null, never a made-up number; no ratings give 0/0 (rate null).
 */
export function satisfactionOf(ratings: readonly { score: number }[] | undefined): Ratio | null {
  if (ratings === undefined) return null;
  return ratio(ratings.filter((rating) => rating.score >= 4).length, ratings.length);
}
