import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { meetingWorkflowId } from '../../api/workflow-client';
import { shanghaiDateOf } from '../../domain/calendar';
import type { DemoContext } from './context';

// A past 联席会议 with its minutes, so the agenda, the decisions (议定事项) and their items exist.
export async function seedMeetingDemo(ctx: DemoContext): Promise<void> {
  const actor = await ctx.actorOf('staff-jxw-head');
  const heldOn = shanghaiDateOf(new Date(ctx.now.getTime() - 20 * 86_400_000));
  const { meetingId } = await ctx.workflows.conveneMeeting({ commissionUnitId: actor.unitId, convenedBy: actor.userId, scheduledOn: heldOn }, 'demo-meeting-1');
  await ctx.workflows.recordMinutes(
    meetingWorkflowId(meetingId),
    {
      actor,
      heldOn,
      minutes: '区专精特新企业培育联席会议（演示数据）：听取各单位重点任务推进情况，研究企业诉求办理。',
      decisions: [
        { text: '区财政局牵头，一个月内兑现 2026 年第一批专精特新奖补资金', leadUnitId: 'czj', coUnitIds: ['jxw'] },
        { text: '区人力社保局会同各园区开展专精特新企业专场招聘', leadUnitId: 'rsj', coUnitIds: ['park-shuangfu'] },
      ],
      policy: await itemTypePolicyFor(ctx.db, 'joint_meeting_task', 'meeting', 'type'),
      idempotencyKey: 'demo-meeting-1-minutes',
    },
    'demo-meeting-1-minutes',
  );
}
