// States and transitions of a supervised item (督办事项). Pure rules, shared by the workflow
// (which enforces them) and the API/read models (which display them).

export const itemStates = ['pending_sign', 'in_progress', 'pending_review', 'completed', 'closed', 'returned', 'halted'] as const;
export type ItemState = (typeof itemStates)[number];

export const itemStateLabels: Record<ItemState, string> = {
  pending_sign: '待签收',
  in_progress: '办理中',
  pending_review: '待审核',
  completed: '已办结',
  closed: '已销号',
  returned: '已退回',
  halted: '已中止',
};

/** Actions people take; each is one Temporal Update on the item. */
export const userActions = [
  'sign',
  'return',
  'transfer',
  'report',
  'coReport',
  'approve',
  'sendBack',
  'close',
  'requestExtension',
  'decideExtension',
  'urge',
  'suspend',
  'resume',
  'halt',
  'instruct',
] as const;
export type UserAction = (typeof userActions)[number];

/** Changes the item makes itself: creation, timers, calendar corrections. */
export type SystemAction = 'create' | 'warn' | 'overdue' | 'escalate' | 'recalculate';
export type ItemAction = UserAction | SystemAction;

export const itemActionLabels: Record<ItemAction, string> = {
  create: '交办',
  sign: '签收',
  return: '退回',
  transfer: '转办',
  report: '反馈',
  coReport: '配合单位反馈',
  approve: '审核通过（办结）',
  sendBack: '退办',
  close: '销号',
  requestExtension: '延期申请',
  decideExtension: '延期审批',
  urge: '催办',
  suspend: '中止计时',
  resume: '恢复计时',
  halt: '中止',
  instruct: '领导批示',
  warn: '黄牌预警',
  overdue: '超期（红牌）',
  escalate: '升级督办',
  recalculate: '时限重算',
};

/**
 * Who may take an action: the lead unit, a co-organiser, the commission (区经济信息委), or a
 * leader (区领导, 委领导, or the 分管领导 of a unit on the item) giving an instruction (批示).
 */
export type ActorSide = 'lead' | 'coUnit' | 'commission' | 'leader';

const finalStates: readonly ItemState[] = ['closed', 'halted'];
const workingStates: readonly ItemState[] = ['pending_sign', 'in_progress', 'pending_review', 'returned'];

interface Rule {
  from: readonly ItemState[];
  /** The state after the action; absent when the action leaves the state as it is. */
  to?: ItemState;
  by: ActorSide;
  /** The action needs a written reason (退回, 退办, 转办, 中止 …). */
  needsReason?: boolean;
}

export const actionRules: Record<UserAction, Rule> = {
  sign: { from: ['pending_sign'], to: 'in_progress', by: 'lead' },
  return: { from: ['pending_sign'], to: 'returned', by: 'lead', needsReason: true },
  transfer: { from: ['pending_sign', 'returned', 'in_progress'], to: 'pending_sign', by: 'commission', needsReason: true },
  report: { from: ['in_progress'], to: 'pending_review', by: 'lead' },
  coReport: { from: ['pending_sign', 'in_progress'], by: 'coUnit' },
  approve: { from: ['pending_review'], to: 'completed', by: 'commission' },
  sendBack: { from: ['pending_review'], to: 'in_progress', by: 'commission', needsReason: true },
  close: { from: ['completed'], to: 'closed', by: 'commission' },
  requestExtension: { from: ['in_progress'], by: 'lead', needsReason: true },
  decideExtension: { from: ['in_progress', 'pending_review'], by: 'commission' },
  urge: { from: workingStates, by: 'commission' },
  suspend: { from: workingStates, by: 'commission', needsReason: true },
  resume: { from: workingStates, by: 'commission' },
  halt: { from: workingStates, to: 'halted', by: 'commission', needsReason: true },
  instruct: { from: workingStates, by: 'leader' },
};

/** The state an action leads to from `state`, or undefined when the action is not allowed there. */
export function nextState(state: ItemState, action: UserAction): ItemState | undefined {
  const rule = actionRules[action];
  if (!rule.from.includes(state)) return undefined;
  return rule.to ?? state;
}

/** Final: nothing more happens; the workflow ends. */
export function isFinalState(state: ItemState): boolean {
  return finalStates.includes(state);
}

/** Open: a unit still works on the item or it waits for review; inboxes list these. */
export const openItemStates: readonly ItemState[] = workingStates;

export const isOpenState = (state: ItemState): boolean => openItemStates.includes(state);

/**
 * Inboxes sort by the unit's deadline; an item without one (clock suspended) sorts after every
 * dated item, as if due on this day. item_assignment.sort_on stores the key.
 */
export const undatedSortKey = '9999-12-31';
