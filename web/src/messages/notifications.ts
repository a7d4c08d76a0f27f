import { defineMessages } from './define';

// 通知中心 and the unread count in the menu.
export const notifications = defineMessages(
  {
    'notifications.title': 'Notifications',
    'notifications.empty': 'No notifications',
    'notifications.openItem': 'Open the item',
    'notifications.openDocument': 'Open the notice',
    'notifications.markRead': 'Mark as read',
    'notifications.markAllRead': 'Mark all as read',
    'notifications.unread': '{n} unread',
    'notifications.read': 'Read',
    'notifications.kind.item.remind_liaison': 'Reminder',
    'notifications.kind.item.urge': 'Urging notice',
    'notifications.kind.item.supervise': 'Supervision order',
    'notifications.kind.item.flag': 'Listed supervision',
    'notifications.kind.item.bulletin': 'Bulletin',
    'notifications.kind.item.sign_overdue': 'Not signed in time',
    'notifications.kind.item.instruct': 'Instruction',
  },
  {
    'notifications.title': '通知中心',
    'notifications.empty': '暂无通知',
    'notifications.openItem': '查看事项',
    'notifications.openDocument': '查看通知单',
    'notifications.markRead': '标为已读',
    'notifications.markAllRead': '全部标为已读',
    'notifications.unread': '{n} 条未读',
    'notifications.read': '已读',
    'notifications.kind.item.remind_liaison': '提醒',
    'notifications.kind.item.urge': '催办',
    'notifications.kind.item.supervise': '督办',
    'notifications.kind.item.flag': '挂牌督办',
    'notifications.kind.item.bulletin': '通报',
    'notifications.kind.item.sign_overdue': '签收超时',
    'notifications.kind.item.instruct': '批示',
  },
);
