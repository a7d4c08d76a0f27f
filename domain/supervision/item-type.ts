// Time limits and escalation per item type (事项类型). The policies are data in PostgreSQL
// (item_type, edited by an administrator through the API); `defaultItemTypes` below are only the
// first versions the seed loads. Everything here is plain JSON, because a policy travels in a
// workflow's input: an item keeps the policy it was created with.

import { AppError, type FieldError } from '../errors';
import type { BudgetUnit, Clock } from './clock';
import { startClock } from './clock';
import { type EscalationPolicy, defaultEscalationPolicy, escalationPolicyErrors, maxWorkingDays } from './escalation';
import { canonicalJson } from '../canonical-json';

export const itemProcesses = ['difficulty', 'meeting', 'measure', 'subsidy', 'general', 'recognition'] as const;
/** The process that creates items of a type; an API offers only its own process's types. */
export type ItemProcess = (typeof itemProcesses)[number];

const processLabels: Record<ItemProcess, string> = {
  difficulty: '企业诉求',
  meeting: '联席会议',
  measure: '重点任务',
  subsidy: '资金补助',
  general: '交办事项',
  recognition: '梯度培育认定',
};

/**
 * Natural-hour budgets are for urgent instructions the commission assigns directly (紧急交办);
 * the other processes follow statutory and 12345 practice, which counts working days.
 */
export const hourBudgetProcesses: readonly ItemProcess[] = ['general'];

/** Most hours an hour budget may have: beyond a month, count working days. */
export const maxBudgetHours = 720;

export interface ItemTypePolicy {
  type: string;
  label: string;
  process: ItemProcess;
  /** 签收时限: working days to sign for the item. */
  signDays: number;
  /** 办理时限: the budget to complete it, in `budgetUnit`, counted from the day (instant, for hours) it was assigned. */
  handleDays: number;
  budgetUnit: BudgetUnit;
  /** 退回时限: working days after assignment within which the unit may return a misassigned item. */
  returnDays: number;
  /** Co-organisers must report this much (in `budgetUnit`) before the lead's deadline. */
  coUnitLeadDays: number;
  escalation: EscalationPolicy;
}

const SIGN_DAYS = 1;
const RETURN_DAYS = 2;
const CO_UNIT_LEAD_DAYS = 2;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

function itemType(type: string, label: string, process: ItemProcess, handleDays: number, overrides: Partial<ItemTypePolicy> = {}): ItemTypePolicy {
  return {
    type,
    label,
    process,
    signDays: SIGN_DAYS,
    handleDays,
    budgetUnit: 'working_days',
    returnDays: RETURN_DAYS,
    coUnitLeadDays: CO_UNIT_LEAD_DAYS,
    escalation: defaultEscalationPolicy,
    ...overrides,
  };
}

/**
 * The first version of each type, which the seed loads when the type is absent from item_type.
 * Nothing reads these at runtime: items take their policy from the database.
 */
export const defaultItemTypes: readonly ItemTypePolicy[] = deepFreeze([
  itemType('difficulty', '企业诉求', 'difficulty', 7),
  // With 3 days, "3 days left" would be yellow from the moment of assignment; warn on the last day.
  itemType('difficulty_urgent', '企业诉求（紧急）', 'difficulty', 3, {
    coUnitLeadDays: 1,
    escalation: { ...defaultEscalationPolicy, warning: { yellowAtShareUsed: 0.6, yellowAtDaysLeft: 1 } },
  }),
  itemType('difficulty_complex', '企业诉求（复杂）', 'difficulty', 15),
  itemType('joint_meeting_task', '联席会议议定事项', 'meeting', 15),
  itemType('measure_report', '重点任务进度报送', 'measure', 5, { coUnitLeadDays: 1 }),
  itemType('subsidy_review', '资金补助审核', 'subsidy', 10),
  itemType('assignment', '交办事项', 'general', 10),
  // 梯度培育认定: each step of an application is the commission's own item.
  itemType('recognition_review', '认定申报初审', 'recognition', 10),
  itemType('recognition_spot_check', '认定抽查核实', 'recognition', 10),
  itemType('recognition_publicity', '认定公示', 'recognition', 10),
  itemType('recognition_recommend', '认定初审推荐上报', 'recognition', 5),
  itemType('recognition_result', '认定结果录入', 'recognition', 20),
  itemType('recognition_recheck', '认定到期复核', 'recognition', 20),
  // Urgent instructions run on natural hours; the warning thresholds are then hours too
  // (yellow at 80 % used or 3 hours left). Co-organisers report 4 hours ahead.
  itemType('urgent_hours', '紧急交办（24小时）', 'general', 24, { budgetUnit: 'hours', coUnitLeadDays: 4 }),
]);

/** The rules of a policy, without what names it (type, label, process): item_type.policy. */
/** A shipped default, by type: the seed's source, and the baseline tests build items from. */
export function defaultItemTypePolicy(type: string): ItemTypePolicy {
  const policy = defaultItemTypes.find((candidate) => candidate.type === type);
  if (!policy) throw new RangeError(`no default item type ${type}`);
  return policy;
}

export type ItemTypeRules = Omit<ItemTypePolicy, 'type' | 'label' | 'process'>;

export function itemTypeRules(policy: ItemTypePolicy): ItemTypeRules {
  const { signDays, handleDays, budgetUnit, returnDays, coUnitLeadDays, escalation } = policy;
  return { signDays, handleDays, budgetUnit, returnDays, coUnitLeadDays, escalation };
}

/** The handling clock of a new item of this type, assigned at `startedAt` (ISO instant). */
export function handlingClock(policy: ItemTypePolicy, startedAt: string): Clock {
  return startClock(policy.budgetUnit, policy.handleDays, startedAt);
}

export const itemTypeKeyPattern = /^[a-z][a-z0-9_]{1,39}$/;

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

/**
 * The invariants of an item type's policy, each broken one as a field error (path as in the
 * policy, Chinese message); empty when the policy is valid. Pure, so the API, the seed's tests
 * and any later importer check the same rules.
 */
export function itemTypePolicyErrors(policy: ItemTypePolicy): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof policy.type !== 'string' || !itemTypeKeyPattern.test(policy.type)) {
    errors.push({ path: 'type', message: '类型编号须以小写字母开头，由 2-40 位小写字母、数字或下划线组成' });
  }
  if (typeof policy.label !== 'string' || policy.label.trim() === '' || policy.label.length > 40) {
    errors.push({ path: 'label', message: '请填写类型名称（不超过 40 个字）' });
  }
  const processKnown = itemProcesses.includes(policy.process);
  if (!processKnown) errors.push({ path: 'process', message: `所属流程不合法，可选：${itemProcesses.join('、')}` });

  const unitKnown = policy.budgetUnit === 'working_days' || policy.budgetUnit === 'hours';
  if (!unitKnown) {
    errors.push({ path: 'budgetUnit', message: '时限单位须为 working_days（工作日）或 hours（小时）' });
  } else if (policy.budgetUnit === 'hours' && processKnown && !hourBudgetProcesses.includes(policy.process)) {
    errors.push({ path: 'budgetUnit', message: `${processLabels[policy.process]}类事项按工作日计时，不能按小时计时` });
  }
  const hours = policy.budgetUnit === 'hours';
  const unitName = hours ? '小时' : '个工作日';
  const maxBudget = hours ? maxBudgetHours : maxWorkingDays;

  if (!isWhole(policy.signDays, 0, maxWorkingDays)) {
    errors.push({ path: 'signDays', message: `签收时限须为 0 到 ${maxWorkingDays} 之间的整数（工作日）` });
  }
  const handleValid = isWhole(policy.handleDays, 1, maxBudget);
  if (!handleValid) errors.push({ path: 'handleDays', message: `办理时限须为 1 到 ${maxBudget} 之间的整数（${hours ? '小时' : '工作日'}）` });
  if (!isWhole(policy.returnDays, 0, maxWorkingDays)) {
    errors.push({ path: 'returnDays', message: `退回时限须为 0 到 ${maxWorkingDays} 之间的整数（工作日）` });
  }
  if (!isWhole(policy.coUnitLeadDays, 0, maxBudget)) {
    errors.push({ path: 'coUnitLeadDays', message: `配合单位提前反馈的时间须为不小于 0 的整数（${hours ? '小时' : '工作日'}）` });
  } else if (handleValid && policy.coUnitLeadDays >= policy.handleDays) {
    errors.push({ path: 'coUnitLeadDays', message: `配合单位提前反馈的时间须少于办理时限（${policy.handleDays} ${unitName}）` });
  }

  errors.push(...escalationPolicyErrors(policy.escalation, hours ? 'hours' : 'working_days'));
  const daysLeft = policy.escalation?.warning?.yellowAtDaysLeft;
  if (handleValid && isWhole(daysLeft, 0, Number.MAX_SAFE_INTEGER) && daysLeft >= policy.handleDays) {
    errors.push({
      path: 'escalation.warning.yellowAtDaysLeft',
      message: `剩余 ${daysLeft} ${unitName}即预警，不少于办理时限（${policy.handleDays} ${unitName}），事项一交办就会变黄`,
    });
  }
  return errors;
}

/** Throws VALIDATION_FAILED listing every broken rule. */
export function assertValidItemTypePolicy(policy: ItemTypePolicy): void {
  const fieldErrors = itemTypePolicyErrors(policy);
  if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', { userMessage: '事项类型的时限或督办规则不合法，请按提示修改', fieldErrors });
}

/** Same content, whatever the key order (PostgreSQL's jsonb does not keep it). */
export function samePolicy(a: ItemTypePolicy, b: ItemTypePolicy): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The top-level fields that differ between two versions, for the audit trail. */
export function changedFields(before: ItemTypePolicy, after: ItemTypePolicy): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof ItemTypePolicy>;
  return [...keys].filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key])).sort();
}
