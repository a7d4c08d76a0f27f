import { createHash, randomUUID } from 'node:crypto';
import { MONTHS, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DifficultyInput, RatingRequest } from '../domain/difficulty/difficulty';
import type { Actor, ItemCommand } from '../domain/supervision/item';
import { classifyUpdate, difficultyRecordedUpdate, difficultyRegisteredUpdate, rateUpdate, type ClassifyRequest, type DifficultyRegistration, type RatingOutcome } from '../workflows/difficulty/messages';
import { meetingPreparedUpdate, recordMinutesUpdate } from '../workflows/meeting/messages';
import { meetingScheduleIdFor, type MeetingCadence, type MeetingInput, type MinutesOutcome, type MinutesRequest } from '../domain/meeting/meeting';
import { changeCadenceUpdate, measureTaskLaunchedUpdate, measureTaskStateQuery, type CadenceChange, type MeasureTaskState } from '../workflows/measure/messages';
import type { MeasureTaskInput } from '../domain/measure/measure-task';
import { actUpdate, itemReadyUpdate, type ItemInput, type ItemReceipt } from '../workflows/supervision/messages';
import { applicationRegisteredUpdate as recognitionRegisteredUpdate, decideStepUpdate as decideRecognitionStepUpdate } from '../workflows/recognition/messages';
import type { ApplicationProgress, CriteriaCheck, DecisionRequest, RecognitionInput } from '../domain/recognition/recognition';
import { itemTypeAttribute, unitAttribute } from '../workflows/search-attributes';
import { subsidyApplicationWorkflowId, type ApplicationSnapshot, type DecideRequest, type ObjectionRequest, type ResolveObjectionRequest, type SubsidyApplicationInput, type SupplementRequest } from '../domain/subsidy/subsidy';
import { applicationRegisteredUpdate as subsidyRegisteredUpdate, decideStepUpdate as decideSubsidyStepUpdate, objectUpdate, resolveObjectionUpdate, supplyUpdate } from '../workflows/subsidy/messages';
import type { ListingCaseState } from '../domain/listing/listing';
import {
  changeOfficerUpdate,
  confirmMilestoneUpdate,
  listingEnrolledUpdate,
  recordEvidenceUpdate,
  type ConfirmRequest,
  type EvidenceRequest,
  type ListingInput,
  type OfficerRequest,
} from '../workflows/listing/messages';

// The thin layer between HTTP and Temporal: it names workflow ids and maps idempotency keys to
// Temporal's own deduplication (workflow ids for starts, update ids for actions). No decisions.

export const difficultyWorkflowId = (difficultyId: string) => `difficulty-${difficultyId}`;
export const itemWorkflowId = (itemId: string) => `item-${itemId}`;
export const meetingWorkflowId = (meetingId: string) => `meeting-${meetingId}`;
/**
 * One task per measure and deployment: the task queue is in the id (as in the meeting Schedule's),
 * so deployments (and test files) sharing a Temporal namespace never attach to each other's task.
 */
export const measureTaskWorkflowId = (taskQueue: string, taskId: string) => `measure-task-${taskQueue}-${taskId}`;
export const recognitionWorkflowId = (applicationId: string) => `recognition-${applicationId}`;
export const listingWorkflowId = (caseId: string) => `listing-${caseId}`;

/** A UUID (version 8, name-based) from an idempotency key, so a retried request names the same item. */
export function uuidFromKey(namespace: string, key: string): string {
  const hex = createHash('sha256').update(`${namespace}:${key}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export { subsidyApplicationWorkflowId };

export class WorkflowClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /** Starts the difficulty process and returns once its first item is recorded. */
  async raiseDifficulty(input: Omit<DifficultyInput, 'difficultyId'>, idempotencyKey?: string): Promise<DifficultyRegistration> {
    const difficultyId = idempotencyKey ? `d-${idempotencyKey}` : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('difficultyWorkflow', {
      workflowId: difficultyWorkflowId(difficultyId),
      taskQueue: this.taskQueue,
      args: [{ ...input, difficultyId }],
      // A retried request with the same key attaches to the process the first one started.
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: input.leadUnitId ? [{ key: unitAttribute, value: input.leadUnitId }] : [],
    });
    return this.client.workflow.executeUpdateWithStart(difficultyRegisteredUpdate, {
      startWorkflowOperation,
      updateId: `registered-${difficultyId}`,
    });
  }

  /** Starts an enterprise's difficulty (no units yet) and returns once it is recorded, waiting for classification. */
  async submitDifficulty(input: Omit<DifficultyInput, 'difficultyId'>, idempotencyKey?: string): Promise<{ difficultyId: string }> {
    const difficultyId = idempotencyKey ? `e-${uuidFromKey(`difficulty:${input.enterpriseId}`, idempotencyKey)}` : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('difficultyWorkflow', {
      workflowId: difficultyWorkflowId(difficultyId),
      taskQueue: this.taskQueue,
      args: [{ ...input, difficultyId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await this.client.workflow.executeUpdateWithStart(difficultyRecordedUpdate, { startWorkflowOperation, updateId: `recorded-${difficultyId}` });
    return { difficultyId };
  }

  /** 分门别类并交办; returns once the difficulty's item is recorded. */
  classifyDifficulty(workflowId: string, request: ClassifyRequest, idempotencyKey?: string): Promise<DifficultyRegistration> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(classifyUpdate, { args: [request], updateId: idempotencyKey && `classify-${idempotencyKey}` });
  }

  /** 回访满意度; returns once the rating is recorded (and the difficulty reopened, if so). */
  rateDifficulty(workflowId: string, request: RatingRequest, idempotencyKey?: string): Promise<RatingOutcome> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(rateUpdate, { args: [request], updateId: idempotencyKey && `rate-${idempotencyKey}` });
  }

  /** Starts an assigned item (交办事项, its own source) and returns once it is recorded with its deadlines. */
  async assignItem(input: Omit<ItemInput, 'itemId' | 'source'>, idempotencyKey?: string): Promise<ItemReceipt> {
    const itemId = idempotencyKey ? uuidFromKey('item', idempotencyKey) : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('supervisedItemWorkflow', {
      workflowId: itemWorkflowId(itemId),
      taskQueue: this.taskQueue,
      args: [{ ...input, itemId, source: { kind: 'assignment', id: itemId } }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [
        { key: unitAttribute, value: input.leadUnitId },
        { key: itemTypeAttribute, value: input.policy.type },
      ],
    });
    return this.client.workflow.executeUpdateWithStart(itemReadyUpdate, { startWorkflowOperation, updateId: `ready-${itemId}` });
  }

  /**
   * Starts the recompute of every open deadline after a calendar change; the workflow id makes
   * a repeated call for the same revision attach to the same run instead of starting another.
   */
  async recomputeDeadlines(years: number[], reason: string, workflowId: string): Promise<string> {
    await this.client.workflow.start('calendarRecomputeWorkflow', {
      workflowId,
      taskQueue: this.taskQueue,
      args: [{ years, reason, revision: workflowId, afterId: null, signalled: 0 }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return workflowId;
  }

  /** Whether a calendar recompute (by its workflow id) still runs; 'unknown' if never started. */
  async recomputeStatus(workflowId: string): Promise<'running' | 'done' | 'failed' | 'unknown'> {
    try {
      const { status } = await this.client.workflow.getHandle(workflowId).describe();
      if (status.name === 'RUNNING') return 'running';
      return status.name === 'COMPLETED' ? 'done' : 'failed';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'unknown';
      throw error;
    }
  }

  /** One action on an item; the same idempotency key never acts twice (Temporal update id). */
  act(workflowId: string, actor: Actor, command: ItemCommand, idempotencyKey?: string): Promise<ItemReceipt> {
    return this.client.workflow
      .getHandle(workflowId)
      .executeUpdate(actUpdate, { args: [{ actor, command }], updateId: idempotencyKey && `${command.action}-${idempotencyKey}` });
  }

  private get meetingScheduleId(): string {
    return meetingScheduleIdFor(this.taskQueue);
  }

  /** 召集联席会议: starts a meeting cycle now and returns once its agenda is compiled. */
  conveneMeeting(input: Omit<MeetingInput, 'meetingId'>, idempotencyKey?: string): Promise<{ meetingId: string; title: string }> {
    const meetingId = idempotencyKey ? uuidFromKey('meeting', idempotencyKey) : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('jointMeetingWorkflow', {
      workflowId: meetingWorkflowId(meetingId),
      taskQueue: this.taskQueue,
      args: [{ ...input, meetingId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(meetingPreparedUpdate, { startWorkflowOperation, updateId: `prepared-${meetingId}` });
  }

  /** 会议纪要: once per meeting; a retried request with the same key returns the same items. */
  recordMinutes(workflowId: string, request: MinutesRequest, idempotencyKey?: string): Promise<MinutesOutcome> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(recordMinutesUpdate, { args: [request], updateId: idempotencyKey && `minutes-${idempotencyKey}` });
  }

  /** The meeting cadence as the Schedule holds it, with its next start times; undefined before it exists. */
  async describeMeetingSchedule(): Promise<{ cadence: MeetingCadence; paused: boolean; nextStarts: string[] } | undefined> {
    try {
      const description = await this.client.schedule.getHandle(this.meetingScheduleId).describe();
      const calendar = description.spec.calendars?.[0];
      const values = (ranges: unknown): number[] =>
        (Array.isArray(ranges) ? ranges : []).flatMap((range: { start: number | string; end?: number | string }) => {
          const toNumber = (value: number | string) => (typeof value === 'number' ? value : MONTHS.indexOf(value as (typeof MONTHS)[number]) + 1);
          const start = toNumber(range.start);
          const end = range.end === undefined ? start : toNumber(range.end);
          return Array.from({ length: end - start + 1 }, (_, offset) => start + offset);
        });
      return {
        cadence: { months: values(calendar?.month), dayOfMonth: values(calendar?.dayOfMonth)[0] ?? 1, hour: values(calendar?.hour)[0] ?? 0 },
        paused: description.state.paused,
        nextStarts: description.info.nextActionTimes.map((time) => time.toISOString()),
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return undefined;
      throw error;
    }
  }

  /** Creates the meeting Schedule, or changes its cadence; running cycles are not touched. */
  async saveMeetingSchedule(cadence: MeetingCadence, commissionUnitId: string): Promise<void> {
    const spec = {
      calendars: [{ month: cadence.months.map((month) => MONTHS[month - 1]!), dayOfMonth: cadence.dayOfMonth, hour: cadence.hour, comment: '联席会议' }],
      timezone: 'Asia/Shanghai',
    };
    const action = {
      type: 'startWorkflow' as const,
      workflowType: 'jointMeetingWorkflow',
      workflowId: `meeting-cycle-${this.taskQueue}`,
      taskQueue: this.taskQueue,
      args: [{ commissionUnitId, convenedBy: 'schedule' } satisfies MeetingInput],
    };
    try {
      await this.client.schedule.create({ scheduleId: this.meetingScheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL } });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await this.client.schedule.getHandle(this.meetingScheduleId).update((previous) => ({ ...previous, spec, action }));
    }
  }

  /**
   * One listing case per enterprise: its id follows from the enterprise, per task queue (one per
   * deployment; per test file on a shared test server, like the meeting Schedule).
   */
  listingCaseId(enterpriseId: string): string {
    return uuidFromKey(`listing:${this.taskQueue}`, enterpriseId);
  }

  /**
   * 纳入上市培育: starts the enterprise's case (one per enterprise) and returns once the enrolment
   * is recorded. A second call for the same enterprise attaches to the running case.
   */
  enrolListing(input: Omit<ListingInput, 'caseId'>): Promise<ListingCaseState> {
    const caseId = this.listingCaseId(input.enterpriseId);
    const startWorkflowOperation = new WithStartWorkflowOperation('listingWorkflow', {
      workflowId: listingWorkflowId(caseId),
      taskQueue: this.taskQueue,
      args: [{ ...input, caseId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(listingEnrolledUpdate, { startWorkflowOperation, updateId: `enrolled-${caseId}` });
  }

  recordListingEvidence(workflowId: string, request: EvidenceRequest, idempotencyKey?: string): Promise<ListingCaseState> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(recordEvidenceUpdate, { args: [request], updateId: idempotencyKey && `evidence-${idempotencyKey}` });
  }

  confirmListingMilestone(workflowId: string, request: ConfirmRequest, idempotencyKey?: string): Promise<ListingCaseState> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(confirmMilestoneUpdate, { args: [request], updateId: idempotencyKey && `confirm-${idempotencyKey}` });
  }

  changeListingOfficer(workflowId: string, request: OfficerRequest, idempotencyKey?: string): Promise<ListingCaseState> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(changeOfficerUpdate, { args: [request], updateId: idempotencyKey && `officer-${idempotencyKey}` });
  }

  /** Starts a meeting cycle now, as the Schedule would (补开一次). */
  triggerMeetingSchedule(): Promise<void> {
    return this.client.schedule.getHandle(this.meetingScheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  }

  /**
   * 启动重点任务跟踪: one task per measure, named from the measure, so launching it again (or a
   * retried request) attaches to the task already running. Returns once its row is recorded.
   */
  launchMeasureTask(input: MeasureTaskInput): Promise<{ taskId: string }> {
    const startWorkflowOperation = new WithStartWorkflowOperation('measureTaskWorkflow', {
      workflowId: measureTaskWorkflowId(this.taskQueue, input.taskId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: unitAttribute, value: input.leadUnitId }],
    });
    return this.client.workflow.executeUpdateWithStart(measureTaskLaunchedUpdate, { startWorkflowOperation, updateId: `launched-${input.taskId}` });
  }

  /** 调整报送周期: from the next report not yet assigned; the same idempotency key changes it once. */
  changeMeasureCadence(taskId: string, change: CadenceChange, idempotencyKey?: string): Promise<MeasureTaskState> {
    return this.client.workflow.getHandle(measureTaskWorkflowId(this.taskQueue, taskId)).executeUpdate(changeCadenceUpdate, { args: [change], updateId: idempotencyKey && `cadence-${idempotencyKey}` });
  }

  /** Where a running task stands: its cadence and the next report it will assign. */
  measureTaskState(taskId: string): Promise<MeasureTaskState> {
    return this.client.workflow.getHandle(measureTaskWorkflowId(this.taskQueue, taskId)).query(measureTaskStateQuery);
  }

  /**
   * 认定申报: starts the application's workflow and returns once it and its first step's item are
   * recorded. The application id is named by batch and enterprise: one application per batch, and
   * a repeated submission attaches to the first.
   */
  applyForRecognition(input: Omit<RecognitionInput, 'applicationId'> & { criteriaCheck: CriteriaCheck }): Promise<ApplicationProgress> {
    const applicationId = uuidFromKey('recognition', `${input.batchId}:${input.enterpriseId}`);
    const startWorkflowOperation = new WithStartWorkflowOperation('recognitionWorkflow', {
      workflowId: recognitionWorkflowId(applicationId),
      taskQueue: this.taskQueue,
      args: [{ ...input, applicationId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(recognitionRegisteredUpdate, { startWorkflowOperation, updateId: `registered-${applicationId}` });
  }

  /** One step's decision; the same idempotency key never decides twice. */
  decideRecognitionStep(workflowId: string, request: DecisionRequest, idempotencyKey?: string): Promise<ApplicationProgress> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(decideRecognitionStepUpdate, { args: [request], updateId: idempotencyKey && `decide-${idempotencyKey}` });
  }

  /**
   * 资金补助申请: starts an application (already checked against its round: window, eligibility,
   * materials; see activities/subsidy/prepare-application.ts prepareSubsidyApplication) and returns once
   * it is recorded with its first step item. The same idempotency key attaches to the same application.
   */
  applyForSubsidy(input: Omit<SubsidyApplicationInput, 'applicationId'>, idempotencyKey?: string): Promise<ApplicationSnapshot> {
    const applicationId = idempotencyKey ? uuidFromKey('subsidy-application', idempotencyKey) : randomUUID();
    const startWorkflowOperation = new WithStartWorkflowOperation('subsidyApplicationWorkflow', {
      workflowId: subsidyApplicationWorkflowId(applicationId),
      taskQueue: this.taskQueue,
      args: [{ ...input, applicationId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(subsidyRegisteredUpdate, { startWorkflowOperation, updateId: `registered-${applicationId}` });
  }

  decideSubsidyStep(workflowId: string, request: DecideRequest, idempotencyKey?: string): Promise<ApplicationSnapshot> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(decideSubsidyStepUpdate, { args: [request], updateId: idempotencyKey && `decide-${idempotencyKey}` });
  }

  supplySubsidyMaterials(workflowId: string, request: SupplementRequest, idempotencyKey?: string): Promise<ApplicationSnapshot> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(supplyUpdate, { args: [request], updateId: idempotencyKey && `supply-${idempotencyKey}` });
  }

  objectToSubsidy(workflowId: string, request: ObjectionRequest, idempotencyKey?: string): Promise<ApplicationSnapshot> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(objectUpdate, { args: [request], updateId: idempotencyKey && `object-${idempotencyKey}` });
  }

  resolveSubsidyObjection(workflowId: string, request: ResolveObjectionRequest, idempotencyKey?: string): Promise<ApplicationSnapshot> {
    return this.client.workflow.getHandle(workflowId).executeUpdate(resolveObjectionUpdate, { args: [request], updateId: idempotencyKey && `resolve-${idempotencyKey}` });
  }
}
