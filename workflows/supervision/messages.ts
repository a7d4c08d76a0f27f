import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, ItemCommand, ItemSnapshot } from '../../domain/supervision/item';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import type { CalendarData } from '../../domain/calendar';
import type { ItemState } from '../../domain/supervision/item-state';

export interface ItemInput {
  itemId: string;
  title: string;
  source: { kind: string; id: string };
  leadUnitId: string;
  coUnitIds: string[];
  /** The commission's unit: the escalation ladder notifies it. */
  commissionUnitId: string;
  /** The item type's time limits and escalation policy, fixed when the item is created. */
  policy: ItemTypePolicy;
  /** The instant the item was assigned; the clock counts from the next working day. */
  assignedAt: string;
  createdBy: string;
  /** State carried over by continue-as-new; absent on the first run. */
  carried?: {
    snapshot: ItemSnapshot;
    seq: number;
    calendar?: CalendarData;
    handledUpdateIds?: string[];
    /** The rules the item started under (absent: carried by a run from before they existed, all off). */
    rules?: { coUnitOverdueNotices?: boolean; signWithinHandling?: boolean };
  };
}

export interface ItemOutcome {
  itemId: string;
  state: ItemSnapshot['state'];
  result?: string;
}

export interface ActRequest {
  actor: Actor;
  command: ItemCommand;
}

// Actions are Updates, not Signals: the caller learns at once whether the item accepted the
// action (a synchronous validator rejects a wrong state, unit or missing reason before anything
// is recorded), and the Update returns only after the read model is written, so the next read
// sees it. One Update carries every action so that the rules stay in one table (item-state.ts).
export const actUpdate = defineUpdate<ItemReceipt, [ActRequest]>('act');

/**
 * What an action or the ready Update answers: which item, in which state and version. Not the
 * snapshot: callers read the item from the read model (which the Update has written), and a
 * whole snapshot in every Update's completion cost about a tenth of an item's lifecycle in
 * history bytes through the server, worker and client. The snapshot query has it all.
 */
export interface ItemReceipt {
  itemId: string;
  state: ItemState;
  version: number;
}

export const receiptOf = (snapshot: ItemSnapshot): ItemReceipt => ({ itemId: snapshot.itemId, state: snapshot.state, version: snapshot.version });

/** Null until the item's deadlines are computed and recorded. */
export const itemSnapshotQuery = defineQuery<ItemSnapshot | null>('snapshot');

/**
 * A calendar year was published or corrected: reload it, recompute the deadline and re-arm the
 * timers. `revision` names the publication (calendar-<year>-v<version>); the old → new record is
 * keyed by it, so the item does not record again what the bulk recompute already recorded.
 */
export const calendarChangedSignal = defineSignal<[CalendarChange]>('calendarChanged');

export interface CalendarChange {
  years: number[];
  reason: string;
  revision: string;
}

/** Sent by an item to its parent process once the item is recorded and its deadlines are known. */
export const itemRegisteredSignal = defineSignal<[ItemSnapshot]>('itemRegistered');

/** Answers once the item is recorded with its deadlines: lets a caller start an item and wait for it in one call. */
export const itemReadyUpdate = defineUpdate<ItemReceipt>('ready');
