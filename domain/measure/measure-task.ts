import type { LocalDate } from '../calendar';
import type { Actor } from '../supervision/item';
import type { ItemTypePolicy } from '../supervision/item-type';
import type { PeriodKey, PeriodKind } from './period';

// 重点任务: a measure (or mechanism) of the plan tracked for its lead and co-units. Each period a
// progress report (进度报送) is due from them by the Nth working day after the period ends: one
// supervised item per period, so a missing report escalates through the item's own ladder.

/** The reporting cadence as data (seeded default: prisma/seed/measure-cadence.json). */
export interface MeasureCadence {
  period: PeriodKind;
  /** The report is due on this working day after the period ends (e.g. by the 5th). */
  dueWorkingDay: number;
}

export interface MeasureTaskInput {
  taskId: string;
  measureId: string;
  /** e.g. 重点任务第7项：推动数字化、智能化、绿色化发展 */
  title: string;
  leadUnitId: string;
  coUnitIds: string[];
  commissionUnitId: string;
  cadence: MeasureCadence;
  startsOn: LocalDate;
  endsOn?: LocalDate;
  launchedBy: string;
  /** Carried over by continue-as-new: the next period to report. */
  carried?: { nextPeriod: PeriodKey };
}

/** What one period's report item is started with; the report item's type supplies the rest. */
export interface MeasureReportPlan {
  taskId: string;
  period: PeriodKey;
  itemId: string;
  at: string;
}

/**
 * The policy a period's report item runs with: the item type's rules, with the handling budget set
 * by the cadence. The item is assigned on the period's last day, so counting starts the next day
 * and the deadline is the cadence's Nth working day after the period.
 */
export function reportPolicy(typePolicy: ItemTypePolicy, cadence: MeasureCadence): ItemTypePolicy {
  return { ...typePolicy, handleDays: cadence.dueWorkingDay, coUnitLeadDays: Math.min(typePolicy.coUnitLeadDays, cadence.dueWorkingDay - 1) };
}

/** A cadence the report items can run with: co-units report a working day before the lead. */
export const validCadence = (cadence: MeasureCadence) =>
  (cadence.period === 'month' || cadence.period === 'quarter') && Number.isInteger(cadence.dueWorkingDay) && cadence.dueWorkingDay >= 2 && cadence.dueWorkingDay <= 20;

/** The hour (China time) on a period's last day at which its report item is assigned. */
export const reportAssignHour = 9;

/** A unit or the commission records achievements: the measure's own units, or the commission. */
export interface AchievementRequest {
  actor: Actor;
  subTarget: string;
  count: number;
  achievedOn: LocalDate;
  enterpriseId?: string;
  evidence: string;
  reference?: string;
}

export interface SubTarget {
  name: string;
  target: number;
  /** 'plan': the target is for the whole plan period; 'year': the target applies each year. */
  per: 'plan' | 'year';
}

export interface SubTargetProgress extends SubTarget {
  measureId: string;
  measureNo: string;
  /** Sum of achievements over the plan. */
  actual: number;
  /** Share of the plan target (for per-year targets: of the target times the years covered). */
  share: number | null;
  byYear: { year: number; actual: number; target: number | null; cumulative: number }[];
}

/**
 * Actual vs target by year for one sub-target. A plan-wide target shows the cumulative count each
 * year against the whole target; a per-year target shows each year's count against it.
 */
export function subTargetProgress(
  measure: { id: string; no: string },
  subTarget: SubTarget,
  achievements: readonly { achievedOn: LocalDate; count: number }[],
  years: readonly number[],
): SubTargetProgress {
  const perYear = new Map<number, number>();
  for (const achievement of achievements) {
    const year = Number(achievement.achievedOn.slice(0, 4));
    perYear.set(year, (perYear.get(year) ?? 0) + achievement.count);
  }
  const allYears = [...new Set([...years, ...perYear.keys()])].sort((a, b) => a - b);
  let cumulative = 0;
  const byYear = allYears.map((year) => {
    const actual = perYear.get(year) ?? 0;
    cumulative += actual;
    return { year, actual, target: subTarget.per === 'year' ? subTarget.target : null, cumulative };
  });
  const actual = cumulative;
  const whole = subTarget.per === 'year' ? subTarget.target * Math.max(1, years.length) : subTarget.target;
  return { measureId: measure.id, measureNo: measure.no, ...subTarget, actual, share: whole > 0 ? actual / whole : null, byYear };
}

/** The item type of a period's progress report (seeded with its limits; editable as data). */
export const measureReportItemType = 'measure_report';
