import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyLocalActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { shanghaiDateOf, shanghaiDayEnd } from '../../domain/calendar';
import type { ErrorCode } from '../../domain/errors';
import {
  confirmProblem,
  evidenceProblem,
  milestoneIndex,
  nextMilestone,
  periodAfter,
  periodAssignedAt,
  periodStart,
  type ListingCaseState,
  type ListingEventRecord,
  type ListingEvidence,
  type ListingProblem,
} from '../../domain/listing/listing';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import { changeOfficerUpdate, confirmMilestoneUpdate, listingEnrolledUpdate, listingStateQuery, recordEvidenceUpdate, type ListingInput } from './messages';
import { startRewardApplication, startStagedRewardClaim, type StagedRewardClaim } from './reward-claim';
import { handledUpdates } from '../update-ids';

// Local, like the item's: short idempotent transactions run inside the workflow task.
const { recordListing, listingItemPolicy, listingExpectedBy, openListingCheckIns } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Continue as new past this many events even if the server has not suggested it yet. */
const defaultHistoryLimit = 8_000;
/** How many handled Update ids a run hands to the next (idempotency across runs). */
const rememberedUpdateIds = 200;

function reject(code: ErrorCode | ListingProblem['code'], message: string): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true });
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * 上市培育: one enterprise's case for years, from the district pool to listing. Evidence and
 * milestone confirmations arrive as Updates; the case starts the monthly check-in items of its
 * service officer's unit, escalates a milestone stalled past its expected date (once each), and
 * starts a staged reward claim where a milestone carries one. It continues as new carrying its
 * state; the items it starts outlive each run (ABANDON).
 */
export async function listingWorkflow(input: ListingInput): Promise<{ caseId: string; listedOn: string | null }> {
  const { programme } = input;
  const holder: { state?: ListingCaseState } = input.carried ? { state: input.carried.state } : {};
  const registered = new Set<string>();
  let pendingRecords = 0;

  const current = (): ListingCaseState => holder.state ?? reject('ITEM_NOT_READY', '上市培育案例尚在登记中，请稍后重试');
  const event = (state: ListingCaseState, action: ListingEventRecord['action'], actorId: string, detail: Record<string, unknown>, milestone?: string): ListingEventRecord => {
    state.seq += 1;
    state.version += 1;
    return { seq: state.seq, action, milestone, actorId, detail, at: new Date().toISOString() };
  };
  const record = async (state: ListingCaseState, ...events: ListingEventRecord[]) => {
    pendingRecords += 1;
    try {
      await recordListing(
        { state: copy(state), workflowId: workflowInfo().workflowId, enrolledOn: input.enrolment.enrolledOn, nextMilestone: nextMilestone(programme, state)?.key ?? null, enrolKey: input.enrolment.idempotencyKey },
        events,
      );
    } finally {
      pendingRecords -= 1;
    }
  };

  /** Starts a supervised item and waits until it has registered with this run (it signals back). */
  const startItem = async (itemId: string, title: string, leadUnitId: string, policy: ItemTypePolicy, assignedAt: string, createdBy: string) => {
    await startChild(supervisedItemWorkflow, {
      workflowId: `item-${itemId}`,
      args: [{ itemId, title, source: { kind: 'listing', id: input.caseId }, leadUnitId, coUnitIds: [], commissionUnitId: input.commissionUnitId, policy, assignedAt, createdBy }],
      typedSearchAttributes: [
        { key: unitAttribute, value: leadUnitId },
        { key: itemTypeAttribute, value: policy.type },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    // An item signals the run that started it; that run must not end before it has.
    await condition(() => registered.has(itemId));
  };

  const startCheckIn = async (state: ListingCaseState, period: string, assignedAt: string) => {
    const base = await listingItemPolicy(programme.checkIn.itemType);
    // The cadence's due working day is the check-in's budget: assigned the day before the period, it falls due on its Nth working day.
    const policy = { ...base, handleDays: programme.checkIn.dueWorkingDay };
    const itemId = uuid4();
    await startItem(itemId, `${input.enterpriseName} ${period} 上市培育走访`, state.officer.unitId, policy, assignedAt, 'system');
    state.lastCheckInPeriod = period;
    state.openCheckIns.push({ period, itemId });
    await record(state, event(state, 'check_in', 'system', { period, itemId, unitId: state.officer.unitId, officerId: state.officer.staffId }));
  };

  const claimReward = async (state: ListingCaseState, milestoneKey: string, actorId: string) => {
    const index = milestoneIndex(programme, milestoneKey);
    const def = programme.milestones[index]!;
    const reached = state.reached[index]!;
    if (!def.rewardClaim || state.rewardClaims.some((claim) => claim.milestone === def.key)) return;
    const claimOf = (at: string): StagedRewardClaim => ({
      caseId: input.caseId,
      enterpriseId: input.enterpriseId,
      enterpriseName: input.enterpriseName,
      milestone: def.key,
      milestoneLabel: def.label,
      stage: def.rewardClaim!.stage,
      reachedOn: reached.reachedOn,
      evidenceIds: reached.evidence.map((evidence) => evidence.id),
      commissionUnitId: input.commissionUnitId,
      claimedBy: actorId,
      at,
    });
    // Cases running before the connection to 资金补助 replay the item-only path below unchanged.
    if (patched('listing-reward-subsidy')) {
      const at = new Date().toISOString();
      const claim = claimOf(at);
      const id = uuid4();
      const application = await startRewardApplication(claim, id, { measureId: programme.rewardMeasureId, amount: def.rewardClaim.amount });
      if ('kind' in application) {
        state.rewardClaims.push({ milestone: def.key, stage: def.rewardClaim.stage, kind: 'subsidy_application', id, roundId: application.roundId, at });
        await record(
          state,
          event(state, 'reward_claim', actorId, { stage: def.rewardClaim.stage, kind: 'subsidy_application', applicationId: id, roundId: application.roundId, requestedAmount: application.requestedAmount }, def.key),
        );
        return;
      }
      const policy = await listingItemPolicy(programme.rewardItemType);
      await startStagedRewardClaim(claim, id, policy, application);
      await condition(() => registered.has(id));
      state.rewardClaims.push({ milestone: def.key, stage: def.rewardClaim.stage, kind: 'supervised_item', itemId: id, fallbackReason: application.reason, at });
      await record(state, event(state, 'reward_claim', actorId, { stage: def.rewardClaim.stage, kind: 'supervised_item', itemId: id, itemType: policy.type, fallbackReason: application.reason }, def.key));
      return;
    }
    const policy = await listingItemPolicy(programme.rewardItemType);
    const at = new Date().toISOString();
    const started = await startStagedRewardClaim(claimOf(at), uuid4(), policy);
    await condition(() => registered.has(started.id));
    state.rewardClaims.push({ milestone: def.key, stage: def.rewardClaim.stage, itemId: started.id, at });
    await record(state, event(state, 'reward_claim', actorId, { stage: def.rewardClaim.stage, itemId: started.id, itemType: policy.type }, def.key));
  };

  setHandler(itemRegisteredSignal, (snapshot) => {
    registered.add(snapshot.itemId);
  });
  setHandler(listingStateQuery, () => holder.state ?? null);
  let enrolled = input.carried !== undefined;
  setHandler(listingEnrolledUpdate, async () => {
    await condition(() => enrolled);
    return current();
  });

  const { ids: handledUpdateIds, alreadyHandled, remember } = handledUpdates(input.carried?.handledUpdateIds, rememberedUpdateIds);
  const check = (problem: ListingProblem | undefined) => {
    if (problem) reject(problem.code, problem.message);
  };

  setHandler(
    recordEvidenceUpdate,
    async (request) => {
      const state = current();
      if (alreadyHandled()) return state;
      remember();
      const evidence: ListingEvidence = {
        id: uuid4(),
        milestone: request.milestone,
        documents: request.documents,
        attachmentIds: request.attachmentIds,
        recordedBy: request.actor.userId,
        recordedAs: request.actor.side,
        at: new Date().toISOString(),
      };
      state.pendingEvidence.push(evidence);
      await record(state, event(state, 'evidence', request.actor.userId, { evidenceId: evidence.id, documents: evidence.documents, attachmentIds: evidence.attachmentIds, recordedAs: evidence.recordedAs }, request.milestone));
      return state;
    },
    { validator: (request) => (alreadyHandled() ? undefined : check(evidenceProblem(programme, current(), request.actor, request.milestone))) },
  );

  setHandler(
    confirmMilestoneUpdate,
    async (request) => {
      const state = current();
      if (alreadyHandled()) return state;
      remember();
      const index = milestoneIndex(programme, request.milestone);
      const def = programme.milestones[index]!;
      const at = new Date().toISOString();
      const evidence = state.pendingEvidence;
      // Applied at once, so a concurrent confirmation is validated against the new state.
      state.reached.push({ key: def.key, label: def.label, reachedOn: request.reachedOn, evidence, confirmedBy: request.actor.userId, confirmedAt: at });
      state.pendingEvidence = [];
      const following = programme.milestones[index + 1];
      if (following) {
        state.nextDueOn = null;
        state.nextDueOn = await listingExpectedBy(request.reachedOn, following);
      } else {
        state.nextDueOn = null;
        state.listedOn = request.reachedOn;
      }
      await record(
        state,
        event(
          state,
          'confirm',
          request.actor.userId,
          {
            reachedOn: request.reachedOn,
            evidenceIds: evidence.map((entry) => entry.id),
            nextDueOn: state.nextDueOn,
            ...(request.comment ? { comment: request.comment } : {}),
            ...(request.quotaWarning ? { quotaWarning: request.quotaWarning } : {}),
          },
          def.key,
        ),
      );
      await claimReward(state, def.key, request.actor.userId);
      return state;
    },
    { validator: (request) => (alreadyHandled() ? undefined : check(confirmProblem(programme, current(), request.actor, request.milestone, request.reachedOn))) },
  );

  setHandler(
    changeOfficerUpdate,
    async (request) => {
      const state = current();
      if (alreadyHandled() || request.officer.staffId === state.officer.staffId) return state;
      remember();
      const previous = state.officer;
      // Check-ins already started stay with the unit they were assigned to; the next period's go to the new officer's unit.
      state.officer = request.officer;
      await record(state, event(state, 'officer', request.actor.userId, { from: previous, to: request.officer, reason: request.reason }));
      return state;
    },
    {
      validator: (request) => {
        current();
        if (!alreadyHandled() && request.actor.side !== 'commission') reject('FORBIDDEN', '仅区经济信息委督办人员可更换服务专员');
      },
    },
  );

  if (!input.carried) {
    const first = programme.milestones[0]!;
    const { enrolment } = input;
    const evidence: ListingEvidence = { id: uuid4(), milestone: first.key, ...enrolment.evidence, recordedAs: 'commission', at: enrolment.at };
    const state: ListingCaseState = {
      caseId: input.caseId,
      enterpriseId: input.enterpriseId,
      officer: input.officer,
      reached: [{ key: first.key, label: first.label, reachedOn: enrolment.enrolledOn, evidence: [evidence], confirmedBy: enrolment.by, confirmedAt: enrolment.at }],
      pendingEvidence: [],
      nextDueOn: null,
      stallEscalations: [],
      rewardClaims: [],
      openCheckIns: [],
      lastCheckInPeriod: null,
      listedOn: null,
      version: 0,
      seq: 0,
    };
    state.nextDueOn = await listingExpectedBy(enrolment.enrolledOn, programme.milestones[1]!);
    holder.state = state;
    await record(state, event(state, 'enrol', enrolment.by, { enrolledOn: enrolment.enrolledOn, officer: input.officer, evidenceId: evidence.id }, first.key));
    await claimReward(state, first.key, enrolment.by);
    // The officer's first check-in follows the enrolment; later ones follow the cadence.
    await startCheckIn(state, shanghaiDateOf(new Date()).slice(0, 7), new Date().toISOString());
    // The enrolment answers once its first check-in exists, so its caller sees the case complete.
    enrolled = true;
  }
  const state = current();

  while (!state.listedOn) {
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= (input.historyLimit ?? defaultHistoryLimit)) {
      await condition(() => allHandlersFinished() && pendingRecords === 0);
      const stillOpen = await openListingCheckIns(input.caseId, state.openCheckIns.map((checkIn) => checkIn.itemId));
      state.openCheckIns = state.openCheckIns.filter((checkIn) => stillOpen.includes(checkIn.itemId));
      await continueAsNew<typeof listingWorkflow>({ ...input, carried: { state, handledUpdateIds } });
    }
    const seenVersion = state.version;
    const next = nextMilestone(programme, state);
    const stallAt = next && state.nextDueOn && !state.stallEscalations.some((entry) => entry.milestone === next.key) ? shanghaiDayEnd(state.nextDueOn) : undefined;
    const checkInPeriod = periodAfter(state.lastCheckInPeriod ?? shanghaiDateOf(new Date()).slice(0, 7), programme.checkIn.intervalMonths);
    const checkInAt = periodStart(checkInPeriod);
    const wakeAt = stallAt && stallAt < checkInAt ? stallAt : checkInAt;
    const timeout = wakeAt.getTime() - Date.now();
    // A wake already due (a case enrolled with past dates) is handled at once, without a timer.
    const woken = timeout <= 0 ? false : await condition(() => state.version !== seenVersion || (state.listedOn !== null), timeout);
    if (woken || state.listedOn) continue;
    const now = new Date();
    const due = nextMilestone(programme, state);
    if (due && state.nextDueOn && now >= shanghaiDayEnd(state.nextDueOn) && !state.stallEscalations.some((entry) => entry.milestone === due.key)) {
      const policy = await listingItemPolicy(programme.stallItemType);
      const last = state.reached[state.reached.length - 1]!;
      const itemId = uuid4();
      const expectedBy = state.nextDueOn;
      await startItem(itemId, `${input.enterpriseName}「${due.label}」超过预期时限（应于 ${expectedBy} 前达成）`, input.commissionUnitId, policy, now.toISOString(), 'system');
      state.stallEscalations.push({ milestone: due.key, itemId, at: now.toISOString() });
      await record(state, event(state, 'stall', 'system', { itemId, expectedBy, lastReached: last.key, lastReachedOn: last.reachedOn }, due.key));
    }
    if (now >= checkInAt) await startCheckIn(state, checkInPeriod, periodAssignedAt(checkInPeriod));
  }
  // The confirmation of 上市 is still recording; let it answer its caller.
  await condition(() => allHandlersFinished() && pendingRecords === 0);
  return { caseId: input.caseId, listedOn: state.listedOn };
}
