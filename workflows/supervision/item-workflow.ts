import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { WorkingCalendar, shanghaiDayEnd, yearOf } from '../../domain/calendar';
import { errorCatalog, type ErrorCode } from '../../domain/errors';
import type { Actor, ItemEventRecord, ItemSnapshot } from '../../domain/supervision/item';
import { systemActorId } from '../../domain/supervision/item';
import { nextState, isOpenState, type ItemAction, type ItemState } from '../../domain/supervision/item-state';
import { dueDateAttribute, stateAttribute } from '../search-attributes';
import { completeUpdate, itemRegisteredSignal, itemSnapshotQuery, signUpdate, type ItemInput, type ItemOutcome } from './messages';

const { loadCalendar, recordItemEvent } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function reject(code: ErrorCode, detail?: string): never {
  throw ApplicationFailure.create({ type: code, message: detail ?? errorCatalog[code].message, nonRetryable: true });
}

/** The item's state and rules; handlers call its methods, the workflow function only waits. */
class SupervisedItem {
  snapshot: ItemSnapshot;
  private seq = 0;

  constructor(input: ItemInput, calendar: WorkingCalendar, now: Date) {
    const sign = calendar.addWorkingDays(input.assignedOn, input.signDays);
    const handle = calendar.addWorkingDays(input.assignedOn, input.handleDays);
    this.snapshot = {
      itemId: input.itemId,
      workflowId: workflowInfo().workflowId,
      type: input.type,
      title: input.title,
      source: input.source,
      leadUnitId: input.leadUnitId,
      state: 'pending_sign',
      budgetDays: input.handleDays,
      signDueOn: sign.date,
      dueOn: handle.date,
      provisional: sign.provisional || handle.provisional,
      colour: 'green',
      version: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
  }

  get isOpen(): boolean {
    return isOpenState(this.snapshot.state);
  }

  /** Synchronous validation shared by every actor-driven action: nothing is recorded on failure. */
  validate(action: Exclude<ItemAction, 'create'>, actor: Actor): ItemState {
    if (actor.unitId !== this.snapshot.leadUnitId) reject('WRONG_UNIT');
    const to = nextState(this.snapshot.state, action);
    if (!to) reject('INVALID_STATE');
    return to;
  }

  /**
   * Applies a change synchronously (so a concurrent action is validated against the new state)
   * and returns the event to record.
   */
  apply(action: ItemEventRecord['action'], change: Partial<ItemSnapshot>, actorId: string, unitId: string | null, reason?: string): ItemEventRecord {
    const at = new Date().toISOString();
    const fromState = this.seq === 0 ? null : this.snapshot.state;
    this.seq += 1;
    this.snapshot = { ...this.snapshot, ...change, version: this.seq, updatedAt: at };
    return { seq: this.seq, action, fromState, toState: this.snapshot.state, actorId, unitId, reason, at };
  }
}

async function record(item: SupervisedItem, event: ItemEventRecord): Promise<ItemSnapshot> {
  const snapshot = item.snapshot;
  upsertSearchAttributes([
    { key: stateAttribute, value: snapshot.state },
    { key: dueDateAttribute, value: shanghaiDayEnd(snapshot.dueOn) },
  ]);
  await recordItemEvent(snapshot, event);
  return snapshot;
}

/** 督办事项: one step a unit must do by a deadline in working days. */
export async function supervisedItemWorkflow(input: ItemInput): Promise<ItemOutcome> {
  // Handlers are registered first, before any await, so no query or update finds them missing;
  // until the deadlines are computed and recorded the item answers "not yet registered".
  const holder: { item?: SupervisedItem } = {};
  const registered = (): SupervisedItem => holder.item ?? reject('INVALID_STATE', '事项尚在登记中，请稍后重试');

  setHandler(itemSnapshotQuery, () => holder.item?.snapshot ?? null);
  setHandler(
    signUpdate,
    async ({ actor }) => {
      const current = registered();
      const event = current.apply('sign', { state: 'in_progress', signedAt: new Date().toISOString() }, actor.userId, actor.unitId);
      return record(current, event);
    },
    { validator: ({ actor }) => void registered().validate('sign', actor) },
  );
  setHandler(
    completeUpdate,
    async ({ actor, result }) => {
      const current = registered();
      const event = current.apply('complete', { state: 'completed', completedAt: new Date().toISOString(), result }, actor.userId, actor.unitId);
      return record(current, event);
    },
    {
      validator: ({ actor, result }) => {
        registered().validate('complete', actor);
        if (result.trim().length === 0) reject('VALIDATION_FAILED', '办结时须填写办理结果');
      },
    },
  );

  const thisYear = yearOf(input.assignedOn);
  const calendar = WorkingCalendar.from(await loadCalendar({ fromYear: thisYear, toYear: thisYear + 1 }));
  const created = new SupervisedItem(input, calendar, new Date());
  await record(created, created.apply('create', {}, input.createdBy, null));
  holder.item = created;
  const parent = workflowInfo().parent;
  if (parent) await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(itemRegisteredSignal, created.snapshot);

  // Red when the deadline passes with the item still open (the full warning ladder builds on this).
  const untilOverdue = shanghaiDayEnd(created.snapshot.dueOn).getTime() - Date.now();
  const closedInTime = await condition(() => !created.isOpen, Math.max(untilOverdue, 1));
  if (!closedInTime) {
    await record(created, created.apply('overdue', { colour: 'red' }, systemActorId, null, '超过办理时限'));
    await condition(() => !created.isOpen);
  }
  // The action that closed the item is still recording its event; let it answer its caller.
  await condition(allHandlersFinished);
  return { itemId: created.snapshot.itemId, state: created.snapshot.state, result: created.snapshot.result };
}
