import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { WorkingCalendar, calendarChangeBetween, shanghaiDateOf, shanghaiDayEnd, yearOf, type CalendarData } from '../../domain/calendar';
import { AppError, errorCatalog, type ErrorCode } from '../../domain/errors';
import { deadlineOf, excludeStretch, extend, resume, startClock, suspend } from '../../domain/supervision/clock';
import { clockRunsIn, deadlineDatesChanged, deadlinePolicyOf, deriveDeadlines, type DeadlinePolicy } from '../../domain/supervision/deadlines';
import { handlingClock } from '../../domain/supervision/item-type';
import { escalationSchedule, nextStep, yellowFrom, type EscalationStepKey, type NotifyTarget } from '../../domain/supervision/escalation';
import type { Actor, ItemEventRecord, ItemRecalculationRecord, ItemSnapshot } from '../../domain/supervision/item';
import { systemActorId } from '../../domain/supervision/item';
import { actionRules, isFinalState, nextState, type ActorSide, type ItemAction, type ItemState } from '../../domain/supervision/item-state';
import { dueDateAttribute, stateAttribute, unitAttribute } from '../search-attributes';
import {
  actUpdate,
  calendarChangedSignal,
  itemReadyUpdate,
  itemRegisteredSignal,
  itemSnapshotQuery,
  type ActRequest,
  type CalendarChange,
  type ItemInput,
  type ItemOutcome,
  receiptOf,
} from './messages';
import { handledUpdates } from '../update-ids';

// Local activities: each is one short, idempotent database transaction, run by the worker inside
// the workflow task that asked for it, so an action or a deadline costs one workflow task instead
// of a task, an activity round trip through the server and another task. The result is recorded
// as a marker only when the task completes: a worker that dies mid-activity loses the task, the
// next worker replays and runs the activity again, and the guarded writes (version, seq, dedup
// keys) make the second run change nothing. One running longer than the workflow task timeout
// keeps the task alive (the SDK heartbeats it). No schedule-to-close: giving up would fail the
// item, and its read model must be written eventually; retries beyond the local threshold
// back off on a workflow timer instead of holding the task.
const { loadCalendar, recordItemEvents, notifyItemStep } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

function reject(code: ErrorCode, message?: string): never {
  throw ApplicationFailure.create({ type: code, message: message ?? errorCatalog[code].message, nonRetryable: true });
}

/** Domain rules throw AppError; inside a validator that becomes a rejected Update. */
function asRejection<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof AppError) reject(error.code, error.userMessage);
    throw error;
  }
}

const reviewStretchReason = '审核期间（报送至退办）';
const reviewStretchBasis = '审核期间不计入承办单位办理时限';

/** How many handled Update ids a run remembers and hands to the next (idempotency across runs). */
const rememberedUpdateIds = 200;

/** Rules that changed while items ran: decided once per run from its patches (see the workflow). */
interface ItemRules {
  /** Patch `review-time-excluded`: a 退办 gives the unit back the review's time. */
  reviewTimeExcluded: boolean;
  /** Patch `co-unit-overdue-notice`: a co-organiser past its sub-deadline without a report is told, once. */
  coUnitOverdueNotices: boolean;
  /** Patch `hour-sign-within-handling`: an hour item's sign deadline is no later than its handling deadline's day. */
  signWithinHandling: boolean;
}

/** The item's state and rules; handlers call its methods, the workflow function only waits. */
class SupervisedItem {
  snapshot: ItemSnapshot;
  seq: number;

  constructor(
    private readonly input: ItemInput,
    private calendar: WorkingCalendar,
    now: Date,
    private readonly rules: ItemRules,
  ) {
    if (input.carried) {
      this.snapshot = input.carried.snapshot;
      this.seq = input.carried.seq;
      return;
    }
    this.seq = 0;
    const clock = handlingClock(input.policy, input.assignedAt);
    this.snapshot = {
      itemId: input.itemId,
      workflowId: workflowInfo().workflowId,
      type: input.policy.type,
      title: input.title,
      source: input.source,
      leadUnitId: input.leadUnitId,
      coUnits: input.coUnitIds.map((unitId) => ({ unitId, dueOn: null })),
      state: 'pending_sign',
      clock,
      signDueOn: input.assignedAt.slice(0, 10),
      dueOn: null,
      dueAt: null,
      provisional: false,
      colour: 'green',
      firedSteps: [],
      version: 0,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.snapshot = { ...this.snapshot, ...this.derived(this.snapshot, now) };
  }

  get state(): ItemState {
    return this.snapshot.state;
  }

  useCalendar(calendar: WorkingCalendar) {
    this.calendar = calendar;
  }

  /** Deadlines and colour follow from the clock and the calendar (domain/supervision/deadlines.ts). */
  derived(snapshot: ItemSnapshot, now: Date): Partial<ItemSnapshot> {
    const { coUnitDueOn, ...deadlines } = deriveDeadlines(snapshot, this.deadlinePolicy(), this.calendar, now);
    return { ...deadlines, coUnits: snapshot.coUnits.map((part) => ({ ...part, dueOn: coUnitDueOn })) };
  }

  /** The part of the policy the deadlines follow from; the read model keeps it for the bulk recompute. */
  deadlinePolicy(): DeadlinePolicy {
    return deadlinePolicyOf(this.input.policy, { signWithinHandling: this.rules.signWithinHandling });
  }

  /**
   * Re-derives the deadlines after a calendar publication. A move is a new version of the item
   * but no event: its old → new record is keyed by the publication (the bulk recompute may have
   * written it already). Undefined when nothing the read model shows has moved.
   */
  recalculate(now: Date, change: { revision: string; reason: string }): { recalculation?: ItemRecalculationRecord } | undefined {
    const before = this.snapshot;
    const after = { ...before, ...this.derived(before, now) };
    const dates = (s: ItemSnapshot) => ({ dueOn: s.dueOn, signDueOn: s.signDueOn, coUnitDueOn: s.coUnits[0]?.dueOn ?? null });
    const datesMoved = deadlineDatesChanged(dates(before), dates(after));
    if (!datesMoved && after.provisional === before.provisional && after.dueAt === before.dueAt) return undefined;
    this.snapshot = { ...after, version: before.version + 1, updatedAt: now.toISOString() };
    if (!datesMoved) return {};
    const [from, to] = [dates(before), dates(after)];
    const detail = {
      previousDueOn: from.dueOn,
      dueOn: to.dueOn,
      previousSignDueOn: from.signDueOn,
      signDueOn: to.signDueOn,
      previousCoUnitDueOn: from.coUnitDueOn,
      coUnitDueOn: to.coUnitDueOn,
    };
    return { recalculation: { revision: change.revision, reason: change.reason, detail, at: now.toISOString() } };
  }

  /** The API resolved the actor from the session; the workflow re-checks it against the item. */
  sidesOf(actor: Actor): ActorSide[] {
    const onItem = actor.unitId === this.snapshot.leadUnitId || this.snapshot.coUnits.some((part) => part.unitId === actor.unitId);
    const sides: ActorSide[] = [];
    if (actor.unitKind === 'commission' && actor.roles.some((role) => role === 'commission_officer' || role === 'commission_head')) sides.push('commission');
    if (actor.unitId === this.snapshot.leadUnitId) sides.push('lead');
    if (this.snapshot.coUnits.some((part) => part.unitId === actor.unitId)) sides.push('coUnit');
    if (actor.roles.includes('district_leader') || actor.roles.includes('commission_head') || (actor.roles.includes('unit_leader') && onItem)) sides.push('leader');
    return sides;
  }

  /** Synchronous: every rule an action must pass, so a rejected action records nothing. */
  validate({ actor, command }: ActRequest, now: Date): void {
    const rule = actionRules[command.action];
    if (!this.sidesOf(actor).includes(rule.by)) reject(rule.by === 'commission' || rule.by === 'leader' ? 'FORBIDDEN' : 'WRONG_UNIT');
    if (!nextState(this.state, command.action)) reject('INVALID_STATE');
    if ('reason' in command && rule.needsReason && command.reason.trim() === '') reject('VALIDATION_FAILED', '请填写理由');
    const s = this.snapshot;
    switch (command.action) {
      case 'return': {
        const assignedOn = shanghaiDateOf(new Date(s.clock.startedAt));
        const lastDay = this.calendar.addWorkingDays(assignedOn, this.input.policy.returnDays).date;
        if (now >= shanghaiDayEnd(lastDay)) reject('RETURN_WINDOW_PASSED');
        break;
      }
      case 'transfer':
        if (command.toUnitId === s.leadUnitId) reject('SAME_UNIT');
        break;
      case 'report':
        if (s.coUnits.some((part) => !part.reportedAt)) reject('CO_UNITS_PENDING');
        break;
      case 'coReport':
        if (s.coUnits.find((part) => part.unitId === actor.unitId)?.reportedAt) reject('INVALID_STATE', '本单位已反馈');
        break;
      case 'requestExtension':
        if (s.extensionRequest) reject('EXTENSION_PENDING');
        if (s.dueAt && now >= new Date(s.dueAt)) reject('EXTENSION_TOO_LATE');
        break;
      case 'decideExtension':
        if (!s.extensionRequest) reject('NO_EXTENSION_PENDING');
        break;
      case 'suspend':
        asRejection(() => suspend(s.clock, { id: 'check', reason: command.reason, legalBasis: command.legalBasis, by: actor.userId, from: now.toISOString() }));
        break;
      case 'resume':
        asRejection(() => resume(s.clock, this.openSuspensionId() ?? '', now.toISOString()));
        break;
      default:
        break;
    }
  }

  private openSuspensionId(): string | undefined {
    return this.snapshot.clock.suspensions.find((entry) => entry.to === undefined)?.id;
  }

  /** The change an accepted action makes, computed from the current snapshot. */
  change({ actor, command }: ActRequest, now: Date, newId: () => string): { change: Partial<ItemSnapshot>; reason?: string; detail?: Record<string, unknown> } {
    const at = now.toISOString();
    const s = this.snapshot;
    switch (command.action) {
      case 'sign':
        return { change: { signedAt: at } };
      case 'return':
        return { change: {}, reason: command.reason };
      case 'transfer':
        // The new unit gets a fresh clock and ladder; the old clock stays in the history.
        return {
          change: {
            leadUnitId: command.toUnitId,
            clock: startClock(s.clock.unit, s.clock.budget, at),
            firedSteps: [],
            colour: 'green',
            signedAt: undefined,
            extensionRequest: undefined,
          },
          reason: command.reason,
          detail: { fromUnitId: s.leadUnitId, toUnitId: command.toUnitId, previousClock: s.clock },
        };
      case 'report':
        return { change: { reportedAt: at, result: command.result } };
      case 'coReport':
        return {
          change: { coUnits: s.coUnits.map((part) => (part.unitId === actor.unitId ? { ...part, reportedAt: at, report: command.report } : part)) },
          detail: { report: command.report },
        };
      case 'approve':
        return { change: { completedAt: at }, detail: command.comment ? { comment: command.comment } : undefined };
      case 'sendBack': {
        // The review was the commission's time, not the unit's (审核期间不计入承办单位办理时限):
        // it goes into the ledger as a suspension from the report to now, so the unit works on
        // with the time it had left when it reported; a report already late stays late. Recorded
        // only when it moves the deadline (a review within the day, or after it, moves nothing).
        const excluded =
          this.rules.reviewTimeExcluded && s.reportedAt
            ? excludeStretch(s.clock, { id: newId(), reason: reviewStretchReason, legalBasis: reviewStretchBasis, by: actor.userId, from: s.reportedAt, to: at })
            : s.clock;
        const moves = excluded !== s.clock && deadlineOf(excluded, this.calendar).dueAt !== deadlineOf(s.clock, this.calendar).dueAt;
        const clock = moves ? excluded : s.clock;
        return { change: { reportedAt: undefined, clock }, reason: command.reason, detail: moves ? { previousDueOn: s.dueOn, previousDueAt: s.dueAt } : undefined };
      }
      case 'close':
        return { change: { closedAt: at } };
      case 'requestExtension':
        return {
          change: { extensionRequest: { id: newId(), days: command.days, reason: command.reason, progress: command.progress, requestedBy: actor.userId, requestedAt: at } },
          reason: command.reason,
          detail: { days: command.days, progress: command.progress },
        };
      case 'decideExtension': {
        const request = s.extensionRequest!;
        const clock = command.approve
          ? extend(s.clock, { id: request.id, amount: request.days, reason: request.reason, approvedBy: actor.userId, approvedAt: at })
          : s.clock;
        return { change: { clock, extensionRequest: undefined }, reason: command.reason, detail: { approved: command.approve, days: request.days, previousDueOn: s.dueOn } };
      }
      case 'urge':
        return { change: {}, reason: command.message };
      case 'suspend':
        return {
          change: { clock: suspend(s.clock, { id: newId(), reason: command.reason, legalBasis: command.legalBasis, by: actor.userId, from: at }) },
          reason: command.reason,
          detail: { legalBasis: command.legalBasis, previousDueOn: s.dueOn },
        };
      case 'resume':
        return { change: { clock: resume(s.clock, this.openSuspensionId()!, at) } };
      case 'halt':
        return { change: {}, reason: command.reason };
      case 'instruct':
        return { change: {}, reason: command.text };
    }
  }

  /**
   * Applies a change synchronously (so a concurrent action is validated against the new state),
   * re-derives deadlines and colour, and returns the event to record.
   */
  apply(action: ItemAction, to: ItemState, change: Partial<ItemSnapshot>, actorId: string, unitId: string | null, now: Date, reason?: string, detail?: Record<string, unknown>): ItemEventRecord {
    const fromState = this.seq === 0 ? null : this.snapshot.state;
    const next = { ...this.snapshot, ...change, state: to };
    this.seq += 1;
    this.snapshot = { ...next, ...this.derived(next, now), version: next.version + 1, updatedAt: now.toISOString() };
    return { seq: this.seq, action, fromState, toState: to, actorId, unitId, reason, detail, at: now.toISOString() };
  }

  /** The next instant a timer must wake the item: yellow, the deadline, a ladder step or 签收超时. */
  nextWake(): Wake | undefined {
    const s = this.snapshot;
    if (!clockRunsIn.includes(s.state) || !s.dueAt) return undefined;
    const policy = this.input.policy.escalation;
    const candidates: Wake[] = [];
    const yellow = yellowFrom(s.clock, policy, this.calendar);
    if (s.colour === 'green' && yellow) candidates.push({ at: new Date(yellow), kind: 'warn' });
    if (s.colour !== 'red') candidates.push({ at: new Date(s.dueAt), kind: 'overdue' });
    const step = nextStep(escalationSchedule(s.clock, policy, this.calendar), s.firedSteps, new Date(0));
    if (step) candidates.push({ at: new Date(step.step.fireAt), kind: 'step', key: step.step.key, label: step.step.label, notify: step.step.notify });
    if (s.state === 'pending_sign' && policy.signOverdue && !s.firedSteps.includes('sign_overdue')) {
      candidates.push({ at: shanghaiDayEnd(s.signDueOn), kind: 'step', key: 'sign_overdue', label: policy.signOverdue.label, notify: policy.signOverdue.notify });
    }
    if (this.rules.coUnitOverdueNotices) {
      // The lead cannot report before its co-organisers; one past its sub-deadline hears of it
      // (and the lead with it) once, instead of the lead alone taking the 催办 for it later.
      for (const part of s.coUnits) {
        if (!part.reportedAt && !part.overdueNotifiedAt && part.dueOn) candidates.push({ at: shanghaiDayEnd(part.dueOn), kind: 'coOverdue', unitId: part.unitId });
      }
    }
    candidates.sort((a, b) => a.at.getTime() - b.at.getTime());
    return candidates[0];
  }
}

type Wake =
  | { at: Date; kind: 'warn' }
  | { at: Date; kind: 'overdue' }
  | { at: Date; kind: 'step'; key: EscalationStepKey; label: string; notify: NotifyTarget[] }
  | { at: Date; kind: 'coOverdue'; unitId: string };

const coOverdueLabel = '配合单位反馈超时';

/** 督办事项: one step a unit must do by a deadline in working days, with its warnings and ladder. */
export async function supervisedItemWorkflow(input: ItemInput): Promise<ItemOutcome> {
  // Handlers are registered first, before any await, so no query or update finds them missing;
  // until the deadlines are computed and recorded the item answers "not yet registered".
  const holder: { item?: SupervisedItem } = {};
  // Decided once per run, before anything else (a first patched() call inside an Update handler
  // breaks the replay of queries); runs started before keep the review's time on the unit's clock.
  const reviewTimeExcluded = patched('review-time-excluded');
  // Runs started before this patch told nobody of the assignment (the inbox showed it).
  const assignmentNotices = patched('assignment-notice');
  // Rules added while items run stay as the item started: a run continued as new takes them from
  // the run before it (which may predate them), never from the code it now runs on.
  const carriedRules = input.carried ? (input.carried.rules ?? {}) : undefined;
  const rules: ItemRules = {
    reviewTimeExcluded,
    coUnitOverdueNotices: carriedRules ? carriedRules.coUnitOverdueNotices === true : patched('co-unit-overdue-notice'),
    signWithinHandling: carriedRules ? carriedRules.signWithinHandling === true : patched('hour-sign-within-handling'),
  };
  // A new run after continue-as-new has its state and calendar with it: set up before the
  // handlers are registered, because Updates buffered for this run are validated at registration.
  let calendarData: CalendarData | undefined = input.carried?.calendar;
  if (input.carried && calendarData) holder.item = new SupervisedItem(input, WorkingCalendar.from(calendarData), new Date(), rules);
  const registered = (): SupervisedItem => holder.item ?? reject('ITEM_NOT_READY');
  let calendarChange: CalendarChange | undefined;
  let pendingRecords = 0;
  // Temporal's visibility keeps what operators find items by: the lead unit (and the type, set at
  // start); open or closed is the execution's status. State and deadlines are the read model's:
  // keeping SrdiState and SrdiDueDate current was a visibility write on every action, about a
  // quarter of the server's CPU per item lifecycle. Decided once per run, at its start, so that a
  // replay meets the patch marker where it was recorded; runs started before keep the old way.
  const visibilityUnitOnly = patched('visibility-unit-only');
  // Runs started before the patch: the search attributes as this run last upserted them; a new
  // run's first record upserts them all again (harmless: Temporal carries them over continue-as-new).
  let indexed: { unit?: string; state?: string; dueAt?: string | null } = {};

  const recordWith = async (item: SupervisedItem, events: ItemEventRecord[], also: { recalculation?: ItemRecalculationRecord } = {}): Promise<ItemSnapshot> => {
    const snapshot = item.snapshot;
    if (visibilityUnitOnly) {
      // A transfer moves SrdiUnit; starters set it, and an item started without it sets it on its first record.
      if (workflowInfo().typedSearchAttributes.get(unitAttribute) !== snapshot.leadUnitId) {
        upsertSearchAttributes([{ key: unitAttribute, value: snapshot.leadUnitId }]);
      }
    } else {
      const attributes = { unit: snapshot.leadUnitId, state: snapshot.state, dueAt: snapshot.dueAt };
      const changed = [
        ...(attributes.unit !== indexed.unit ? [{ key: unitAttribute, value: attributes.unit }] : []),
        ...(attributes.state !== indexed.state ? [{ key: stateAttribute, value: attributes.state }] : []),
        ...(attributes.dueAt !== indexed.dueAt ? [{ key: dueDateAttribute, value: attributes.dueAt ? new Date(attributes.dueAt) : null }] : []),
      ];
      if (changed.length > 0) upsertSearchAttributes(changed);
      indexed = attributes;
    }
    pendingRecords += 1;
    try {
      // The read model keeps the policy's deadline part from the item's first record on, so that a
      // calendar publication can recompute the item's deadlines in bulk.
      const first = events.some((event) => event.action === 'create');
      await recordItemEvents(snapshot, events, { ...also, ...(first ? { deadlinePolicy: item.deadlinePolicy() } : {}) });
    } finally {
      pendingRecords -= 1;
    }
    return snapshot;
  };
  const record = (item: SupervisedItem, ...events: ItemEventRecord[]) => recordWith(item, events);

  setHandler(itemSnapshotQuery, () => holder.item?.snapshot ?? null);
  setHandler(itemReadyUpdate, async () => {
    await condition(() => holder.item !== undefined);
    return receiptOf(holder.item!.snapshot);
  });
  setHandler(calendarChangedSignal, (change) => {
    calendarChange = change;
  });
  const { ids: handledUpdateIds, alreadyHandled, remember } = handledUpdates(input.carried?.handledUpdateIds, rememberedUpdateIds);
  setHandler(
    actUpdate,
    async (request) => {
      const item = registered();
      if (alreadyHandled()) return receiptOf(item.snapshot);
      remember();
      const now = new Date();
      const { change, reason, detail } = item.change(request, now, uuid4);
      const to = nextState(item.state, request.command.action)!;
      // A stand-in (代岗) acts in their own name; the history also names the colleague they cover.
      const recorded = request.actor.onBehalfOf ? { ...detail, onBehalfOf: request.actor.onBehalfOf } : detail;
      const event = item.apply(request.command.action, to, change, request.actor.userId, request.actor.unitId, now, reason, recorded);
      const snapshot = await record(item, event);
      const noticeKey = request.command.action === 'urge' || request.command.action === 'instruct' ? request.command.action : undefined;
      if (noticeKey) {
        await notifyItemStep({ snapshot, stepKey: noticeKey, commissionUnitId: input.commissionUnitId, dedupKey: `item:${snapshot.itemId}:${event.seq}:${noticeKey}`, at: event.at, message: reason });
      }
      if (assignmentNotices && request.command.action === 'transfer') {
        // The new lead hears of it as of a new assignment; co-organisers already know the item.
        await notifyItemStep({
          snapshot,
          stepKey: 'assigned',
          notify: [{ role: 'liaison', unit: 'lead' }],
          commissionUnitId: input.commissionUnitId,
          dedupKey: `item:${snapshot.itemId}:${event.seq}:assigned`,
          at: event.at,
          message: `该事项由原牵头单位转办至你单位（${reason ?? ''}），请及时签收并按期办理。`,
        });
      }
      return receiptOf(snapshot);
    },
    {
      validator: (request) => {
        const item = registered();
        if (!alreadyHandled()) item.validate(request, new Date());
      },
    },
  );

  const years = (from: string) => ({ fromYear: yearOf(from.slice(0, 10)), toYear: yearOf(from.slice(0, 10)) + 2 });
  let item: SupervisedItem;
  if (holder.item && calendarData) {
    item = holder.item;
  } else {
    calendarData = await loadCalendar(years(input.carried?.snapshot.clock.startedAt ?? input.assignedAt));
    item = new SupervisedItem(input, WorkingCalendar.from(calendarData), new Date(), rules);
    if (!input.carried) {
      const created = item.apply('create', 'pending_sign', {}, input.createdBy, null, new Date());
      // 交办通知 to every unit named, beside the record (both local activities in one task).
      await Promise.all([
        record(item, created),
        ...(assignmentNotices
          ? [notifyItemStep({ snapshot: item.snapshot, stepKey: 'assigned', commissionUnitId: input.commissionUnitId, dedupKey: `item:${item.snapshot.itemId}:${created.seq}:assigned`, at: created.at })]
          : []),
      ]);
    }
    holder.item = item;
    const parent = workflowInfo().parent;
    if (parent && !input.carried) await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(itemRegisteredSignal, item.snapshot);
  }

  while (!isFinalState(item.state)) {
    // Checked on every turn, not only after timers: a busy item grows its history through Updates.
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && pendingRecords === 0);
      await continueAsNew<typeof supervisedItemWorkflow>({ ...input, carried: { snapshot: item.snapshot, seq: item.seq, calendar: calendarData, handledUpdateIds, rules: { coUnitOverdueNotices: rules.coUnitOverdueNotices, signWithinHandling: rules.signWithinHandling } } });
    }
    const seenVersion = item.snapshot.version;
    const wake = item.nextWake();
    const timeout = wake ? wake.at.getTime() - Date.now() : undefined;
    const changed = () => item.snapshot.version !== seenVersion || calendarChange !== undefined;
    // A wake already due (an item assigned in the past, or catching up after downtime) is handled
    // at once: no timer, so catching up adds no timer events and no timer races an Update.
    const woken =
      timeout === undefined ? (await condition(changed), true) : timeout <= 0 ? changed() : await condition(changed, timeout);
    const now = new Date();
    if (calendarChange) {
      // The bulk recompute has usually put the new deadlines in the read model already; the item
      // re-derives its own (its timers follow from them on the next turn) and records them, and
      // the old → new record is written only if the bulk recompute did not write it.
      const change = calendarChange;
      calendarChange = undefined;
      calendarData = await loadCalendar(years(item.snapshot.clock.startedAt));
      item.useCalendar(WorkingCalendar.from(calendarData));
      const moved = item.recalculate(now, change);
      if (moved) await recordWith(item, [], moved);
      continue;
    }
    if (woken || !wake) continue;
    // A calendar published since the last load may have moved this wake, and the signal that
    // re-arms items trails a large recompute by minutes to hours: check before acting on a deadline.
    if (patched('calendar-checked-at-wake')) {
      const fresh = await loadCalendar(years(item.snapshot.clock.startedAt));
      const change = calendarChangeBetween(calendarData, fresh);
      if (change) {
        calendarData = fresh;
        item.useCalendar(WorkingCalendar.from(fresh));
        const moved = item.recalculate(now, change);
        if (moved) await recordWith(item, [], moved);
        continue;
      }
    }
    // Every wake due by now is handled together (at a deadline the item turns red and its first
    // rung fires at the same instant): one record, and the notices sent alongside it.
    const events: ItemEventRecord[] = [];
    const notices: { key: EscalationStepKey; notify: NotifyTarget[]; seq: number; at: string }[] = [];
    const coNotices: { unitId: string; seq: number; at: string }[] = [];
    for (let due: Wake | undefined = wake; due && (due === wake || due.at <= now); due = item.nextWake()) {
      if (due.kind === 'warn') {
        events.push(item.apply('warn', item.state, { colour: 'yellow' }, systemActorId, null, now, '时限将至'));
      } else if (due.kind === 'overdue') {
        events.push(item.apply('overdue', item.state, { colour: 'red' }, systemActorId, null, now, '超过办理时限'));
      } else if (due.kind === 'coOverdue') {
        const unitId = due.unitId;
        const coUnits = item.snapshot.coUnits.map((part) => (part.unitId === unitId ? { ...part, overdueNotifiedAt: now.toISOString() } : part));
        const event = item.apply('escalate', item.state, { coUnits }, systemActorId, null, now, coOverdueLabel, { step: 'co_overdue', unitId });
        events.push(event);
        coNotices.push({ unitId, seq: event.seq, at: event.at });
      } else {
        const event = item.apply('escalate', item.state, { firedSteps: [...item.snapshot.firedSteps, due.key] }, systemActorId, null, now, due.label, { step: due.key });
        events.push(event);
        notices.push({ key: due.key, notify: due.notify, seq: event.seq, at: event.at });
      }
    }
    const snapshot = item.snapshot;
    await Promise.all([
      record(item, ...events),
      // Keyed by the event's seq (deterministic on replay): a retried activity never notifies
      // twice, and the same step after a transfer (a fresh ladder) is a new notice.
      ...notices.map((notice) =>
        notifyItemStep({ snapshot, stepKey: notice.key, notify: notice.notify, commissionUnitId: input.commissionUnitId, dedupKey: `item:${snapshot.itemId}:${notice.seq}:${notice.key}`, at: notice.at }),
      ),
      ...coNotices.map((notice) =>
        notifyItemStep({ snapshot, stepKey: 'co_overdue', coUnitId: notice.unitId, commissionUnitId: input.commissionUnitId, dedupKey: `item:${snapshot.itemId}:${notice.seq}:co_overdue`, at: notice.at }),
      ),
    ]);
  }
  // The action that closed the item is still recording its event; let it answer its caller.
  await condition(allHandlersFinished);
  return { itemId: item.snapshot.itemId, state: item.snapshot.state, result: item.snapshot.result };
}

