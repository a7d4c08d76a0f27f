// Time limits and escalation per item type. Conventions from 12345 and 督办 practice; they are
// defaults that later become administrator-edited data (see docs/domain.md, "The supervised item").
// Everything here is plain JSON, because a policy travels in a workflow's input.

import type { BudgetUnit, Clock } from './clock';
import { startClock } from './clock';
import { type EscalationPolicy, defaultEscalationPolicy } from './escalation';

/** The process that creates items of a type; an API offers only its own process's types. */
export type ItemProcess = 'difficulty' | 'meeting' | 'measure' | 'subsidy' | 'general';

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
  // Urgent instructions run on natural hours; the warning thresholds are then hours too
  // (yellow at 80 % used or 3 hours left). Co-organisers report 4 hours ahead.
  itemType('urgent_hours', '紧急交办（24小时）', 'general', 24, { budgetUnit: 'hours', coUnitLeadDays: 4 }),
]);

export function itemTypePolicy(type: string): ItemTypePolicy | undefined {
  return defaultItemTypes.find((policy) => policy.type === type);
}

/** The item types a process may create, e.g. the difficulty API's allowed values. */
export function itemTypesOf(process: ItemProcess): ItemTypePolicy[] {
  return defaultItemTypes.filter((policy) => policy.process === process);
}

/** The handling clock of a new item of this type, assigned at `startedAt` (ISO instant). */
export function handlingClock(policy: ItemTypePolicy, startedAt: string): Clock {
  return startClock(policy.budgetUnit, policy.handleDays, startedAt);
}
