import { defineMessages } from './define';

// The item page's unit names (history, 转办) and the audit administrator's search.
export const roles = defineMessages(
  {
    'item.historyUnit': 'Unit: {name}',
    'item.historyCoUnit': 'Co-organiser: {name}',
    'item.historyTransfer': 'Transferred from {from} to {to}',
    'item.transferTo': 'Transfer to unit',
    'item.transferPlaceholder': 'Choose a unit (type to search)',
    'audit.searchAction': 'Action (or its beginning)',
    'audit.searchActionHint': 'e.g. item.instruct, account.',
    'audit.searchActor': 'Actor',
    'audit.searchSubject': 'Subject',
    'audit.search': 'Search',
    'audit.reset': 'Clear',
    'audit.detail': 'Detail',
    'audit.count': '{n} {n|record|records} shown',
    'audit.more': 'Older records',
  },
  {
    'item.historyUnit': '单位：{name}',
    'item.historyCoUnit': '配合单位：{name}',
    'item.historyTransfer': '由{from}转至{to}',
    'item.transferTo': '转至单位',
    'item.transferPlaceholder': '选择单位（可输入名称查找）',
    'audit.searchAction': '动作（或其开头）',
    'audit.searchActionHint': '例如 item.instruct、account.',
    'audit.searchActor': '操作人',
    'audit.searchSubject': '对象',
    'audit.search': '查询',
    'audit.reset': '清空',
    'audit.detail': '详情',
    'audit.count': '共显示 {n} 条',
    'audit.more': '更早的记录',
  },
);
