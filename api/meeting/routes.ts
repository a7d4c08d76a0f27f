import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { commissionActor } from '../../domain/access/policy';
import { auditActorOf } from '../../domain/access/principal';
import { appendAudit } from '../../activities/audit/audit-log';
import { canonicalJson } from '../../domain/canonical-json';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { fromDateColumn } from '../../prisma/date-column';
import { idempotencyKeyOf } from '../http/idempotency';
import { route, type RouteDefinition } from '../http/route';
import { checkAssignedUnits, itemTypePolicyFor } from '../supervision/assignment';
import type { WorkflowClient } from '../workflow-client';
import { cadenceBodySchema, conveneMeetingBodySchema, meetingParamsSchema, minutesBodySchema } from './schemas';

const tag = '联席会议';

async function findMeeting(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUnique({ where: { id: meetingId }, include: { decisions: { orderBy: { seq: 'asc' } } } });
  if (!meeting) throw new AppError('NOT_FOUND', { userMessage: '会议不存在' });
  return meeting;
}

async function meetingView(db: Db, meeting: Awaited<ReturnType<typeof findMeeting>>) {
  const itemIds = meeting.decisions.flatMap((decision) => (decision.itemId ? [decision.itemId] : []));
  const items = new Map(
    (await db.supervisedItem.findMany({ where: { id: { in: itemIds } }, select: { id: true, state: true, dueOn: true, colour: true } })).map((item) => [item.id, item]),
  );
  return {
    id: meeting.id,
    title: meeting.title,
    state: meeting.state,
    scheduledOn: fromDateColumn(meeting.scheduledOn),
    heldOn: meeting.heldOn ? fromDateColumn(meeting.heldOn) : null,
    convenedBy: meeting.convenedBy,
    agenda: meeting.agenda,
    bulletin: meeting.bulletin,
    minutes: meeting.minutes,
    decisions: meeting.decisions.map((decision) => {
      const item = decision.itemId ? items.get(decision.itemId) : undefined;
      return {
        seq: decision.seq,
        text: decision.text,
        leadUnitId: decision.leadUnitId,
        coUnitIds: decision.coUnitIds,
        itemId: decision.itemId,
        item: item ? { state: item.state, dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null, colour: item.colour } : null,
      };
    }),
  };
}

/** 联席会议: the cadence (a Temporal Schedule), each meeting's agenda and bulletin, its minutes and decisions. */
export function meetingRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  return [
    route({
      operationId: 'meetings.list',
      method: 'get',
      path: '/meetings',
      tag,
      summary: '联席会议列表（最近 50 次）',
      access: 'meetings.read',
      handle: async () => ({
        meetings: (await db.meeting.findMany({ orderBy: [{ scheduledOn: 'desc' }, { createdAt: 'desc' }], take: 50 })).map((meeting) => ({
          id: meeting.id,
          title: meeting.title,
          state: meeting.state,
          scheduledOn: fromDateColumn(meeting.scheduledOn),
          heldOn: meeting.heldOn ? fromDateColumn(meeting.heldOn) : null,
        })),
      }),
    }),
    route({
      operationId: 'meetings.get',
      method: 'get',
      path: '/meetings/:meetingId',
      tag,
      summary: '会议议题（未办结诉求、超期事项）、上次议定事项落实情况、纪要与议定事项进度',
      access: 'meetings.read',
      params: meetingParamsSchema,
      handle: async ({ params }) => meetingView(db, await findMeeting(db, params.meetingId)),
    }),
    route({
      operationId: 'meetings.convene',
      method: 'post',
      path: '/meetings',
      tag,
      summary: '召集一次联席会议（汇编议题与上次议定事项落实情况）',
      access: 'meetings.manage',
      body: conveneMeetingBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const today = shanghaiDateOf(new Date());
        if (body.scheduledOn < today || body.scheduledOn > addCalendarDays(today, 366)) {
          throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'scheduledOn', message: '召开日期须在今天至一年内' }] });
        }
        const actor = commissionActor(principal);
        const { meetingId } = await workflows.conveneMeeting({ commissionUnitId: actor.unitId, convenedBy: actor.userId, scheduledOn: body.scheduledOn }, idempotencyKeyOf(req));
        return meetingView(db, await findMeeting(db, meetingId));
      },
    }),
    route({
      operationId: 'meetings.recordMinutes',
      method: 'post',
      path: '/meetings/:meetingId/minutes',
      tag,
      summary: '录入会议纪要；每项议定事项交办为督办事项',
      access: 'meetings.manage',
      params: meetingParamsSchema,
      body: minutesBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const meeting = await findMeeting(db, params.meetingId);
        const key = idempotencyKeyOf(req);
        // The cycle ends once its decisions are assigned: answer a retry, or refuse a second record, here.
        if (meeting.state !== 'preparing') {
          if (key !== undefined && key === meeting.minutesKey) return meetingView(db, meeting);
          throw new AppError('INVALID_STATE', { userMessage: meeting.state === 'held' ? '本次会议纪要已录入' : '本次会议未召开，已不能录入纪要' });
        }
        if (body.heldOn > shanghaiDateOf(new Date())) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'heldOn', message: '召开日期不能晚于今天' }] });
        const [policy] = await Promise.all([
          itemTypePolicyFor(db, 'joint_meeting_task', 'meeting', 'decisions'),
          ...body.decisions.map((decision) => checkAssignedUnits(db, decision.leadUnitId, decision.coUnitIds)),
        ]);
        const actor = commissionActor(principal);
        await workflows.recordMinutes(meeting.workflowId, { actor, heldOn: body.heldOn, minutes: body.minutes, decisions: body.decisions, policy, idempotencyKey: key }, key);
        return meetingView(db, await findMeeting(db, params.meetingId));
      },
    }),
    route({
      operationId: 'meetings.schedule.get',
      method: 'get',
      path: '/meeting-schedule',
      tag,
      summary: '联席会议周期（Temporal Schedule）及接下来的召开时间',
      access: 'meetings.read',
      handle: async () => (await workflows.describeMeetingSchedule()) ?? { cadence: null, paused: false, nextStarts: [] },
    }),
    route({
      operationId: 'meetings.schedule.save',
      method: 'put',
      path: '/meeting-schedule',
      tag,
      summary: '设置联席会议周期（默认每季度：1、4、7、10 月 10 日 9 时）',
      access: 'meetings.manage',
      body: cadenceBodySchema,
      handle: async ({ principal, body }) => {
        const { reason, ...requested } = body;
        const cadence = { ...requested, months: [...requested.months].sort((a, b) => a - b) };
        const live = (await workflows.describeMeetingSchedule())?.cadence ?? null;
        await workflows.saveMeetingSchedule(cadence, commissionActor(principal).unitId);
        // The schedule lives in Temporal; its change is recorded once it has taken effect, against
        // the last cadence recorded (not the live one), so a retry after a failed record records it.
        const last = await db.auditEvent.findFirst({ where: { action: 'meeting.schedule_changed' }, orderBy: { seq: 'desc' }, select: { detail: true } });
        const recorded = last ? (last.detail as { to: unknown }).to : live;
        if (canonicalJson(recorded) !== canonicalJson(cadence)) {
          const at = new Date();
          await db.$transaction((tx) =>
            appendAudit(tx, { actorId: auditActorOf(principal), action: 'meeting.schedule_changed', subject: 'meeting-schedule', detail: { from: recorded, to: cadence, ...(reason ? { reason } : {}) }, dedupKey: `meeting-schedule:${randomUUID()}`, at }),
          );
        }
        return workflows.describeMeetingSchedule();
      },
    }),
  ];
}
