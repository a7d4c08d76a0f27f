import type { LocalDate } from '../calendar';
import { addCalendarDays, compareLocalDate, epochDayOf, localDateOfEpochDay } from '../calendar';
import type { ItemTypePolicy } from '../supervision/item-type';
import type { Actor } from '../supervision/item';

// 梯度培育 recognition: tiers, their steps, and the criteria checked against an enterprise's
// yearly figures. Tiers, steps, validity and criteria are data (prisma/seed/recognition.json and
// the recognition_criteria table); only the metrics an enterprise's figures offer, and the step
// kinds with their own fields, are code.

export const tierKeys = ['innovative_sme', 'municipal_srdi', 'national_little_giant'] as const;
export type TierKey = (typeof tierKeys)[number];

export const tierLabels: Record<TierKey, string> = {
  innovative_sme: '创新型中小企业',
  municipal_srdi: '市级专精特新中小企业',
  national_little_giant: '国家级专精特新“小巨人”企业',
};

/**
 * What a step records: 初审 and 抽查 pass or stop the application; 公示 records its dates;
 * 推荐 sends it upward; 结果录入 records the higher level's decision and its date.
 */
export const stepKinds = ['review', 'spot_check', 'publicity', 'recommend', 'result'] as const;
export type StepKind = (typeof stepKinds)[number];

export const stepLabels: Record<StepKind, string> = {
  review: '区经济信息委初审',
  spot_check: '抽查核实',
  publicity: '公示',
  recommend: '初审推荐上报',
  result: '认定结果录入',
};

export interface TierStepConfig {
  kind: StepKind;
  itemType: string;
  /** 公示: the publicity must last at least this many working days. */
  minWorkingDays?: number;
}

export interface TierConfig {
  key: TierKey;
  name: string;
  /** Who decides: the district itself, or the municipal / national level after the district recommends. */
  level: 'district' | 'municipal' | 'national';
  validityYears: number;
  /** A re-check reminder goes out this many working days before the recognition expires. */
  recheckReminderDays: number;
  steps: TierStepConfig[];
}

export type CriterionOp = 'gte' | 'lte' | 'held';

export interface CriterionRule {
  key: string;
  label: string;
  /** A figure (revenue, rdExpense, employees, inventionPatents), a derived one (rdRatio, revenueGrowth) or `tier:<key>`. */
  metric: string;
  op: CriterionOp;
  value?: number;
}

export interface CriteriaVersion {
  tier: TierKey;
  version: string;
  effectiveFrom: LocalDate;
  source: string;
  rules: CriterionRule[];
}

/** One year of an enterprise's figures (万元 for money). */
export interface YearFigures {
  year: number;
  revenue: number;
  rdExpense: number;
  employees: number;
  inventionPatents: number;
}

export type CriterionOutcome = 'met' | 'not_met' | 'missing';

export const criterionOutcomeLabels: Record<CriterionOutcome, string> = { met: '符合', not_met: '不符合', missing: '缺少数据' };

export interface CriterionResult {
  key: string;
  label: string;
  outcome: CriterionOutcome;
  /** The enterprise's value, when it has one. */
  actual: number | string | null;
  required: number | string | null;
  /** One line a person reads, e.g. 研发费用占营业收入比重 4.73%，要求不低于 5%：不符合. */
  message: string;
}

export interface CriteriaCheck {
  tier: TierKey;
  criteriaVersion: string;
  figuresYear: number;
  allMet: boolean;
  results: CriterionResult[];
}

const metricLabels: Record<string, { label: string; unit: string }> = {
  revenue: { label: '营业收入', unit: '万元' },
  rdExpense: { label: '研发费用', unit: '万元' },
  employees: { label: '从业人员', unit: '人' },
  inventionPatents: { label: '有效发明专利', unit: '项' },
  rdRatio: { label: '研发费用占营业收入比重', unit: '%' },
  revenueGrowth: { label: '营业收入增长率', unit: '%' },
};

export const knownMetrics = [...Object.keys(metricLabels), ...tierKeys.map((tier) => `tier:${tier}`)];

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The metric's value from the figures of the year and the year before; null when a figure is missing. */
function metricValue(metric: string, current: YearFigures | undefined, previous: YearFigures | undefined): number | null {
  if (!current) return null;
  switch (metric) {
    case 'revenue':
    case 'rdExpense':
    case 'employees':
    case 'inventionPatents':
      return current[metric];
    case 'rdRatio':
      return current.revenue > 0 ? round2((current.rdExpense / current.revenue) * 100) : null;
    case 'revenueGrowth':
      return previous && previous.revenue > 0 ? round2(((current.revenue - previous.revenue) / previous.revenue) * 100) : null;
    default:
      return null;
  }
}

/**
 * Checks each rule against the figures of `figuresYear` (the year before the batch) and the
 * tiers the enterprise holds on `asOf`. A figure that is not on file is `missing`, never a pass.
 */
export function checkCriteria(input: {
  criteria: CriteriaVersion;
  figuresYear: number;
  figures: readonly YearFigures[];
  heldTiers: readonly { tier: string; validUntil: LocalDate; recognisedOn: LocalDate }[];
  asOf: LocalDate;
}): CriteriaCheck {
  const current = input.figures.find((figure) => figure.year === input.figuresYear);
  const previous = input.figures.find((figure) => figure.year === input.figuresYear - 1);
  const results = input.criteria.rules.map((rule): CriterionResult => {
    if (rule.op === 'held') {
      const tier = rule.metric.replace(/^tier:/, '') as TierKey;
      const held = input.heldTiers.some((row) => row.tier === tier && compareLocalDate(row.recognisedOn, input.asOf) <= 0 && compareLocalDate(row.validUntil, input.asOf) >= 0);
      const name = tierLabels[tier] ?? tier;
      return {
        key: rule.key,
        label: rule.label,
        outcome: held ? 'met' : 'not_met',
        actual: held ? name : null,
        required: name,
        message: held ? `${rule.label}：符合` : `未持有有效的${name}认定：不符合`,
      };
    }
    const value = metricValue(rule.metric, current, previous);
    const { label, unit } = metricLabels[rule.metric] ?? { label: rule.metric, unit: '' };
    const required = rule.value ?? null;
    if (value === null) {
      return { key: rule.key, label: rule.label, outcome: 'missing', actual: null, required, message: `${rule.label}：缺少 ${input.figuresYear} 年度${label}所需数据` };
    }
    const met = rule.op === 'gte' ? value >= (rule.value ?? 0) : value <= (rule.value ?? 0);
    const bound = rule.op === 'gte' ? '不低于' : '不高于';
    return {
      key: rule.key,
      label: rule.label,
      outcome: met ? 'met' : 'not_met',
      actual: value,
      required,
      message: `${input.figuresYear} 年度${label} ${value}${unit}，要求${bound} ${required}${unit}：${met ? '符合' : '不符合'}`,
    };
  });
  return { tier: input.criteria.tier, criteriaVersion: input.criteria.version, figuresYear: input.figuresYear, allMet: results.every((result) => result.outcome === 'met'), results };
}

/** The criteria version in force on a day: the latest one effective by then. */
export function criteriaInForce<T extends { effectiveFrom: LocalDate }>(versions: readonly T[], on: LocalDate): T | undefined {
  return [...versions].filter((version) => compareLocalDate(version.effectiveFrom, on) <= 0).sort((a, b) => compareLocalDate(b.effectiveFrom, a.effectiveFrom))[0];
}

/** A batch's applicants are judged on the figures of the year before the batch opens (上年度). */
export const figuresYearFor = (opensOn: LocalDate) => Number(opensOn.slice(0, 4)) - 1;

/** The last day a recognition is valid: the day before its anniversary `years` later. */
export function validUntilOf(recognisedOn: LocalDate, years: number): LocalDate {
  const year = Number(recognisedOn.slice(0, 4)) + years;
  const monthDay = recognisedOn.slice(4);
  // 29 February becomes 28 February in a common year.
  const anniversary = monthDay === '-02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? `${year}-03-01` : `${year}${monthDay}`;
  return addCalendarDays(anniversary, -1);
}

/** The day `workingDays` working days before `date`, by the given working-day test. */
export function workingDaysBefore(date: LocalDate, workingDays: number, isWorkingDay: (day: LocalDate) => boolean): LocalDate {
  let day = epochDayOf(date);
  for (let counted = 0; counted < workingDays; ) {
    day -= 1;
    if (isWorkingDay(localDateOfEpochDay(day))) counted += 1;
  }
  return localDateOfEpochDay(day);
}

// ---- the application workflow's messages ------------------------------------------------

export type ApplicationState = 'in_review' | 'recognised' | 'rejected';

export const applicationStateLabels: Record<ApplicationState, string> = { in_review: '审核中', recognised: '已认定', rejected: '未通过' };

export interface PlannedStep {
  seq: number;
  kind: StepKind;
  minWorkingDays?: number;
  /** The item type's policy as it was when the enterprise applied; the step's item keeps it. */
  policy: ItemTypePolicy;
}

export interface RecognitionInput {
  applicationId: string;
  enterpriseId: string;
  enterpriseName: string;
  batchId: string;
  tier: TierKey;
  commissionUnitId: string;
  appliedBy: string;
  appliedAt: string;
  validityYears: number;
  recheckReminderDays: number;
  steps: PlannedStep[];
  recheckPolicy: ItemTypePolicy;
}

export interface StepDecision {
  step: StepKind;
  decision: 'pass' | 'reject';
  comment: string;
  /** 公示 dates (inclusive). */
  publicityFrom?: LocalDate;
  publicityTo?: LocalDate;
  /** 推荐 / 结果录入: the document (文号) sent or received. */
  documentNo?: string;
  /** 结果录入: the day the higher level recognised the enterprise. */
  recognisedOn?: LocalDate;
}

export interface DecisionRequest {
  actor: Actor;
  decision: StepDecision;
}

export interface ApplicationProgress {
  applicationId: string;
  state: ApplicationState;
  currentStep: StepKind | null;
  /** The step item now open, once recorded. */
  itemId: string | null;
}

/** A recognition's validity and reminder, computed when it is recorded. */
export interface TierGrant {
  tier: TierKey;
  recognisedOn: LocalDate;
  validUntil: LocalDate;
  recheckOn: LocalDate;
}

export const isLocalDateBefore = (a: LocalDate, b: LocalDate) => compareLocalDate(a, b) < 0;
