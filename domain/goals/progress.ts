import type { LocalDate } from '../calendar';
import { compareLocalDate, epochDayOf } from '../calendar';

// 目标进度: each plan target's actual against its target, by year of the plan period. Targets are
// data (plan_target); each target's actual comes from an "actual source" (api/goals/actual-sources.ts)
// that counts new achievements per year. A target without a source reports its actual as unknown.

export interface PlanPeriod {
  from: LocalDate;
  to: LocalDate;
}

export interface GoalYear {
  year: number;
  /** New in the year (null: unknown). */
  actual: number | null;
  /** Since the plan began, up to the end of the year. */
  cumulative: number | null;
  /** Share of the plan's target reached by the year's end, in % (one decimal). */
  completion: number | null;
  /** 序时进度: share of the plan period elapsed by the year's end (or today, in the current year), in %. */
  timeElapsed: number;
}

export interface GoalProgress {
  key: string;
  name: string;
  target: number;
  due: LocalDate;
  actual: number | null;
  completion: number | null;
  /** How the actual is counted, or why it is unknown. */
  note: string;
  years: GoalYear[];
}

const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

/** The plan's years, each with its new achievements (counts keyed by year) summed up. */
export function goalProgress(input: {
  target: { key: string; name: string; target: number; due: LocalDate };
  period: PlanPeriod;
  today: LocalDate;
  /** New achievements per year within the period; undefined when the target has no source. */
  perYear: Map<number, number> | undefined;
  note: string;
}): GoalProgress {
  const { period, perYear, target } = input;
  const firstYear = Number(period.from.slice(0, 4));
  const lastYear = Number(period.to.slice(0, 4));
  const span = epochDayOf(period.to) - epochDayOf(period.from) + 1;
  let running = 0;
  const years: GoalYear[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    const yearEnd = `${year}-12-31` < period.to ? `${year}-12-31` : period.to;
    const asOf = compareLocalDate(input.today, yearEnd) < 0 ? input.today : yearEnd;
    const elapsed = Math.max(0, Math.min(span, epochDayOf(asOf) - epochDayOf(period.from) + 1));
    const actual = perYear ? (perYear.get(year) ?? 0) : null;
    if (actual !== null) running += actual;
    years.push({
      year,
      actual,
      cumulative: perYear ? running : null,
      completion: perYear ? pct(running, target.target) : null,
      timeElapsed: pct(elapsed, span),
    });
  }
  return {
    key: target.key,
    name: target.name,
    target: target.target,
    due: target.due,
    actual: perYear ? running : null,
    completion: perYear ? pct(running, target.target) : null,
    note: input.note,
    years,
  };
}
