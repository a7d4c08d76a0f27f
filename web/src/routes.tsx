import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from './i18n';
import type { Audience } from './session';

// Every page of the app, in one list: the router, the side menu and the home redirect read it.
// A new process adds its pages here (a lazy import keeps each page in its own chunk).

export interface PageDefinition {
  path: string;
  component: LazyExoticComponent<ComponentType>;
  /** Starts loading the page's chunk (the same promise React.lazy awaits). */
  load(): Promise<unknown>;
  audiences: Audience[];
  /** Shown in the side menu when set. */
  menu?: MessageKey;
  icon?: string;
}

function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const once = () => (loading ??= load());
  return { component: lazy(once), load: once };
}

export const pages: PageDefinition[] = [
  { path: '/inbox', ...lazyPage(() => import('./pages/Inbox')), audiences: ['unitStaff'], menu: 'nav.inbox', icon: 'inbox' },
  { path: '/board', ...lazyPage(() => import('./pages/Board')), audiences: ['commission', 'leader'], menu: 'nav.board', icon: 'dashboard' },
  { path: '/analytics/goals', ...lazyPage(() => import('./pages/analytics/Goals')), audiences: ['commission', 'leader'], menu: 'nav.goals', icon: 'fund' },
  { path: '/analytics/rankings', ...lazyPage(() => import('./pages/analytics/Rankings')), audiences: ['commission', 'leader'], menu: 'nav.rankings', icon: 'trophy' },
  { path: '/bulletins/:period/print', ...lazyPage(() => import('./pages/analytics/BulletinPrint')), audiences: ['commission', 'leader'] },
  { path: '/items/:itemId', ...lazyPage(() => import('./pages/ItemPage')), audiences: ['staff'] },
  { path: '/meetings', ...lazyPage(() => import('./pages/Meetings')), audiences: ['staff'], menu: 'nav.meetings', icon: 'team' },
  { path: '/meetings/:meetingId', ...lazyPage(() => import('./pages/MeetingPage')), audiences: ['staff'] },
  { path: '/notifications', ...lazyPage(() => import('./pages/Notifications')), audiences: ['staff'], menu: 'nav.notifications', icon: 'bell' },
  { path: '/subsidy-applications', ...lazyPage(() => import('./pages/subsidy/SubsidyList')), audiences: ['staff'], menu: 'proc.nav.subsidy', icon: 'money' },
  { path: '/subsidy-applications/:applicationId', ...lazyPage(() => import('./pages/subsidy/SubsidyApplication')), audiences: ['staff'] },
  { path: '/recognition', ...lazyPage(() => import('./pages/recognition/RecognitionBatches')), audiences: ['staff'], menu: 'proc.nav.recognition', icon: 'trophy' },
  { path: '/recognition/batches/:batchId', ...lazyPage(() => import('./pages/recognition/RecognitionBatch')), audiences: ['staff'] },
  { path: '/recognition/applications/:applicationId', ...lazyPage(() => import('./pages/recognition/RecognitionApplication')), audiences: ['staff'] },
  { path: '/listing-cases', ...lazyPage(() => import('./pages/listing/ListingCases')), audiences: ['staff'], menu: 'proc.nav.listing', icon: 'rise' },
  { path: '/listing-cases/:caseId', ...lazyPage(() => import('./pages/listing/ListingCase')), audiences: ['staff'] },
  { path: '/measure-tasks', ...lazyPage(() => import('./pages/measure/MeasureTasks')), audiences: ['staff'], menu: 'proc.nav.measures', icon: 'flag' },
  { path: '/measure-tasks/:taskId', ...lazyPage(() => import('./pages/measure/MeasureTask')), audiences: ['staff'] },
  { path: '/enterprises', ...lazyPage(() => import('./pages/enterprise/EnterpriseDirectory')), audiences: ['staff'], menu: 'nav.enterprises', icon: 'shop' },
  { path: '/enterprises/:enterpriseId', ...lazyPage(() => import('./pages/enterprise/EnterprisePage')), audiences: ['staff'] },
  { path: '/cases', ...lazyPage(() => import('./pages/portal/PortalHome')), audiences: ['enterprise'], menu: 'nav.cases', icon: 'solution' },
  { path: '/portal/apply', ...lazyPage(() => import('./pages/portal/ApplyPage')), audiences: ['enterprise'], menu: 'portal.nav.apply', icon: 'form' },
  { path: '/portal/listing', ...lazyPage(() => import('./pages/portal/ListingPage')), audiences: ['enterprise'], menu: 'portal.nav.listing', icon: 'rise' },
  { path: '/cases/:difficultyId', ...lazyPage(() => import('./pages/portal/DifficultyCase')), audiences: ['enterprise', 'staff'] },
  { path: '/portal/subsidy/:applicationId', ...lazyPage(() => import('./pages/portal/SubsidyCase')), audiences: ['enterprise'] },
  { path: '/portal/recognition/:applicationId', ...lazyPage(() => import('./pages/portal/RecognitionCase')), audiences: ['enterprise'] },
  { path: '/listing/applications', ...lazyPage(() => import('./pages/listing/ListingApplications')), audiences: ['commission', 'leader'], menu: 'portal.nav.listingApplications', icon: 'form' },
  { path: '/admin/accounts', ...lazyPage(() => import('./pages/admin/Accounts')), audiences: ['systemAdmin', 'securityAdmin'], menu: 'nav.accounts', icon: 'user' },
  { path: '/admin/organisation', ...lazyPage(() => import('./pages/admin/OrgChart')), audiences: ['systemAdmin', 'securityAdmin'], menu: 'nav.organisation', icon: 'apartment' },
  { path: '/admin/imports', ...lazyPage(() => import('./pages/admin/Imports')), audiences: ['systemAdmin'], menu: 'nav.imports', icon: 'upload' },
  { path: '/admin/item-types', ...lazyPage(() => import('./pages/admin/ItemTypes')), audiences: ['systemAdmin'], menu: 'nav.itemTypes', icon: 'setting' },
  { path: '/admin/calendar', ...lazyPage(() => import('./pages/admin/Calendar')), audiences: ['systemAdmin'], menu: 'nav.calendar', icon: 'calendar' },
  { path: '/admin/audit', ...lazyPage(() => import('./pages/admin/Audit')), audiences: ['auditAdmin'], menu: 'nav.audit', icon: 'audit' },
];

/** The first page with a menu entry the person may use. */
export function homePathFor(audiences: Set<Audience>): string {
  const page = pages.find((candidate) => candidate.menu && candidate.audiences.some((audience) => audiences.has(audience)));
  return page?.path ?? '/notifications';
}

/**
 * The page a URL opens, loaded at once: its chunk then arrives while the session is being checked
 * instead of after (the inbox's first load is one round trip shorter).
 */
export function preloadPageFor(pathname: string): void {
  const page = pages.find((candidate) => new RegExp(`^${candidate.path.replace(/:[^/]+/g, '[^/]+')}$`).test(pathname));
  void page?.load().catch(() => undefined);
}
