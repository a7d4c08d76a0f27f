// Warnings (黄牌/红牌) and the escalation ladder (催办 → 督办单 → 挂牌督办 → 通报), computed from
// the clock. Policies are data per item type, so a district can retune them without a release.
//
// Pure and deterministic (imported by workflows): the calendar and "now" are passed in.

import { type WorkingCalendar, shanghaiDateOf, shanghaiDayStart } from '../calendar';
import type { FieldError } from '../errors';
import { type BudgetUnit, type Clock, clockStanding } from './clock';

export type Colour = 'green' | 'yellow' | 'red';

export interface WarningPolicy {
  /** Yellow once this share of the budget (with extensions) is used, e.g. 0.8. */
  yellowAtShareUsed: number;
  /** Yellow once this many working days (hours, for hour budgets) or fewer remain, e.g. 3. */
  yellowAtDaysLeft: number;
}

export const ladderStepKeys = ['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin'] as const;
export type LadderStepKey = (typeof ladderStepKeys)[number];
/** The ladder's steps plus 签收超时: the item was not signed for by its sign deadline. */
export type EscalationStepKey = LadderStepKey | 'sign_overdue';

export const orgRoles = ['liaison', 'unit_leader', 'commission_officer', 'commission_head', 'district_leader'] as const;
export type OrgRole = (typeof orgRoles)[number];

export const notifyUnits = ['lead', 'commission'] as const;
export type NotifyTarget = { role: OrgRole; unit: (typeof notifyUnits)[number] };

export const triggerAnchors = ['yellow', 'due'] as const;

export interface EscalationStep {
  key: LadderStepKey;
  /** Chinese, as shown on notices: 提醒联络员 / 催办通知 / 督办单 / 挂牌督办 / 通报. */
  label: string;
  /** Fires N working days after the item turns yellow or after its deadline. */
  trigger: { after: (typeof triggerAnchors)[number]; workingDays: number };
  /** 'lead': the lead unit's person in that role; 'commission': the commission's (or, for district_leader, reached through it). */
  notify: NotifyTarget[];
}

export interface EscalationPolicy {
  warning: WarningPolicy;
  ladder: EscalationStep[];
  /** Who hears when the unit has not signed by the sign deadline (签收时限); absent: nobody. */
  signOverdue?: { label: string; notify: NotifyTarget[] };
}

export type ScheduledStep = EscalationStep & { fireAt: string };

export interface NextStep {
  step: ScheduledStep;
  /** The step's instant has come: it should fire now. */
  dueNow: boolean;
}

/** Only the warning part of a policy is needed for colours; a whole EscalationPolicy also fits. */
type WithWarning = Pick<EscalationPolicy, 'warning'>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

const leadLiaison = { role: 'liaison', unit: 'lead' } as const;
const leadUnitLeader = { role: 'unit_leader', unit: 'lead' } as const;
const commissionOfficer = { role: 'commission_officer', unit: 'commission' } as const;
const commissionHead = { role: 'commission_head', unit: 'commission' } as const;
// District leaders belong to neither unit; the commission's bulletin reaches them.
const districtLeader = { role: 'district_leader', unit: 'commission' } as const;

export const defaultWarningPolicy: WarningPolicy = deepFreeze({ yellowAtShareUsed: 0.8, yellowAtDaysLeft: 3 });

/**
 * The convention in docs/domain.md: a reminder when yellow, 催办通知 the working day after the
 * deadline (copied to the unit's 分管领导), then 督办单 and 挂牌督办, each step adding the next
 * level of people; 通报批评 once the item is still overdue more than 5 working days after the
 * 催办 (the cited rule): the 6th working day after it, deadline + 7.
 */
export const defaultEscalationPolicy: EscalationPolicy = deepFreeze({
  warning: { ...defaultWarningPolicy },
  ladder: [
    { key: 'remind_liaison', label: '提醒联络员', trigger: { after: 'yellow', workingDays: 0 }, notify: [leadLiaison] },
    { key: 'urge', label: '催办通知', trigger: { after: 'due', workingDays: 1 }, notify: [leadLiaison, leadUnitLeader] },
    {
      key: 'supervise',
      label: '督办单',
      trigger: { after: 'due', workingDays: 3 },
      notify: [leadLiaison, leadUnitLeader, commissionOfficer],
    },
    {
      key: 'flag',
      label: '挂牌督办',
      trigger: { after: 'due', workingDays: 5 },
      notify: [leadLiaison, leadUnitLeader, commissionOfficer, commissionHead],
    },
    {
      key: 'bulletin',
      label: '通报批评',
      trigger: { after: 'due', workingDays: 7 },
      notify: [leadLiaison, leadUnitLeader, commissionOfficer, commissionHead, districtLeader],
    },
  ],
  signOverdue: { label: '签收超时', notify: [leadLiaison, leadUnitLeader, commissionOfficer] },
});

/**
 * The used amount (in the clock's base measure) from which the item is yellow: the smaller of
 * "share used reached" and "days left reached", never later than the whole budget. The share is
 * compared by division, exactly as usedOf reports it, so 0.7 of 10 is 7 and not 8 by rounding.
 */
function yellowThreshold(warning: WarningPolicy, baseTotal: number, baseUnit: number): number {
  if (!Number.isFinite(warning.yellowAtShareUsed) || !Number.isFinite(warning.yellowAtDaysLeft)) {
    throw new RangeError(`Warning policy needs finite numbers, got ${JSON.stringify(warning)}`);
  }
  let byShare = Math.max(0, Math.ceil(warning.yellowAtShareUsed * baseTotal));
  while (byShare > 0 && (byShare - 1) / baseTotal >= warning.yellowAtShareUsed) byShare--;
  while (byShare / baseTotal < warning.yellowAtShareUsed) byShare++;
  const byDaysLeft = Math.ceil(baseTotal - warning.yellowAtDaysLeft * baseUnit);
  return Math.max(0, Math.min(byShare, byDaysLeft, baseTotal));
}

/**
 * The instant the item turns yellow: the start (00:00 +08:00) of the first counted working day
 * on which the threshold is reached, or the exact instant for hour budgets; startedAt when the
 * item is yellow from the outset. Null while the clock is stopped.
 */
export function yellowFrom(clock: Clock, policy: WithWarning, calendar: WorkingCalendar): string | null {
  const standing = clockStanding(clock, calendar);
  if (!standing.running) return null;
  const at = standing.whenUsedReaches(yellowThreshold(policy.warning, standing.baseTotal, standing.baseUnit));
  return at === null ? null : new Date(at).toISOString();
}

/**
 * Red from dueAt on (also while stopped, if the limit ran out before the suspension); otherwise
 * yellow once the used amount reaches the warning threshold. Green before the clock starts.
 */
export function colourAt(clock: Clock, policy: WithWarning, calendar: WorkingCalendar, now: Date): Colour {
  const standing = clockStanding(clock, calendar);
  const nowMs = now.getTime();
  if (nowMs < standing.startMs) return 'green';
  if (standing.dueMs !== null && nowMs >= standing.dueMs) return 'red';
  const threshold = yellowThreshold(policy.warning, standing.baseTotal, standing.baseUnit);
  return standing.usedAt(nowMs) >= threshold ? 'yellow' : 'green';
}

/**
 * When each ladder step fires, sorted by instant (ties keep ladder order). "After X + N working
 * days" fires at the start of the N-th working day after X's day; N = 0 fires at X itself
 * (yellowFrom, or dueAt — the first moment the item is overdue). Empty while the clock is stopped.
 */
export function escalationSchedule(clock: Clock, policy: EscalationPolicy, calendar: WorkingCalendar): ScheduledStep[] {
  const standing = clockStanding(clock, calendar);
  if (!standing.running || standing.dueMs === null || standing.dueOn === null) return [];
  const yellowMs = standing.whenUsedReaches(yellowThreshold(policy.warning, standing.baseTotal, standing.baseUnit));
  if (yellowMs === null) return [];
  const anchors = {
    yellow: { instantMs: yellowMs, day: shanghaiDateOf(new Date(yellowMs)) },
    due: { instantMs: standing.dueMs, day: standing.dueOn },
  };

  const schedule = policy.ladder.map((step) => {
    const anchor = anchors[step.trigger.after];
    const fireMs =
      step.trigger.workingDays === 0
        ? anchor.instantMs
        : shanghaiDayStart(calendar.addWorkingDays(anchor.day, step.trigger.workingDays).date).getTime();
    return { fireMs, step };
  });
  schedule.sort((a, b) => a.fireMs - b.fireMs);
  return schedule.map(({ fireMs, step }) => ({
    key: step.key,
    label: step.label,
    trigger: { ...step.trigger },
    notify: step.notify.map((target) => ({ ...target })),
    fireAt: new Date(fireMs).toISOString(),
  }));
}

/** The earliest step not yet fired, and whether its instant has come; null when all have fired. */
export function nextStep(schedule: readonly ScheduledStep[], fired: readonly EscalationStepKey[], now: Date): NextStep | null {
  for (const step of schedule) {
    if (!fired.includes(step.key)) return { step, dueNow: now.getTime() >= Date.parse(step.fireAt) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Validation: what an administrator may set. Policies are data edited through the API, so every
// rule the engine relies on (each step fires once, by key; someone hears of it) is checked here.

/** Most working days any trigger or limit may name: about one calendar year. */
export const maxWorkingDays = 250;

/** Roles that exist only at the commission; district leaders are reached through it. */
const commissionOnlyRoles: readonly OrgRole[] = ['commission_officer', 'commission_head', 'district_leader'];

const roleLabels: Record<OrgRole, string> = {
  liaison: '联络员',
  unit_leader: '分管领导',
  commission_officer: '督办员',
  commission_head: '委领导',
  district_leader: '区领导',
};

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= max;

function notifyErrors(notify: unknown, path: string): FieldError[] {
  if (!Array.isArray(notify) || notify.length === 0) return [{ path, message: '至少指定一个通知对象' }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  notify.forEach((target: Partial<NotifyTarget> | null, index) => {
    const at = `${path}.${index}`;
    const role = target?.role;
    const unit = target?.unit;
    if (!orgRoles.includes(role as OrgRole)) errors.push({ path: `${at}.role`, message: `未知的通知角色，可选：${orgRoles.join('、')}` });
    if (!notifyUnits.includes(unit as NotifyTarget['unit'])) {
      errors.push({ path: `${at}.unit`, message: '通知对象所在单位须为 lead（牵头单位）或 commission（区经济信息委）' });
    } else if (unit === 'lead' && commissionOnlyRoles.includes(role as OrgRole)) {
      errors.push({ path: `${at}.unit`, message: `${roleLabels[role as OrgRole]}只能经区经济信息委通知（unit 须为 commission）` });
    }
    const key = `${String(role)}@${String(unit)}`;
    if (seen.has(key)) errors.push({ path: at, message: '通知对象重复' });
    seen.add(key);
  });
  return errors;
}

/**
 * The invariants of an escalation policy, each broken one as a field error with a Chinese
 * message; empty when valid. `budgetUnit` names what yellowAtDaysLeft counts (days or hours).
 */
export function escalationPolicyErrors(policy: EscalationPolicy, budgetUnit: BudgetUnit, path = 'escalation'): FieldError[] {
  if (policy === null || typeof policy !== 'object') return [{ path, message: '请填写预警与升级规则' }];
  const errors: FieldError[] = [];
  const warning: Partial<WarningPolicy> = policy.warning ?? {};
  const share = warning.yellowAtShareUsed;
  if (typeof share !== 'number' || !Number.isFinite(share) || share <= 0 || share > 1) {
    errors.push({ path: `${path}.warning.yellowAtShareUsed`, message: '黄牌预警的已用比例须大于 0 且不超过 1（如 0.8）' });
  }
  const amount = budgetUnit === 'hours' ? '小时数' : '工作日数';
  if (!isWhole(warning.yellowAtDaysLeft, 0, Number.MAX_SAFE_INTEGER)) {
    errors.push({ path: `${path}.warning.yellowAtDaysLeft`, message: `黄牌预警的剩余${amount}须为不小于 0 的整数` });
  }

  if (!Array.isArray(policy.ladder)) {
    errors.push({ path: `${path}.ladder`, message: '升级阶梯须为步骤列表' });
  } else {
    const keys = new Set<string>();
    policy.ladder.forEach((step: Partial<EscalationStep> | null, index) => {
      const at = `${path}.ladder.${index}`;
      if (!ladderStepKeys.includes(step?.key as LadderStepKey)) {
        errors.push({ path: `${at}.key`, message: `未知的升级步骤，可选：${ladderStepKeys.join('、')}` });
      } else if (keys.has(step!.key!)) {
        errors.push({ path: `${at}.key`, message: `升级步骤 ${step!.key} 重复，每一级只能出现一次` });
      }
      if (step?.key) keys.add(step.key);
      if (!isText(step?.label, 20)) errors.push({ path: `${at}.label`, message: '请填写步骤名称（不超过 20 个字）' });
      if (!triggerAnchors.includes(step?.trigger?.after as EscalationStep['trigger']['after'])) {
        errors.push({ path: `${at}.trigger.after`, message: '触发基准须为 yellow（变黄）或 due（到期）' });
      }
      if (!isWhole(step?.trigger?.workingDays, 0, maxWorkingDays)) {
        errors.push({ path: `${at}.trigger.workingDays`, message: `触发时间须为 0 到 ${maxWorkingDays} 之间的整数个工作日` });
      }
      errors.push(...notifyErrors(step?.notify, `${at}.notify`));
    });
  }

  if (policy.signOverdue !== undefined) {
    const signOverdue: Partial<NonNullable<EscalationPolicy['signOverdue']>> = policy.signOverdue ?? {};
    if (!isText(signOverdue.label, 20)) errors.push({ path: `${path}.signOverdue.label`, message: '请填写签收超时的名称（不超过 20 个字）' });
    errors.push(...notifyErrors(signOverdue.notify, `${path}.signOverdue.notify`));
  }
  return errors;
}
