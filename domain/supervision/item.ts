import type { LocalDate } from '../calendar';
import type { Clock } from './clock';
import type { Colour, EscalationStepKey, OrgRole } from './escalation';
import type { ItemAction, ItemState } from './item-state';

export type UnitKind = 'commission' | 'department' | 'park' | 'town' | 'external';

/**
 * Who acts: a person, the unit they act for and their roles there. The workflow re-checks the
 * unit and, for the commission's actions, the role; a stand-in (代岗) names the absent colleague.
 */
export interface Actor {
  userId: string;
  unitId: string;
  unitKind: UnitKind;
  roles: readonly OrgRole[];
  onBehalfOf?: string;
}

export type ItemColour = Colour;

/** A co-organiser's part: its own sub-deadline and report (配合单位). */
export interface CoUnitPart {
  unitId: string;
  dueOn: LocalDate | null;
  reportedAt?: string;
  report?: string;
  /** When the co-organiser was told its sub-deadline had passed without its report (once). */
  overdueNotifiedAt?: string;
}

export interface ExtensionRequest {
  id: string;
  days: number;
  reason: string;
  progress: string;
  requestedBy: string;
  requestedAt: string;
}

/** The item as its workflow sees it; mirrored to the read models after every change. */
export interface ItemSnapshot {
  itemId: string;
  workflowId: string;
  type: string;
  title: string;
  source: { kind: string; id: string };
  leadUnitId: string;
  coUnits: CoUnitPart[];
  state: ItemState;
  clock: Clock;
  signDueOn: LocalDate;
  /** Null while the clock is suspended. */
  dueOn: LocalDate | null;
  dueAt: string | null;
  /** The deadline went through a year whose holidays are not yet published. */
  provisional: boolean;
  colour: ItemColour;
  extensionRequest?: ExtensionRequest;
  firedSteps: EscalationStepKey[];
  signedAt?: string;
  reportedAt?: string;
  completedAt?: string;
  closedAt?: string;
  result?: string;
  /**
   * Increments with every recorded change: each event, and a recalculation after a calendar
   * publication (which is no event, see ItemRecalculationRecord). Read-model writes only move forward.
   */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ItemEventRecord {
  seq: number;
  action: ItemAction;
  fromState: ItemState | null;
  toState: ItemState;
  actorId: string;
  unitId: string | null;
  reason?: string;
  detail?: Record<string, unknown>;
  at: string;
}

/**
 * 时限重算: the time limits moved because a calendar year was published or corrected. Keyed by
 * the publication (revision), not by the item's event sequence, because the bulk recompute
 * records it from the read model before the item's workflow hears of the publication: whichever
 * writes first records it, once.
 */
export interface ItemRecalculationRecord {
  revision: string;
  reason: string;
  detail: {
    previousDueOn: LocalDate | null;
    dueOn: LocalDate | null;
    previousSignDueOn: LocalDate;
    signDueOn: LocalDate;
    previousCoUnitDueOn: LocalDate | null;
    coUnitDueOn: LocalDate | null;
  };
  at: string;
}

/** The audit trail's key for a recalculation: the same for both writers, so it is appended once. */
export const recalculationAuditKey = (itemId: string, revision: string) => `item:${itemId}:recalculate:${revision}`;

/** The system acts as this actor for timer-driven changes (warnings, overdue marks, recalculation). */
export const systemActorId = 'system';

/** What a person asks an item to do; validated at the API boundary, re-checked by the workflow. */
export type ItemCommand =
  | { action: 'sign' }
  | { action: 'return'; reason: string }
  | { action: 'transfer'; toUnitId: string; reason: string }
  | { action: 'report'; result: string }
  | { action: 'coReport'; report: string }
  | { action: 'approve'; comment?: string }
  | { action: 'sendBack'; reason: string }
  | { action: 'close' }
  | { action: 'requestExtension'; days: number; reason: string; progress: string }
  | { action: 'decideExtension'; approve: boolean; reason: string }
  | { action: 'urge'; message: string }
  | { action: 'suspend'; reason: string; legalBasis: string }
  | { action: 'resume' }
  | { action: 'halt'; reason: string }
  | { action: 'instruct'; text: string };
