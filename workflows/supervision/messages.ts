import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, ItemSnapshot } from '../../domain/supervision/item';
import type { LocalDate } from '../../domain/calendar';

export interface ItemInput {
  itemId: string;
  type: string;
  title: string;
  source: { kind: string; id: string };
  leadUnitId: string;
  signDays: number;
  handleDays: number;
  /** The day the item was assigned; the clock counts from the next working day. */
  assignedOn: LocalDate;
  createdBy: string;
}

export interface ItemOutcome {
  itemId: string;
  state: ItemSnapshot['state'];
  result?: string;
}

// Actions are Updates, not Signals: the caller learns at once whether the item accepted the
// action (a validator rejects a wrong state or unit before anything is recorded), and the Update
// returns only after the read model is written, so the next read sees it.
export const signUpdate = defineUpdate<ItemSnapshot, [{ actor: Actor }]>('sign');
export const completeUpdate = defineUpdate<ItemSnapshot, [{ actor: Actor; result: string }]>('complete');
/** Null until the item's deadlines are computed and recorded. */
export const itemSnapshotQuery = defineQuery<ItemSnapshot | null>('snapshot');

/** Sent by an item to its parent process once the item is recorded and its deadlines are known. */
export const itemRegisteredSignal = defineSignal<[ItemSnapshot]>('itemRegistered');
