import { createHash, randomUUID } from 'node:crypto';
import { MONTHS, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DifficultyInput } from '../domain/difficulty/difficulty';
import type { Actor, ItemCommand, ItemSnapshot } from '../domain/supervision/item';
import { difficultyRegisteredUpdate, type DifficultyRegistration } from '../workflows/difficulty/messages';
import { meetingPreparedUpdate, recordMinutesUpdate } from '../workflows/meeting/messages';
import { meetingScheduleIdFor, type MeetingCadence, type MeetingInput, type MinutesOutcome, type MinutesRequest } from '../domain/meeting/meeting';
import { actUpdate, itemReadyUpdate, type ItemInput } from '../workflows/supervision/messages';
import { itemTypeAttribute, unitAttribute } from '../workflows/search-attributes';

// The thin layer between HTTP and Temporal: it names workflow ids and maps idempotency keys to
// Temporal's own deduplication (workflow ids for starts, update ids for actions). No decisions.

export const difficultyWorkflowId = (difficultyId: string) => `difficulty-${difficultyId}`;
export const itemWorkflowId = (itemId: string) => `item-${itemId}`;
export const meetingWorkflowId = (meetingId: string) => `meeting-${meetingId}`;

/** A UUID (version 8, name-based) from an idempotency key, so a retried request names the same item. */
export function uuidFromKey(namespace: string, key: string): string {
  const hex = createHash('sha256').update(`${namespace}:${key}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

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
      typedSearchAttributes: [{ key: unitAttribute, value: input.leadUnitId }],
    });
    return this.client.workflow.executeUpdateWithStart(difficultyRegisteredUpdate, {
      startWorkflowOperation,
      updateId: `registered-${difficultyId}`,
    });
  }

  /** Starts an assigned item (交办事项, its own source) and returns once it is recorded with its deadlines. */
  async assignItem(input: Omit<ItemInput, 'itemId' | 'source'>, idempotencyKey?: string): Promise<ItemSnapshot> {
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
  act(workflowId: string, actor: Actor, command: ItemCommand, idempotencyKey?: string): Promise<ItemSnapshot> {
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

  /** Starts a meeting cycle now, as the Schedule would (补开一次). */
  triggerMeetingSchedule(): Promise<void> {
    return this.client.schedule.getHandle(this.meetingScheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  }
}

