import { addCalendarDays, compareLocalDate, shanghaiDayStart, type LocalDate, type WorkingCalendar } from '../calendar';
import type { FieldError } from '../errors';

// 上市培育 (measures 17-18, 30): an enterprise's way from the district pool to listing, as an
// ordered chain of milestones. The chain, each milestone's expected duration, its evidence, its
// staged reward and the check-in cadence are data (prisma/seed/listing-programme.json); a case
// keeps the chain it was enrolled with, as an item keeps its policy.

export type DurationUnit = 'months' | 'working_days';

export interface ListingMilestoneDef {
  key: string;
  label: string;
  /** Expected time from the previous milestone; null for the first (reached on enrolment). */
  expected: { amount: number; unit: DurationUnit } | null;
  evidenceRequired: boolean;
  /** What the evidence usually is, shown to whoever records it. */
  evidenceHint: string;
  /**
   * 分阶段奖励: reaching it starts a reward claim, a subsidy application to the open round of the
   * programme's rewardMeasureId for `amount` 万元 (both data; without them it goes to the commission as an item).
   */
  rewardClaim: { stage: string; amount?: number } | null;
  /** A plan target on how many enterprises reach it (measure 18: 5 in the municipal reserve). */
  quota?: { target: number; mode: 'warn' | 'enforce'; basis: string };
}

export interface ListingProgramme {
  milestones: ListingMilestoneDef[];
  /** 月度走访: one supervised item per period for the officer's unit, due on its Nth working day. */
  checkIn: { intervalMonths: number; dueWorkingDay: number; itemType: string };
  stallItemType: string;
  /** The item type of a reward claim handled by the commission (no open round, or the application was refused). */
  rewardItemType: string;
  /** The plan measure the staged rewards belong to (measure 30); its open funding round takes the claims. */
  rewardMeasureId?: string;
}

/** 服务专员: a named staff member per enterprise; their unit does the check-ins. */
export interface ListingOfficer {
  staffId: string;
  name: string;
  unitId: string;
}

/** Evidence for a milestone: document references (title and 文号) and/or attachment ids. */
export interface ListingEvidence {
  id: string;
  milestone: string;
  documents: { title: string; reference?: string }[];
  attachmentIds: string[];
  recordedBy: string;
  /** Who recorded it: the officer's unit or the enterprise (the commission on enrolment). */
  recordedAs: 'officer_unit' | 'enterprise' | 'commission';
  at: string;
}

export interface ReachedMilestone {
  key: string;
  label: string;
  reachedOn: LocalDate;
  evidence: ListingEvidence[];
  confirmedBy: string;
  confirmedAt: string;
}

/** Who acts on a case; the API resolves it from the session, the workflow re-checks it. */
export interface ListingActor {
  userId: string;
  side: 'commission' | 'officer_unit' | 'enterprise';
  unitId?: string;
  enterpriseId?: string;
}

/**
 * A staged reward claimed: a subsidy application (kind subsidy_application, its id) or, before the
 * connection or when no round took it, a supervised item for the commission (itemId; older
 * records carry no kind) with the reason it did not become an application.
 */
export type RewardClaimRecord =
  | { milestone: string; stage: string; at: string; kind?: 'supervised_item'; itemId: string; fallbackReason?: string }
  | { milestone: string; stage: string; at: string; kind: 'subsidy_application'; id: string; roundId: string };

export interface ListingCaseState {
  caseId: string;
  enterpriseId: string;
  officer: ListingOfficer;
  reached: ReachedMilestone[];
  /** Evidence recorded for the next milestone, waiting for the commission's confirmation. */
  pendingEvidence: ListingEvidence[];
  /** When the next milestone is expected (from the last one reached and its expected duration). */
  nextDueOn: LocalDate | null;
  /** Milestones whose stall has been escalated: each once. */
  stallEscalations: { milestone: string; itemId: string; at: string }[];
  rewardClaims: RewardClaimRecord[];
  /** Check-in items not known to be closed (refreshed from the read model at continue-as-new). */
  openCheckIns: { period: string; itemId: string }[];
  /** The last check-in period started (YYYY-MM). */
  lastCheckInPeriod: string | null;
  listedOn: LocalDate | null;
  version: number;
  seq: number;
}

export const milestoneIndex = (programme: ListingProgramme, key: string) => programme.milestones.findIndex((milestone) => milestone.key === key);

/** The milestone after those reached, or undefined once the last (上市) is reached. */
export function nextMilestone(programme: ListingProgramme, state: Pick<ListingCaseState, 'reached'>): ListingMilestoneDef | undefined {
  return programme.milestones[state.reached.length];
}

export interface ListingProblem {
  code: 'MILESTONE_OUT_OF_ORDER' | 'MISSING_EVIDENCE' | 'VALIDATION_FAILED' | 'INVALID_STATE' | 'WRONG_UNIT' | 'FORBIDDEN';
  message: string;
}

function orderProblem(programme: ListingProgramme, state: ListingCaseState, key: string, doing: string): ListingProblem | undefined {
  const next = nextMilestone(programme, state);
  if (!next) return { code: 'INVALID_STATE', message: '企业已上市，培育流程已结束' };
  if (key === next.key) return undefined;
  const index = milestoneIndex(programme, key);
  if (index < 0) return { code: 'VALIDATION_FAILED', message: `里程碑不存在：${key}` };
  const label = programme.milestones[index]!.label;
  return index < state.reached.length
    ? { code: 'MILESTONE_OUT_OF_ORDER', message: `里程碑「${label}」已达成，当前只能${doing}下一个里程碑「${next.label}」` }
    : { code: 'MILESTONE_OUT_OF_ORDER', message: `里程碑须依次达成：当前只能${doing}「${next.label}」，不能跳到「${label}」` };
}

/** Evidence goes with the next milestone only, from the officer's unit or the enterprise itself. */
export function evidenceProblem(programme: ListingProgramme, state: ListingCaseState, actor: ListingActor, milestone: string): ListingProblem | undefined {
  if (actor.side === 'officer_unit' && actor.unitId !== state.officer.unitId) return { code: 'WRONG_UNIT', message: '仅服务专员所在单位可为该企业记录佐证材料' };
  if (actor.side === 'enterprise' && actor.enterpriseId !== state.enterpriseId) return { code: 'FORBIDDEN', message: '只能为本企业记录佐证材料' };
  if (actor.side === 'commission') return { code: 'FORBIDDEN', message: '佐证材料由服务专员所在单位或企业记录，区经济信息委负责确认' };
  return orderProblem(programme, state, milestone, '记录');
}

/** The commission confirms the next milestone, on a date not before the last one, with its evidence. */
export function confirmProblem(programme: ListingProgramme, state: ListingCaseState, actor: ListingActor, milestone: string, reachedOn: LocalDate): ListingProblem | undefined {
  if (actor.side !== 'commission') return { code: 'FORBIDDEN', message: '仅区经济信息委督办人员可确认里程碑' };
  const order = orderProblem(programme, state, milestone, '确认');
  if (order) return order;
  const next = nextMilestone(programme, state)!;
  const last = state.reached[state.reached.length - 1];
  if (last && compareLocalDate(reachedOn, last.reachedOn) < 0) {
    return { code: 'VALIDATION_FAILED', message: `达成日期不能早于上一里程碑「${last.label}」的达成日期 ${last.reachedOn}` };
  }
  if (next.evidenceRequired && state.pendingEvidence.length === 0) {
    return { code: 'MISSING_EVIDENCE', message: `「${next.label}」须先由服务专员所在单位或企业记录佐证材料（${next.evidenceHint}）` };
  }
  return undefined;
}

/** `date` plus whole months; a day past the month's end falls on its last day (1-31 + 1 month = 2-28/29). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** When a milestone is expected, counted from the day the previous one was reached. */
export function expectedBy(from: LocalDate, expected: NonNullable<ListingMilestoneDef['expected']>, calendar: WorkingCalendar): LocalDate {
  return expected.unit === 'months' ? addMonths(from, expected.amount) : calendar.addWorkingDays(from, expected.amount).date;
}

/** The check-in period (YYYY-MM) `interval` months after `period`. */
export function periodAfter(period: string, interval: number): string {
  return addMonths(`${period}-01`, interval).slice(0, 7);
}

/** The instant a period starts: 00:00 China time on its 1st. */
export const periodStart = (period: string): Date => shanghaiDayStart(`${period}-01`);

/**
 * The assignment instant of a period's check-in item: the start of the day before the 1st, so that
 * the item's clock (counted from the next working day) ends on the period's Nth working day.
 */
export const periodAssignedAt = (period: string): string => shanghaiDayStart(addCalendarDays(`${period}-01`, -1)).toISOString();

/**
 * Measure 18's quota, given how many cases have reached the milestone already: nothing below the
 * target; at or above it a message, which `warn` mode records with the confirmation and `enforce`
 * mode refuses with. The shipped mode is warn: the plan's figure is a target to strive for (争取).
 */
export function quotaCheck(milestone: ListingMilestoneDef, alreadyReached: number): { message: string; refuse: boolean } | undefined {
  if (!milestone.quota || alreadyReached < milestone.quota.target) return undefined;
  return {
    message: `「${milestone.label}」已纳入 ${alreadyReached} 家，已达到目标 ${milestone.quota.target} 家（${milestone.quota.basis}）`,
    refuse: milestone.quota.mode === 'enforce',
  };
}

/** The invariants of a programme file; empty when it is usable. */
export function programmeErrors(programme: ListingProgramme): FieldError[] {
  const errors: FieldError[] = [];
  const keys = programme.milestones.map((milestone) => milestone.key);
  if (keys.length < 2) errors.push({ path: 'milestones', message: '至少需要两个里程碑' });
  if (new Set(keys).size !== keys.length) errors.push({ path: 'milestones', message: '里程碑编号不能重复' });
  programme.milestones.forEach((milestone, index) => {
    if (index === 0 && milestone.expected !== null) errors.push({ path: `milestones.${index}.expected`, message: '第一个里程碑在入库时达成，不设预期时长' });
    if (index > 0 && milestone.expected === null) errors.push({ path: `milestones.${index}.expected`, message: '须设置预期时长' });
  });
  if (programme.checkIn.dueWorkingDay < 1 || programme.checkIn.intervalMonths < 1) errors.push({ path: 'checkIn', message: '走访周期与时限至少为 1' });
  return errors;
}

/** One change of a case, as its timeline (listing_event) and the audit trail record it. */
export interface ListingEventRecord {
  seq: number;
  action: 'enrol' | 'evidence' | 'confirm' | 'officer' | 'stall' | 'reward_claim' | 'check_in';
  milestone?: string;
  actorId: string;
  detail: Record<string, unknown>;
  at: string;
}

/** What the read model mirrors after each change. */
export interface ListingRecord {
  state: ListingCaseState;
  workflowId: string;
  enrolledOn: LocalDate;
  nextMilestone: string | null;
  enrolKey?: string;
}

