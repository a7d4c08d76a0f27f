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

export const itemActions = ['create', 'sign', 'complete'] as const;
export type ItemAction = (typeof itemActions)[number];

export const itemActionLabels: Record<ItemAction, string> = {
  create: '交办',
  sign: '签收',
  complete: '办结',
};

const transitions: Record<Exclude<ItemAction, 'create'>, { from: readonly ItemState[]; to: ItemState }> = {
  sign: { from: ['pending_sign'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'completed' },
};

/** The state an action leads to from `state`, or undefined when the action is not allowed there. */
export function nextState(state: ItemState, action: Exclude<ItemAction, 'create'>): ItemState | undefined {
  const rule = transitions[action];
  return rule.from.includes(state) ? rule.to : undefined;
}

const finalStates: readonly ItemState[] = ['completed', 'closed', 'halted'];

export function isOpenState(state: ItemState): boolean {
  return !finalStates.includes(state);
}

export const openItemStates: readonly ItemState[] = itemStates.filter(isOpenState);
