import type { Audience } from '../session';
import type { Item } from '../types';

// Which actions a person is offered on an item: the API's rules (domain/supervision/item-state.ts
// actionRules) seen from the browser. The workflow re-checks every one; this only hides buttons
// that would certainly be refused.

export type ActionPath =
  | 'sign'
  | 'return'
  | 'transfer'
  | 'report'
  | 'co-report'
  | 'approve'
  | 'send-back'
  | 'close'
  | 'request-extension'
  | 'decide-extension'
  | 'urge'
  | 'suspend'
  | 'resume'
  | 'halt'
  | 'instruct';

export type Field = { name: string; label: string; kind: 'text' | 'textarea' | 'days' | 'approve' | 'unit'; required?: boolean };

export interface ActionDefinition {
  path: ActionPath;
  label: string;
  by: 'lead' | 'co' | 'commission' | 'leader';
  from: Item['state'][];
  fields: Field[];
  danger?: boolean;
  /** Offer attachments with this action (反馈, 配合反馈). */
  attachments?: boolean;
}

const working: Item['state'][] = ['pending_sign', 'in_progress', 'pending_review', 'returned'];
const reason: Field = { name: 'reason', label: '理由', kind: 'textarea', required: true };

export const actionDefinitions: ActionDefinition[] = [
  { path: 'sign', label: '签收', by: 'lead', from: ['pending_sign'], fields: [] },
  { path: 'return', label: '退回', by: 'lead', from: ['pending_sign'], fields: [reason], danger: true },
  { path: 'report', label: '反馈', by: 'lead', from: ['in_progress'], fields: [{ name: 'result', label: '办理结果', kind: 'textarea', required: true }], attachments: true },
  { path: 'co-report', label: '配合单位反馈', by: 'co', from: ['pending_sign', 'in_progress'], fields: [{ name: 'report', label: '配合办理情况', kind: 'textarea', required: true }], attachments: true },
  {
    path: 'request-extension',
    label: '延期申请',
    by: 'lead',
    from: ['in_progress'],
    fields: [{ name: 'days', label: '延期工作日数', kind: 'days', required: true }, reason, { name: 'progress', label: '目前进展', kind: 'textarea', required: true }],
  },
  { path: 'urge', label: '催办', by: 'commission', from: working, fields: [{ name: 'message', label: '催办内容', kind: 'textarea', required: true }] },
  { path: 'decide-extension', label: '延期审批', by: 'commission', from: ['in_progress', 'pending_review'], fields: [{ name: 'approve', label: '审批意见', kind: 'approve', required: true }, reason] },
  { path: 'approve', label: '审核通过（办结）', by: 'commission', from: ['pending_review'], fields: [{ name: 'comment', label: '意见', kind: 'textarea' }] },
  { path: 'send-back', label: '退办', by: 'commission', from: ['pending_review'], fields: [reason], danger: true },
  { path: 'close', label: '销号', by: 'commission', from: ['completed'], fields: [] },
  { path: 'transfer', label: '转办', by: 'commission', from: ['pending_sign', 'returned', 'in_progress'], fields: [{ name: 'toUnitId', label: '转至单位', kind: 'unit', required: true }, reason] },
  { path: 'suspend', label: '中止计时', by: 'commission', from: working, fields: [reason, { name: 'legalBasis', label: '依据', kind: 'text', required: true }] },
  { path: 'resume', label: '恢复计时', by: 'commission', from: working, fields: [] },
  { path: 'halt', label: '中止事项', by: 'commission', from: working, fields: [reason], danger: true },
  { path: 'instruct', label: '领导批示', by: 'leader', from: working, fields: [{ name: 'text', label: '批示内容', kind: 'textarea', required: true }] },
];

export interface Viewer {
  audiences: Set<Audience>;
  /** The viewer's units with their roles. */
  units: Map<string, string[]>;
}

export function availableActions(item: Item, viewer: Viewer): ActionDefinition[] {
  const leads = viewer.units.has(item.leadUnit.id);
  const coes = item.coUnits.some((unit) => viewer.units.has(unit.id) && !unit.reportedAt);
  const leaderOfItem =
    viewer.audiences.has('leader') ||
    [...viewer.units.entries()].some(([unitId, roles]) => (roles.includes('unit_leader') && (unitId === item.leadUnit.id || item.coUnits.some((u) => u.id === unitId))) || roles.includes('commission_head'));
  return actionDefinitions.filter((action) => {
    if (!action.from.includes(item.state)) return false;
    switch (action.by) {
      case 'lead':
        return leads && viewer.audiences.has('unitStaff');
      case 'co':
        return coes && viewer.audiences.has('unitStaff');
      case 'commission':
        return viewer.audiences.has('commission');
      case 'leader':
        return leaderOfItem;
    }
  });
}
