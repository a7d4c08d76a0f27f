import { ApplicationFailure, ParentClosePolicy, allHandlersFinished, condition, proxyActivities, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { meetingLapseDays, type MeetingInput, type MinutesOutcome, type MinutesRequest } from '../../domain/meeting/meeting';
import type { ItemSnapshot } from '../../domain/supervision/item';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';
import { meetingPreparedUpdate, recordMinutesUpdate } from './messages';

const { prepareMeeting, recordMinutes, linkDecisionItems, lapseMeeting } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * 联席会议 cycle: compile the agenda (open difficulties, overdue items) and the bulletin of earlier
 * decisions, wait for the minutes, and start one supervised item per decision. The items outlive
 * the cycle (abandoned on close); the cycle waits only until each has registered.
 */
export async function jointMeetingWorkflow(input: MeetingInput): Promise<{ meetingId: string; state: 'held' | 'lapsed'; items: number }> {
  const meetingId = input.meetingId ?? uuid4();
  // Set once the meeting is recorded; handlers registered before then read it through the holder.
  const cycle: { prepared?: { meetingId: string; title: string } } = {};
  let minutes: 'pending' | 'recording' | 'recorded' = 'pending';
  const registered = new Map<string, ItemSnapshot>();
  let outcome: MinutesOutcome | undefined;

  setHandler(itemRegisteredSignal, (snapshot) => {
    registered.set(snapshot.itemId, snapshot);
  });
  setHandler(meetingPreparedUpdate, async () => {
    await condition(() => cycle.prepared !== undefined);
    return cycle.prepared!;
  });
  setHandler(
    recordMinutesUpdate,
    async (request: MinutesRequest): Promise<MinutesOutcome> => {
      minutes = 'recording';
      const at = new Date().toISOString();
      await recordMinutes({ meetingId, heldOn: request.heldOn, minutes: request.minutes, decisions: request.decisions, recordedBy: request.actor.userId, idempotencyKey: request.idempotencyKey, at });
      const items = request.decisions.map((decision, index) => ({ seq: index + 1, itemId: uuid4(), decision }));
      await Promise.all(
        items.map(({ itemId, decision }) =>
          startChild(supervisedItemWorkflow, {
            workflowId: `item-${itemId}`,
            args: [
              {
                itemId,
                title: decision.text,
                source: { kind: 'meeting', id: meetingId },
                leadUnitId: decision.leadUnitId,
                coUnitIds: decision.coUnitIds,
                commissionUnitId: input.commissionUnitId,
                policy: request.policy,
                assignedAt: at,
                createdBy: request.actor.userId,
              },
            ],
            typedSearchAttributes: [
              { key: unitAttribute, value: decision.leadUnitId },
              { key: itemTypeAttribute, value: request.policy.type },
            ],
            // A decision is followed up long after the meeting's own cycle ends.
            parentClosePolicy: ParentClosePolicy.ABANDON,
          }),
        ),
      );
      await condition(() => items.every(({ itemId }) => registered.has(itemId)));
      await linkDecisionItems(meetingId, items.map(({ seq, itemId }) => ({ seq, itemId })));
      outcome = { meetingId, items: items.map(({ seq, itemId }) => ({ seq, itemId })) };
      minutes = 'recorded';
      return outcome;
    },
    {
      validator: (_request: MinutesRequest) => {
        if (!cycle.prepared) throw ApplicationFailure.create({ type: 'ITEM_NOT_READY', message: '会议尚在筹备登记中，请稍后重试', nonRetryable: true });
        if (minutes !== 'pending') throw ApplicationFailure.create({ type: 'INVALID_STATE', message: '本次会议纪要已录入', nonRetryable: true });
      },
    },
  );

  const at = new Date().toISOString();
  cycle.prepared = { meetingId, ...(await prepareMeeting({ meetingId, workflowId: workflowInfo().workflowId, scheduledOn: input.scheduledOn, convenedBy: input.convenedBy, at })) };

  const held = await condition(() => minutes === 'recorded', `${meetingLapseDays} days`);
  if (!held && minutes === 'pending') {
    await lapseMeeting(meetingId, new Date().toISOString());
    return { meetingId, state: 'lapsed', items: 0 };
  }
  await condition(() => minutes === 'recorded' && allHandlersFinished());
  return { meetingId, state: 'held', items: outcome?.items.length ?? 0 };
}

