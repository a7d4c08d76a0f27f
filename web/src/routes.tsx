import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from './i18n';
import type { Audience } from './session';

// Every page of the app, in one list: the router, the side menu and the home redirect read it.
// A new process adds its pages here (a lazy import keeps each page in its own chunk).

export interface PageDefinition {
  path: string;
  component: LazyExoticComponent<ComponentType>;
  audiences: Audience[];
  /** Shown in the side menu when set. */
  menu?: MessageKey;
  icon?: string;
}

export const pages: PageDefinition[] = [
  { path: '/inbox', component: lazy(() => import('./pages/Inbox')), audiences: ['unitStaff'], menu: 'nav.inbox', icon: 'inbox' },
  { path: '/board', component: lazy(() => import('./pages/Board')), audiences: ['commission', 'leader'], menu: 'nav.board', icon: 'dashboard' },
  { path: '/items/:itemId', component: lazy(() => import('./pages/ItemPage')), audiences: ['staff'] },
  { path: '/meetings', component: lazy(() => import('./pages/Meetings')), audiences: ['staff'], menu: 'nav.meetings', icon: 'team' },
  { path: '/meetings/:meetingId', component: lazy(() => import('./pages/MeetingPage')), audiences: ['staff'] },
  { path: '/notifications', component: lazy(() => import('./pages/Notifications')), audiences: ['staff'], menu: 'nav.notifications', icon: 'bell' },
  { path: '/cases', component: lazy(() => import('./pages/Cases')), audiences: ['enterprise'], menu: 'nav.cases', icon: 'solution' },
  { path: '/cases/:difficultyId', component: lazy(() => import('./pages/CasePage')), audiences: ['enterprise', 'staff'] },
  { path: '/admin/accounts', component: lazy(() => import('./pages/admin/Accounts')), audiences: ['systemAdmin', 'securityAdmin'], menu: 'nav.accounts', icon: 'user' },
  { path: '/admin/item-types', component: lazy(() => import('./pages/admin/ItemTypes')), audiences: ['systemAdmin'], menu: 'nav.itemTypes', icon: 'setting' },
  { path: '/admin/calendar', component: lazy(() => import('./pages/admin/Calendar')), audiences: ['systemAdmin'], menu: 'nav.calendar', icon: 'calendar' },
  { path: '/admin/audit', component: lazy(() => import('./pages/admin/Audit')), audiences: ['auditAdmin'], menu: 'nav.audit', icon: 'audit' },
];

/** The first page with a menu entry the person may use. */
export function homePathFor(audiences: Set<Audience>): string {
  const page = pages.find((candidate) => candidate.menu && candidate.audiences.some((audience) => audiences.has(audience)));
  return page?.path ?? '/notifications';
}
