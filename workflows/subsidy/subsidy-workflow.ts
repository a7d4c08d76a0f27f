import {
  ApplicationFailure,
  ActivityFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { WorkingCalendar, shanghaiDateOf, shanghaiDayEnd, yearOf } from '../../domain/calendar';
import { errorCatalog, isErrorCode, type ErrorCode, type FieldError } from '../../domain/errors';
import type { Actor, ItemSnapshot } from '../../domain/supervision/item';
import { systemActorId } from '../../domain/supervision/item';
import {
  decisionErrors,
  finalApplicationStates,
  type ApplicationEventRecord,
  type ApplicationSnapshot,
  type ApplicationState,
  type DecideRequest,
  type ItemGoal,
  type ObjectionRequest,
  type ResolvedStep,
  type SubsidyApplicationInput,
} from '../../domain/subsidy/subsidy';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { calendarChangedSignal, itemRegisteredSignal, type CalendarChange } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import { applicationRegisteredUpdate, applicationSnapshotQuery, decideStepUpdate, objectUpdate, resolveObjectionUpdate, supplyUpdate } from './messages';

const { registerSubsidyApplication, recordSubsidyChange, loadCalendar } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// A regular activity: it waits on another workflow (the step item) to accept each action.
const { driveSubsidyItem } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

function reject(code: ErrorCode, message?: string, fieldErrors?: FieldError[]): never {
  throw ApplicationFailure.create({ type: code, message: message ?? errorCatalog[code].message, nonRetryable: true, details: fieldErrors ? [fieldErrors] : undefined });
}

/** An item's refusal reaches the caller with the item's own code and message. */
function rethrowItemRefusal(error: unknown): never {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type && isErrorCode(error.cause.type)) {
    reject(error.cause.type, error.cause.message);
  }
  throw error;
}

const legalBasisForSupplement = '《中华人民共和国行政许可法》第三十二条：申请材料不齐全的，一次告知申请人需要补正的全部内容；补正期间不计入办理时限';

/**
 * 资金补助申请: the application walks its steps (data: prisma/seed/subsidy-process.json); each
 * step is a supervised item assigned to its responsible unit with its own time limit. The unit's
 * conclusion moves the application on; the workflow then closes the step item through the
 * item's own actions. 补正 suspends the formal review item's clock until the enterprise
 * resubmits or the resubmission deadline passes; 公示 waits out its working days and any objection.
 */
export async function subsidyApplicationWorkflow(input: SubsidyApplicationInput): Promise<ApplicationSnapshot> {
  const commission: Actor = { userId: systemActorId, unitId: input.commissionUnitId, unitKind: 'commission', roles: ['commission_officer'] };
  const holder: { snapshot?: ApplicationSnapshot } = {};
  let seq = 0;
  let busy = false;
  const registeredItems = new Map<string, ItemSnapshot>();
  let calendar: WorkingCalendar | undefined;

  const current = (): ApplicationSnapshot => holder.snapshot ?? reject('ITEM_NOT_READY', '申请尚在登记中，请稍后重试');
  const stepOf = (state: string): ResolvedStep | undefined => input.steps.find((step) => step.key === state);
  const isFinal = (state: ApplicationState) => finalApplicationStates.includes(state);
  const today = () => shanghaiDateOf(new Date());

  /** Applies a change and records it (state, item links, event) before anything else runs. */
  const change = async (patch: Partial<ApplicationSnapshot>, event: Omit<ApplicationEventRecord, 'seq' | 'fromState' | 'toState' | 'at'>): Promise<ApplicationSnapshot> => {
    const before = current();
    seq += 1;
    const after: ApplicationSnapshot = { ...before, ...patch, version: before.version + 1 };
    holder.snapshot = after;
    const record: ApplicationEventRecord = { ...event, seq, fromState: before.state, toState: after.state, at: new Date().toISOString() };
    await recordSubsidyChange(after, [record]);
    return holder.snapshot;
  };

  const workingCalendar = async (): Promise<WorkingCalendar> => {
    if (!calendar) {
      const year = yearOf(today());
      calendar = WorkingCalendar.from(await loadCalendar({ fromYear: year, toYear: year + 2 }));
    }
    return calendar;
  };

  /** Starts the step's supervised item and waits until it is recorded with its deadlines. */
  const startStep = async (step: ResolvedStep, actorId: string): Promise<ApplicationSnapshot> => {
    if (step.kind === 'publicity') throw new Error('publicity has no step item');
    const itemId = uuid4();
    await startChild(supervisedItemWorkflow, {
      workflowId: `item-${itemId}`,
      args: [
        {
          itemId,
          title: `${step.label}：补助申请 ${input.applicationId.slice(0, 8)}`,
          source: { kind: 'subsidy', id: input.applicationId },
          leadUnitId: step.leadUnitId,
          coUnitIds: step.coUnitIds,
          commissionUnitId: input.commissionUnitId,
          policy: step.policy,
          assignedAt: new Date().toISOString(),
          createdBy: actorId,
        },
      ],
      typedSearchAttributes: [
        { key: unitAttribute, value: step.leadUnitId },
        { key: itemTypeAttribute, value: step.policy.type },
      ],
      // The application closes each step item itself; an item never outlives it by accident.
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    await condition(() => registeredItems.has(itemId));
    const item = registeredItems.get(itemId)!;
    return change(
      { state: step.key as ApplicationState, currentItemId: itemId, stepItems: { ...current().stepItems, [step.key]: itemId } },
      { action: 'assign_step', step: step.key, actorId, detail: { itemId, leadUnitId: step.leadUnitId, coUnitIds: step.coUnitIds, dueOn: item.dueOn } },
    );
  };

  const nextStepAfter = (key: string): ResolvedStep | undefined => input.steps[input.steps.findIndex((step) => step.key === key) + 1];

  /** Moves on to the step after `key`, or completes the application after the last one. */
  const advanceFrom = async (key: string, actorId: string): Promise<ApplicationSnapshot> => {
    const next = nextStepAfter(key);
    if (!next) return change({ state: 'completed', currentItemId: null }, { action: 'complete', step: null, actorId });
    if (next.kind === 'publicity') return current(); // entered by the approval decision itself
    return startStep(next, actorId);
  };

  const drive = async (itemId: string, actor: Actor, request: ItemGoal, key: string) => {
    try {
      return await driveSubsidyItem({ workflowId: `item-${itemId}`, actor, commission, key, request });
    } catch (error) {
      rethrowItemRefusal(error);
    }
  };

  /** Runs one act at a time: a second act arriving while one is recording is refused, not interleaved. */
  const exclusive = async <T>(run: () => Promise<T>): Promise<T> => {
    busy = true;
    try {
      return await run();
    } finally {
      busy = false;
    }
  };
  const notBusy = () => {
    if (busy) reject('DUPLICATE_REQUEST', '申请正在处理上一操作，请稍后刷新');
  };

  // A calendar publication reaches an application waiting on a date (补正期限, 公示 end) too.
  let calendarChange: CalendarChange | undefined;
  setHandler(calendarChangedSignal, (published) => {
    calendarChange = published;
  });

  /**
   * Recounts the date the application waits on with the calendar as now published. A date told to
   * the enterprise (补正期限) or to the public (公示 end) is only ever moved later, never earlier:
   * nobody loses days they were promised because a holiday was corrected afterwards.
   */
  const recountWaitingDate = async (published: CalendarChange): Promise<void> => {
    const snapshot = current();
    const waiting =
      snapshot.state === 'awaiting_supplement' && snapshot.notice
        ? { from: shanghaiDateOf(new Date(snapshot.notice.noticeAt)), days: input.supplementDays, on: snapshot.notice.dueOn }
        : snapshot.state === 'publicity' && snapshot.publicity
          ? { from: snapshot.publicity.from, days: input.publicityDays, on: snapshot.publicity.endsOn }
          : undefined;
    if (!waiting) return;
    calendar = WorkingCalendar.from(await loadCalendar({ fromYear: yearOf(waiting.from), toYear: yearOf(waiting.from) + 2 }));
    const recounted = calendar.addWorkingDays(waiting.from, waiting.days).date;
    if (recounted <= waiting.on) return;
    const event = { action: 'recalculate', actorId: systemActorId, reason: published.reason, detail: { revision: published.revision, previousDate: waiting.on, date: recounted } };
    if (snapshot.state === 'awaiting_supplement') await change({ notice: { ...snapshot.notice!, dueOn: recounted } }, { ...event, step: 'formal_review' });
    else await change({ publicity: { ...snapshot.publicity!, endsOn: recounted } }, { ...event, step: 'publicity' });
  };
  const takeCalendarChange = async (): Promise<void> => {
    await condition(() => !busy);
    const published = calendarChange!;
    calendarChange = undefined;
    await exclusive(() => recountWaitingDate(published));
  };

  setHandler(applicationSnapshotQuery, () => holder.snapshot ?? null);
  setHandler(itemRegisteredSignal, (snapshot) => {
    registeredItems.set(snapshot.itemId, snapshot);
  });
  setHandler(applicationRegisteredUpdate, async () => {
    await condition(() => holder.snapshot !== undefined && holder.snapshot.currentItemId !== null);
    return holder.snapshot!;
  });

  setHandler(
    decideStepUpdate,
    (request: DecideRequest) =>
      exclusive(async () => {
        const step = stepOf(current().state)!;
        const { decision, actor } = request;
        const itemId = current().currentItemId!;
        const key = `decide-${itemId}-${current().version}`;
        if (decision.outcome === 'incomplete') {
          await drive(itemId, actor, { goal: 'suspend', reason: `一次性告知补正：${decision.missing!.join('；')}`, legalBasis: legalBasisForSupplement }, key);
          const dueOn = (await workingCalendar()).addWorkingDays(today(), input.supplementDays).date;
          return change(
            { state: 'awaiting_supplement', notice: { missing: decision.missing!, noticeAt: new Date().toISOString(), dueOn } },
            { action: 'request_supplement', step: step.key, actorId: actor.userId, reason: decision.reason, detail: { missing: decision.missing, dueOn } },
          );
        }
        const summary = decision.outcome === 'pass' ? `${step.label}通过${decision.reason ? `：${decision.reason}` : ''}` : `${step.label}不通过：${decision.reason}`;
        await drive(itemId, actor, { goal: 'close', result: summary }, key);
        const detail = { outcome: decision.outcome, ...(decision.amount !== undefined ? { amount: decision.amount } : {}), ...(decision.publicityFrom ? { publicityFrom: decision.publicityFrom } : {}) };
        if (decision.outcome === 'reject') {
          const to: ApplicationState = step.kind === 'acceptance' ? 'acceptance_failed' : 'rejected';
          return change({ state: to, currentItemId: null, outcomeReason: decision.reason ?? null }, { action: 'decide', step: step.key, actorId: actor.userId, reason: decision.reason, detail });
        }
        if (step.kind === 'approval') {
          const publicityFrom = decision.publicityFrom!;
          const endsOn = (await workingCalendar()).addWorkingDays(publicityFrom, input.publicityDays).date;
          return change(
            { state: 'publicity', currentItemId: null, approvedAmount: decision.amount!, publicity: { from: publicityFrom, endsOn } },
            { action: 'decide', step: step.key, actorId: actor.userId, reason: decision.reason, detail: { ...detail, publicityEndsOn: endsOn } },
          );
        }
        const patch: Partial<ApplicationSnapshot> = step.kind === 'disbursement' ? { paidAmount: decision.amount! } : {};
        await change({ ...patch, currentItemId: null }, { action: 'decide', step: step.key, actorId: actor.userId, reason: decision.reason, detail });
        return advanceFrom(step.key, actor.userId);
      }),
    {
      validator: ({ actor, step: stepKey, decision }: DecideRequest) => {
        const snapshot = current();
        notBusy();
        const step = stepOf(snapshot.state);
        if (!step || step.kind === 'publicity' || snapshot.state !== stepKey || !snapshot.currentItemId) {
          reject('INVALID_STATE', snapshot.state === 'awaiting_supplement' ? '申请正在等待企业补正材料' : '申请当前不在该环节');
        }
        if (actor.unitId !== step.leadUnitId) reject('WRONG_UNIT', '该环节不由您所在的单位办理');
        // 一次性告知: everything missing is named in one notice; material still wanting after the
        // 补正 is a reason to decide 不通过, not a second notice (and a second suspended clock).
        if (decision.outcome === 'incomplete' && snapshot.notice) reject('INVALID_STATE', '已一次性告知补正内容，不能再次要求补正；补正材料仍不符合要求的，请作出不通过决定并说明理由');
        const errors = decisionErrors(step.kind, decision, { requested: input.requestedAmount, maxAmount: input.maxAmount, approved: snapshot.approvedAmount ?? undefined }, today());
        if (errors.length > 0) reject('VALIDATION_FAILED', errors.map((error) => error.message).join('；'), errors);
      },
    },
  );

  setHandler(
    supplyUpdate,
    (request) =>
      exclusive(async () => {
        const snapshot = current();
        await drive(snapshot.currentItemId!, commission, { goal: 'resume' }, `supply-${snapshot.currentItemId}-${snapshot.version}`);
        return change(
          { state: 'formal_review', notice: { ...snapshot.notice!, suppliedAt: new Date().toISOString(), note: request.note } },
          { action: 'supply', step: 'formal_review', actorId: request.actorId, reason: request.note },
        );
      }),
    {
      validator: (request) => {
        const snapshot = current();
        notBusy();
        if (request.enterpriseId !== input.enterpriseId) reject('FORBIDDEN');
        if (snapshot.state !== 'awaiting_supplement') reject('INVALID_STATE', '申请当前无需补正');
        if (shanghaiDayEnd(snapshot.notice!.dueOn) <= new Date()) reject('INVALID_STATE', '已超过补正期限，逾期未补正');
      },
    },
  );

  setHandler(
    objectUpdate,
    (request) =>
      exclusive(async () => {
        const objectionStep = stepOf('publicity')!;
        const itemId = uuid4();
        await startChild(supervisedItemWorkflow, {
          workflowId: `item-${itemId}`,
          args: [
            {
              itemId,
              title: `公示异议处理：${request.text.slice(0, 40)}`,
              source: { kind: 'subsidy', id: input.applicationId },
              leadUnitId: request.leadUnitId,
              coUnitIds: [],
              commissionUnitId: input.commissionUnitId,
              policy: objectionStep.policy,
              assignedAt: new Date().toISOString(),
              createdBy: request.actor.userId,
            },
          ],
          typedSearchAttributes: [
            { key: unitAttribute, value: request.leadUnitId },
            { key: itemTypeAttribute, value: objectionStep.policy.type },
          ],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        await condition(() => registeredItems.has(itemId));
        const objection = { id: itemId, itemId, text: request.text, leadUnitId: request.leadUnitId, open: true };
        return change({ objections: [...current().objections, objection] }, { action: 'object', step: 'publicity', actorId: request.actor.userId, reason: request.text, detail: { objectionId: itemId, itemId, leadUnitId: request.leadUnitId } });
      }),
    {
      validator: (request: ObjectionRequest) => {
        const snapshot = current();
        notBusy();
        if (request.text.trim() === '') reject('VALIDATION_FAILED', '请填写异议内容');
        if (snapshot.state !== 'publicity' || !snapshot.publicity) reject('INVALID_STATE', '申请当前不在公示期');
        if (shanghaiDayEnd(snapshot.publicity.endsOn) <= new Date()) reject('INVALID_STATE', '公示期已结束，不再受理异议');
      },
    },
  );

  setHandler(
    resolveObjectionUpdate,
    (request) =>
      exclusive(async () => {
        const objection = current().objections.find((entry) => entry.id === request.objectionId)!;
        await drive(objection.itemId, request.actor, { goal: 'close', result: `${request.upheld ? '异议成立' : '异议不成立'}：${request.conclusion}` }, `resolve-${objection.itemId}`);
        const objections = current().objections.map((entry) => (entry.id === objection.id ? { ...entry, open: false, upheld: request.upheld, conclusion: request.conclusion } : entry));
        const event = { action: 'resolve_objection', step: 'publicity', actorId: request.actor.userId, reason: request.conclusion, detail: { objectionId: objection.id, upheld: request.upheld } };
        if (request.upheld) return change({ objections, state: 'rejected', outcomeReason: `公示异议成立：${request.conclusion}` }, event);
        return change({ objections }, event);
      }),
    {
      validator: (request) => {
        const snapshot = current();
        notBusy();
        const objection = snapshot.objections.find((entry) => entry.id === request.objectionId);
        if (!objection) reject('NOT_FOUND', '异议不存在');
        if (!objection.open || snapshot.state !== 'publicity') reject('INVALID_STATE', '该异议已处理');
        if (request.actor.unitId !== objection.leadUnitId) reject('WRONG_UNIT', '该异议不由您所在的单位处理');
        if (request.conclusion.trim() === '') reject('VALIDATION_FAILED', '请填写处理结论');
      },
    },
  );

  // 申报: recorded, then the first step is assigned.
  const submitted = { seq: 1, action: 'submit', step: null, fromState: null, actorId: input.applicantId, at: input.submittedAt };
  const first = input.steps[0]!;
  seq = 1;
  holder.snapshot = {
    applicationId: input.applicationId,
    state: first.key as ApplicationState,
    currentItemId: null,
    approvedAmount: null,
    paidAmount: null,
    notice: null,
    publicity: null,
    objections: [],
    stepItems: {},
    outcomeReason: null,
    version: 1,
  };
  busy = true;
  await registerSubsidyApplication(input, workflowInfo().workflowId, {
    ...submitted,
    toState: first.key as ApplicationState,
    detail: { roundId: input.roundId, requestedAmount: input.requestedAmount, materials: input.materials.map((m) => m.code), ...(input.origin ? { origin: input.origin } : {}) },
  });
  await startStep(first, input.applicantId);
  busy = false;

  while (!isFinal(current().state)) {
    const state = current().state;
    if (calendarChange) {
      // A signal a worker from before this code buffered without a handler replays as ignored.
      if (patched('subsidy-calendar-recount')) await takeCalendarChange();
      else calendarChange = undefined;
      continue;
    }
    if (state === 'awaiting_supplement') {
      const dueAt = shanghaiDayEnd(current().notice!.dueOn).getTime();
      const moved = await condition(() => current().state !== 'awaiting_supplement' || calendarChange !== undefined, Math.max(dueAt - Date.now(), 1));
      if (moved) continue;
      await condition(() => !busy);
      // A publication that arrived with the deadline may move it: recounted first.
      if (current().state !== 'awaiting_supplement' || calendarChange) continue;
      // 逾期未补正: the application lapses and the suspended review item is halted.
      await exclusive(async () => {
        const itemId = current().currentItemId!;
        await drive(itemId, commission, { goal: 'halt', reason: '企业逾期未补正，申请终止' }, `lapse-${itemId}`);
        await change({ state: 'lapsed', currentItemId: null, outcomeReason: '逾期未补正' }, { action: 'lapse', step: 'formal_review', actorId: systemActorId, reason: '逾期未补正' });
      });
      continue;
    }
    if (state === 'publicity') {
      const endsAt = shanghaiDayEnd(current().publicity!.endsOn).getTime();
      if (Date.now() < endsAt && (await condition(() => current().state !== 'publicity' || calendarChange !== undefined, endsAt - Date.now()))) continue;
      // The period has run out; an open objection holds the application until it is resolved.
      await condition(() => current().state !== 'publicity' || (!busy && current().objections.every((objection) => !objection.open)));
      if (current().state !== 'publicity') continue;
      await exclusive(async () => {
        await change({}, { action: 'publicity_end', step: 'publicity', actorId: systemActorId, detail: { endsOn: current().publicity!.endsOn } });
        await advanceFrom('publicity', systemActorId);
      });
      continue;
    }
    await condition(() => current().state !== state || calendarChange !== undefined);
  }
  await condition(allHandlersFinished);
  return current();
}
