// 资金补助 / 奖补 (process 2, measures 27-30 and 7): funding rounds (申报批次) and applications.
// Pure rules shared by the API (which refuses early, late and ineligible applications before
// anything is written) and the application workflow (which re-checks every step decision).

import { type FieldError } from '../errors';
import type { Actor } from '../supervision/item';
import type { ItemTypePolicy } from '../supervision/item-type';

/** What a step's responsible unit decides; which outcomes a step accepts depends on its kind. */
export type StepKind = 'review' | 'formal_review' | 'approval' | 'publicity' | 'disbursement' | 'acceptance';

/** A step as data (prisma/seed/subsidy-process.json): who handles it and with which item type. */
export interface StepDefinition {
  key: string;
  label: string;
  kind: StepKind;
  itemType: string;
  /** enterprise_town: the enterprise's park or town (企业所在园区/镇街); commission; or a unit id. */
  unit: string;
  coUnitIds: string[];
}

export interface SubsidyProcessDefinition {
  /** 补正期限: working days the enterprise has to supply what the one-time notice lists. */
  supplementDays: number;
  /** 公示期: working days. */
  publicityDays: number;
  steps: StepDefinition[];
}

/** A step resolved for one application: its units and the item type's policy, fixed at application. */
export interface ResolvedStep {
  key: string;
  label: string;
  kind: StepKind;
  leadUnitId: string;
  coUnitIds: string[];
  policy: ItemTypePolicy;
}

/** 申报条件: each present rule must hold for the enterprise's latest figures. Amounts in 万元. */
export interface EligibilityRules {
  /** The enterprise must be registered in one of the district's parks or towns. */
  inDistrict?: boolean;
  minRevenue?: number;
  minRdExpense?: number;
  /** 研发费用占营业收入比重, a fraction (0.03 = 3 %). */
  minRdRatio?: number;
  minEmployees?: number;
  minInventionPatents?: number;
}

export interface RequiredMaterial {
  code: string;
  label: string;
}

export interface EnterpriseFacts {
  townUnitId: string | null;
  /** The latest year's figures, or undefined when the enterprise has none. */
  figures?: { year: number; revenue: number; rdExpense: number; employees: number; inventionPatents: number };
}

/** Every rule the enterprise fails, in Chinese; empty when eligible. */
export function eligibilityFailures(rules: EligibilityRules, facts: EnterpriseFacts): string[] {
  const failures: string[] = [];
  if (rules.inDistrict && !facts.townUnitId) failures.push('企业未登记在本区园区或镇街');
  const f = facts.figures;
  const needsFigures = rules.minRevenue !== undefined || rules.minRdExpense !== undefined || rules.minRdRatio !== undefined || rules.minEmployees !== undefined || rules.minInventionPatents !== undefined;
  if (needsFigures && !f) {
    failures.push('企业尚无经营数据，无法核对申报条件');
    return failures;
  }
  if (!f) return failures;
  if (rules.minRevenue !== undefined && f.revenue < rules.minRevenue) failures.push(`营业收入 ${f.revenue} 万元，低于 ${rules.minRevenue} 万元（${f.year} 年）`);
  if (rules.minRdExpense !== undefined && f.rdExpense < rules.minRdExpense) failures.push(`研发费用 ${f.rdExpense} 万元，低于 ${rules.minRdExpense} 万元（${f.year} 年）`);
  if (rules.minRdRatio !== undefined) {
    const ratio = f.revenue > 0 ? f.rdExpense / f.revenue : 0;
    if (ratio < rules.minRdRatio) failures.push(`研发费用占营业收入 ${(ratio * 100).toFixed(2)}%，低于 ${(rules.minRdRatio * 100).toFixed(2)}%（${f.year} 年）`);
  }
  if (rules.minEmployees !== undefined && f.employees < rules.minEmployees) failures.push(`从业人员 ${f.employees} 人，少于 ${rules.minEmployees} 人（${f.year} 年）`);
  if (rules.minInventionPatents !== undefined && f.inventionPatents < rules.minInventionPatents) {
    failures.push(`有效发明专利 ${f.inventionPatents} 件，少于 ${rules.minInventionPatents} 件（${f.year} 年）`);
  }
  return failures;
}

/** The required materials the application does not declare. */
export function missingMaterials(required: readonly RequiredMaterial[], declared: readonly { code: string }[]): RequiredMaterial[] {
  const codes = new Set(declared.map((material) => material.code));
  return required.filter((material) => !codes.has(material.code));
}

/**
 * The round's window in China time: open from the start of opensOn to the end of closesOn.
 * 'early' and 'late' are refused (逾期不再受理).
 */
export function windowState(opensOn: string, closesOn: string, today: string): 'early' | 'open' | 'late' {
  if (today < opensOn) return 'early';
  if (today > closesOn) return 'late';
  return 'open';
}

export const applicationStates = [
  'town_review',
  'formal_review',
  'awaiting_supplement',
  'verification',
  'joint_review',
  'approval',
  'publicity',
  'disbursement',
  'acceptance',
  'completed',
  'rejected',
  'lapsed',
  'acceptance_failed',
] as const;
export type ApplicationState = (typeof applicationStates)[number];

export const finalApplicationStates: readonly ApplicationState[] = ['completed', 'rejected', 'lapsed', 'acceptance_failed'];

export const applicationStateLabels: Record<ApplicationState, string> = {
  town_review: '园区/镇街初审',
  formal_review: '形式审查',
  awaiting_supplement: '待补正（已一次性告知，计时中止）',
  verification: '核查',
  joint_review: '部门会审',
  approval: '审定',
  publicity: '公示',
  disbursement: '拨付',
  acceptance: '验收/绩效',
  completed: '已完成',
  rejected: '未通过',
  lapsed: '逾期未补正',
  acceptance_failed: '验收不合格',
};

/** A step's conclusion (环节结论), given by its responsible unit. */
export interface StepDecision {
  outcome: 'pass' | 'reject' | 'incomplete';
  /** Required for reject; the opinion for pass. */
  reason?: string;
  /** 一次性告知: everything missing, in one list (formal review only). */
  missing?: string[];
  /** 核定金额 (approval), 拨付金额 (disbursement), in 万元. */
  amount?: number;
  /** 公示起始日 (approval): the day the list was published, today or earlier. */
  publicityFrom?: string;
}

/**
 * The rules a decision must pass for its step; field errors in Chinese. `today` bounds the
 * publicity start; `limits` bound the amount.
 */
export function decisionErrors(kind: StepKind, decision: StepDecision, limits: { requested: number; maxAmount: number; approved?: number }, today: string): FieldError[] {
  const errors: FieldError[] = [];
  const allowed: Record<StepKind, StepDecision['outcome'][]> = {
    review: ['pass', 'reject'],
    formal_review: ['pass', 'incomplete', 'reject'],
    approval: ['pass', 'reject'],
    publicity: [],
    disbursement: ['pass'],
    acceptance: ['pass', 'reject'],
  };
  if (!allowed[kind].includes(decision.outcome)) {
    errors.push({ path: 'outcome', message: kind === 'publicity' ? '公示期间不作环节结论，异议请登记后处理' : `本环节的结论只能是：${allowed[kind].join('、')}` });
    return errors;
  }
  if (decision.outcome === 'reject' && !decision.reason?.trim()) errors.push({ path: 'reason', message: '不通过须说明理由' });
  if (decision.outcome === 'incomplete' && (!decision.missing || decision.missing.length === 0)) errors.push({ path: 'missing', message: '请一次性列出需补正的全部材料' });
  if (decision.outcome !== 'incomplete' && decision.missing !== undefined) errors.push({ path: 'missing', message: '只有需补正时才列出缺少的材料' });
  if (kind === 'approval' && decision.outcome === 'pass') {
    const cap = Math.min(limits.requested, limits.maxAmount);
    if (decision.amount === undefined || decision.amount <= 0 || decision.amount > cap) errors.push({ path: 'amount', message: `核定金额须大于 0 且不超过 ${cap} 万元（申请金额与本批次上限中较小者）` });
    if (!decision.publicityFrom) errors.push({ path: 'publicityFrom', message: '请填写公示起始日' });
    else if (decision.publicityFrom > today) errors.push({ path: 'publicityFrom', message: '公示起始日不能晚于今天' });
  } else if (kind === 'disbursement') {
    if (decision.amount === undefined || decision.amount !== limits.approved) errors.push({ path: 'amount', message: `拨付金额须等于核定金额 ${limits.approved ?? 0} 万元` });
  } else {
    if (decision.amount !== undefined) errors.push({ path: 'amount', message: '本环节不填写金额' });
    if (decision.publicityFrom !== undefined) errors.push({ path: 'publicityFrom', message: '只有审定时填写公示起始日' });
  }
  return errors;
}

/** The application's workflow id; the same from the API and from another process's workflow. */
export const subsidyApplicationWorkflowId = (applicationId: string) => `subsidy-application-${applicationId}`;

/** Starts an application: what another process (e.g. 上市分阶段奖励) hands to WorkflowClient.applyForSubsidy. */
export interface SubsidyApplicationRequest {
  roundId: string;
  enterpriseId: string;
  /** The enterprise contact (or the officer filing for the enterprise). */
  applicantId: string;
  /** 万元 */
  requestedAmount: number;
  /** The required materials declared, each with a short description. */
  materials: { code: string; description: string }[];
  /** What started it, when not the enterprise itself (e.g. { kind: 'listing_milestone', id }). */
  origin?: { kind: string; id: string };
}

/** The workflow's input: the request resolved against the round and the process definition. */
export interface SubsidyApplicationInput extends SubsidyApplicationRequest {
  applicationId: string;
  commissionUnitId: string;
  submittedAt: string;
  maxAmount: number;
  supplementDays: number;
  publicityDays: number;
  steps: ResolvedStep[];
}

export interface DecideRequest {
  actor: Actor;
  step: string;
  decision: StepDecision;
}

export interface SupplementRequest {
  actorId: string;
  enterpriseId: string;
  note: string;
}

export interface ObjectionRequest {
  actor: Actor;
  text: string;
  leadUnitId: string;
}

export interface ResolveObjectionRequest {
  actor: Actor;
  objectionId: string;
  upheld: boolean;
  conclusion: string;
}

/** 一次性告知: the missing list and the day by which the enterprise must resubmit. */
export interface SupplementNotice {
  missing: string[];
  noticeAt: string;
  dueOn: string;
  suppliedAt?: string;
  note?: string;
}

export interface ObjectionState {
  id: string;
  itemId: string;
  text: string;
  leadUnitId: string;
  open: boolean;
  upheld?: boolean;
  conclusion?: string;
}

/** What the workflow mirrors to the read model after every change. */
export interface ApplicationSnapshot {
  applicationId: string;
  state: ApplicationState;
  currentItemId: string | null;
  approvedAmount: number | null;
  paidAmount: number | null;
  notice: SupplementNotice | null;
  publicity: { from: string; endsOn: string } | null;
  objections: ObjectionState[];
  /** Step key → its supervised item. */
  stepItems: Record<string, string>;
  outcomeReason: string | null;
  version: number;
}

export interface ApplicationEventRecord {
  seq: number;
  action: string;
  step: string | null;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  actorId: string;
  reason?: string;
  detail?: Record<string, unknown>;
  at: string;
}
/** What the application asks of a step's supervised item, through the item's own actions. */
export type ItemGoal =
  | { goal: 'close'; result: string }
  | { goal: 'suspend'; reason: string; legalBasis: string }
  | { goal: 'resume' }
  | { goal: 'halt'; reason: string };

