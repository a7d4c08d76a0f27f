import type { LocalDate } from '../calendar';
import type { ItemAction, ItemState } from './item-state';

/** Who acts: a person and the unit they act for. */
export interface Actor {
  userId: string;
  unitId: string;
}

export type ItemColour = 'green' | 'yellow' | 'red';

/** The item as its workflow sees it; mirrored to the read model after every change. */
export interface ItemSnapshot {
  itemId: string;
  workflowId: string;
  type: string;
  title: string;
  source: { kind: string; id: string };
  leadUnitId: string;
  state: ItemState;
  budgetDays: number;
  signDueOn: LocalDate;
  dueOn: LocalDate;
  /** The deadline went through a year whose holidays are not yet published. */
  provisional: boolean;
  colour: ItemColour;
  signedAt?: string;
  completedAt?: string;
  result?: string;
  /** Increments with every recorded event; read-model writes only move forward. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ItemEventRecord {
  seq: number;
  action: ItemAction | 'overdue';
  fromState: ItemState | null;
  toState: ItemState;
  actorId: string;
  unitId: string | null;
  reason?: string;
  at: string;
}

/** The system acts as this actor for timer-driven changes (warnings, overdue marks). */
export const systemActorId = 'system';
