// Shapes of the API's responses that the pages read (see /api/v1/openapi.json).

export type Colour = 'green' | 'yellow' | 'red';
export type ItemState = 'pending_sign' | 'in_progress' | 'pending_review' | 'completed' | 'closed' | 'returned' | 'halted';
export type OrgRole = 'liaison' | 'unit_leader' | 'commission_officer' | 'commission_head' | 'district_leader';

export interface Membership {
  unitId: string;
  unitKind: string;
  roles: OrgRole[];
  roleLabels: string[];
  actingFor?: { staffMemberId: string; until: string };
}

export interface Principal {
  accountId: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'enterprise' | 'admin';
  adminRole?: 'system' | 'security' | 'audit';
  adminRoleLabel?: string;
  enterpriseId?: string;
  staffMemberId?: string;
  memberships?: Membership[];
}

export type Stage = 'active' | 'second_factor' | 'totp_enrolment' | 'password_change';

export interface Session {
  stage: Stage;
  csrfToken: string;
  principal: Principal;
  totpEnabled: boolean;
  passwordExpiresAt: string;
  passwordExpired: boolean;
  idleTimeoutMinutes: number;
}

export interface UnitRef {
  id: string;
  name: string;
}

export interface Item {
  id: string;
  type: string;
  title: string;
  source: { kind: string; id: string | null };
  leadUnit: UnitRef;
  coUnits: (UnitRef & { dueOn: string | null; reportedAt: string | null; report: string | null })[];
  state: ItemState;
  stateLabel: string;
  colour: Colour;
  budgetDays: number | null;
  signDueOn: string | null;
  dueOn: string | null;
  dueAt: string | null;
  clockRunning: boolean;
  provisional: boolean;
  extensionPending: unknown;
  escalation: unknown;
  signedAt: string | null;
  reportedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  result: string | null;
  createdAt: string;
  updatedAt: string;
  myRole?: 'lead' | 'co' | null;
  myDueOn?: string | null;
}

export interface HistoryEntry {
  seq: number | null;
  action: string;
  actionLabel: string;
  fromState: ItemState | null;
  toState: ItemState | null;
  actorId: string;
  unitId: string | null;
  reason: string | null;
  detail: unknown;
  at: string;
}

/** A 延期申请 awaiting the commission: what was asked for, in the clock's unit. */
export interface ExtensionRequest {
  days: number | null;
  reason: string | null;
  progress: string | null;
  requestedBy: string;
  requestedAt: string;
}

export interface ItemDetail extends Item {
  extensionRequest: ExtensionRequest | null;
  history: HistoryEntry[];
}

export interface InboxPage {
  items: Item[];
  nextCursor: string | null;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'makeup_workday' | 'closure' | string;
  name: string | null;
}

export interface CalendarYear {
  year: number;
  published: boolean;
  /** Statutory holidays only, put in by the system: the State Council's arrangement is not out yet. */
  provisional: boolean;
  version: number | null;
  source: string | null;
  days: CalendarDay[];
  revisions: { version: number; source: string; provisional: boolean; publishedBy: string; publishedAt: string }[];
}
