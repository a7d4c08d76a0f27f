import { ApplicationFailure, ParentClosePolicy, condition, continueAsNew, proxyActivities, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { type LocalDate, addCalendarDays, shanghaiDayStart } from '../../domain/calendar';
import { reportAssignHour, reportPolicy, validCadence, type MeasureCadence, type MeasureTaskInput } from '../../domain/measure/measure-task';
import { nextPeriod, parsePeriod, periodContaining, periodEndsAfter, type Period } from '../../domain/measure/period';
import { itemTypeAttribute, unitAttribute } from '../search-attributes';
import { itemRegisteredSignal } from '../supervision/messages';
import { changeCadenceUpdate, measureTaskLaunchedUpdate, measureTaskStateQuery, type CadenceChange } from './messages';
import { supervisedItemWorkflow } from '../supervision/item-workflow';

const { recordMeasureTask, openMeasureReport, recordMeasureCadence } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Periods reported per run before continuing as new: the history stays small over years. */
const periodsPerRun = 24;

/**
 * 重点任务: one measure (or mechanism) tracked for years. Timers, not a Schedule: the cadence
 * belongs to each task (data on its row), the next period follows from the last, and a task
 * launched with a past start date reports each period already ended at once (补报), which is how
 * tests reach deadlines without waiting. On each period's last day at 09:00 it assigns the
 * period's report as a supervised item to the lead and co-units; the item's own deadlines and
 * escalation ladder chase a missing report. Items outlive the task (abandoned on close).
 */
export async function measureTaskWorkflow(input: MeasureTaskInput): Promise<{ taskId: string; periods: number }> {
  const registered = new Set<string>();
  setHandler(itemRegisteredSignal, (snapshot) => {
    registered.add(snapshot.itemId);
  });

  let launched = input.carried !== undefined;
  setHandler(measureTaskLaunchedUpdate, async () => {
    await condition(() => launched);
    return { taskId: input.taskId };
  });

  let cadence: MeasureCadence = input.cadence;
  let cadenceChanged = false;
  let period: Period = input.carried ? parsePeriod(input.carried.nextPeriod) : periodContaining(input.startsOn, cadence.period);
  const assignAtOf = (p: Period) => shanghaiDayStart(p.to).getTime() + reportAssignHour * 3_600_000;
  // The first day no report has covered yet. A new kind of period starts with the period of that
  // kind containing it (month → quarter: that quarter, which may include months already reported).
  let uncoveredFrom: LocalDate = period.from;
  const normalised = (p: Period) => (p.kind === cadence.period ? p : periodContaining(uncoveredFrom, cadence.period));
  const state = () => ({ cadence, nextPeriod: normalised(period).key, nextReportAt: new Date(assignAtOf(normalised(period))).toISOString() });
  setHandler(measureTaskStateQuery, state);
  setHandler(
    changeCadenceUpdate,
    async (change: CadenceChange) => {
      await condition(() => launched);
      await recordMeasureCadence({ taskId: input.taskId, cadence: change.cadence, changedBy: change.changedBy, reason: change.reason, changeId: uuid4(), at: new Date().toISOString() });
      cadence = change.cadence;
      cadenceChanged = true;
      return state();
    },
    {
      validator: (change: CadenceChange) => {
        if (!validCadence(change.cadence)) throw ApplicationFailure.create({ type: 'VALIDATION_FAILED', message: '报送周期不合法', nonRetryable: true });
      },
    },
  );

  if (!launched) {
    await recordMeasureTask({ ...input, workflowId: workflowInfo().workflowId, at: new Date().toISOString() });
    launched = true;
  }

  let reported = 0;
  for (;;) {
    period = normalised(period);
    if (input.endsOn !== undefined && periodEndsAfter(period, input.endsOn)) return { taskId: input.taskId, periods: reported };
    const assignAt = assignAtOf(period);
    const wait = assignAt - Date.now();
    if (wait > 0) {
      cadenceChanged = false;
      // Wakes early when the cadence changes: the period being waited for may be another now.
      if (await condition(() => cadenceChanged, wait)) continue;
    }

    const itemId = uuid4();
    const at = new Date(Math.min(assignAt, Date.now())).toISOString();
    // The report row names the item before it starts: a period already reported (a relaunch over
    // the same periods) is not reported twice.
    const opened = await openMeasureReport({ taskId: input.taskId, period: period.key, itemId, at: new Date().toISOString() });
    if (opened.created) {
      await startChild(supervisedItemWorkflow, {
        workflowId: `item-${opened.itemId}`,
        args: [
          {
            itemId: opened.itemId,
            title: `${input.title}（${period.label}进度报送）`,
            source: { kind: 'measure', id: input.taskId },
            leadUnitId: input.leadUnitId,
            coUnitIds: input.coUnitIds,
            commissionUnitId: input.commissionUnitId,
            policy: reportPolicy(opened.policy, cadence),
            // Assigned on the period's last day: counting starts the next day, so the deadline is
            // the cadence's Nth working day after the period.
            assignedAt: at,
            createdBy: input.launchedBy,
          },
        ],
        typedSearchAttributes: [
          { key: unitAttribute, value: input.leadUnitId },
          { key: itemTypeAttribute, value: opened.policy.type },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      await condition(() => registered.has(opened.itemId));
    }
    reported += 1;
    uncoveredFrom = addCalendarDays(period.to, 1);
    period = nextPeriod(period);
    if (reported >= periodsPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof measureTaskWorkflow>({ ...input, cadence, carried: { nextPeriod: period.key } });
    }
  }
}
