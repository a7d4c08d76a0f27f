import type { MessageKey } from '../i18n';
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

export type Field = { name: string; /** Message key of the field's label. */ label: MessageKey; kind: 'text' | 'textarea' | 'days' | 'approve' | 'unit'; required?: boolean };

export interface ActionDefinition {
  path: ActionPath;
  /** Message key of the action's name (item.action.<path>). */
  label: MessageKey;
  by: 'lead' | 'co' | 'commission' | 'leader';
  from: Item['state'][];
  fields: Field[];
  danger?: boolean;
  /** Offer attachments with this action (反馈, 配合反馈). */
  attachments?: boolean;
}

const working: Item['state'][] = ['pending_sign', 'in_progress', 'pending_review', 'returned'];
const reason: Field = { name: 'reason', label: 'item.field.reason', kind: 'textarea', required: true };

export const actionDefinitions: ActionDefinition[] = [
  { path: 'sign', label: 'item.action.sign', by: 'lead', from: ['pending_sign'], fields: [] },
  { path: 'return', label: 'item.action.return', by: 'lead', from: ['pending_sign'], fields: [reason], danger: true },
  { path: 'report', label: 'item.action.report', by: 'lead', from: ['in_progress'], fields: [{ name: 'result', label: 'item.field.result', kind: 'textarea', required: true }], attachments: true },
  { path: 'co-report', label: 'item.action.co-report', by: 'co', from: ['pending_sign', 'in_progress'], fields: [{ name: 'report', label: 'item.field.report', kind: 'textarea', required: true }], attachments: true },
  {
    path: 'request-extension',
    label: 'item.action.request-extension',
    by: 'lead',
    from: ['in_progress'],
    fields: [{ name: 'days', label: 'item.field.days', kind: 'days', required: true }, reason, { name: 'progress', label: 'item.field.progress', kind: 'textarea', required: true }],
  },
  // A returned item waits for the commission (转办), not for the unit: nobody to urge.
  { path: 'urge', label: 'item.action.urge', by: 'commission', from: ['pending_sign', 'in_progress', 'pending_review'], fields: [{ name: 'message', label: 'item.field.message', kind: 'textarea', required: true }] },
  { path: 'decide-extension', label: 'item.action.decide-extension', by: 'commission', from: ['in_progress', 'pending_review'], fields: [{ name: 'approve', label: 'item.field.approve', kind: 'approve', required: true }, reason] },
  { path: 'approve', label: 'item.action.approve', by: 'commission', from: ['pending_review'], fields: [{ name: 'comment', label: 'item.field.comment', kind: 'textarea' }] },
  { path: 'send-back', label: 'item.action.send-back', by: 'commission', from: ['pending_review'], fields: [reason], danger: true },
  { path: 'close', label: 'item.action.close', by: 'commission', from: ['completed'], fields: [] },
  { path: 'transfer', label: 'item.action.transfer', by: 'commission', from: ['pending_sign', 'returned', 'in_progress'], fields: [{ name: 'toUnitId', label: 'item.transferTo', kind: 'unit', required: true }, reason] },
  { path: 'suspend', label: 'item.action.suspend', by: 'commission', from: working, fields: [reason, { name: 'legalBasis', label: 'item.field.legalBasis', kind: 'text', required: true }] },
  { path: 'resume', label: 'item.action.resume', by: 'commission', from: working, fields: [] },
  { path: 'halt', label: 'item.action.halt', by: 'commission', from: working, fields: [reason], danger: true },
  { path: 'instruct', label: 'item.action.instruct', by: 'leader', from: working, fields: [{ name: 'text', label: 'item.field.text', kind: 'textarea', required: true }] },
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
    // What the item's clock and pending request allow (the workflow refuses the rest anyway).
    const stopped = !item.clockRunning;
    const pending = Boolean(item.extensionPending);
    if (action.path === 'request-extension' && (pending || stopped || (item.dueAt !== null && new Date(item.dueAt) <= new Date()))) return false;
    if (action.path === 'decide-extension' && !pending) return false;
    if (action.path === 'suspend' && stopped) return false;
    if (action.path === 'resume' && !stopped) return false;
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
