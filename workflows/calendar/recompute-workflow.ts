import { continueAsNew, defineQuery, getExternalWorkflowHandle, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { calendarChangedSignal } from '../supervision/messages';

const { listOpenItemWorkflows, recomputeOpenDeadlines } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface CalendarRecomputeInput {
  years: number[];
  reason: string;
  /** The publication, calendar-<year>-v<version>; defaults to this workflow's id, which is named so. */
  revision?: string;
  /** 'readModel' first (the deadlines people see), then 'workflows' (each item re-arms its timers). */
  phase?: 'readModel' | 'workflows';
  afterId: string | null;
  /** Where each lane of the read-model phase has got to. */
  lanes?: { afterId: string | null; done: boolean }[];
  signalled: number;
  /** Read-model totals so far: items whose deadlines moved, old → new records, items left to their workflow. */
  recomputed?: { updated: number; recorded: number; deferred: number };
}

export interface CalendarRecomputeProgress {
  phase: 'readModel' | 'workflows' | 'done';
  recomputed: { updated: number; recorded: number; deferred: number };
  signalled: number;
}

export const recomputeProgressQuery = defineQuery<CalendarRecomputeProgress>('progress');

const readModelPageSize = 1000;
// Two lanes of pages side by side: one derives in the worker while the other writes in PostgreSQL.
const readModelLanes = 2;
const signalPageSize = 500;
// Continue as new every so many activities and signals, so the history stays small.
const readModelPagesPerRun = 100;
const signalPagesPerRun = 20;

/**
 * After a calendar year is published or corrected, moves every open deadline. First on the read
 * model, in bulk (pages of open items recomputed and written set-based by one activity each):
 * when that phase ends, every inbox, item and history shows the new deadlines with old → new and
 * why. Then it tells each open item's workflow, which reloads the calendar, re-derives its own
 * deadlines (the same function) and re-arms its timers; it records old → new only where the bulk
 * phase did not (the record is keyed by the publication).
 */
export async function calendarRecomputeWorkflow(input: CalendarRecomputeInput): Promise<CalendarRecomputeProgress> {
  const revision = input.revision ?? workflowInfo().workflowId;
  let { afterId, signalled } = input;
  let phase = input.phase ?? 'readModel';
  let finished = false;
  const recomputed = { ...(input.recomputed ?? { updated: 0, recorded: 0, deferred: 0 }) };
  setHandler(recomputeProgressQuery, () => ({ phase: finished ? 'done' : phase, recomputed, signalled }));
  const next = (carry: Partial<CalendarRecomputeInput> = {}) =>
    continueAsNew<typeof calendarRecomputeWorkflow>({ ...input, revision, phase, afterId, signalled, recomputed, ...carry });

  if (phase === 'readModel') {
    const lanes = input.lanes ?? Array.from({ length: readModelLanes }, () => ({ afterId: null, done: false }));
    let pages = 0;
    await Promise.all(
      lanes.map(async (lane, index) => {
        for (; !lane.done && pages < readModelPagesPerRun; pages += 1) {
          const result = await recomputeOpenDeadlines({
            years: input.years,
            reason: input.reason,
            revision,
            afterId: lane.afterId,
            limit: readModelPageSize,
            lane: { index, of: lanes.length },
          });
          recomputed.updated += result.updated;
          recomputed.recorded += result.recorded;
          recomputed.deferred += result.deferred;
          lane.afterId = result.lastId ?? lane.afterId;
          lane.done = result.done;
        }
      }),
    );
    if (lanes.some((lane) => !lane.done)) return next({ lanes });
    phase = 'workflows';
    afterId = null;
  }

  for (let page = 0; ; page += 1) {
    if (page === signalPagesPerRun) return next();
    const { workflowIds, lastId } = await listOpenItemWorkflows({ afterId, limit: signalPageSize });
    await Promise.all(
      workflowIds.map((workflowId) =>
        // An item that finished meanwhile has nothing to recompute.
        getExternalWorkflowHandle(workflowId).signal(calendarChangedSignal, { years: input.years, reason: input.reason, revision }).catch(() => undefined),
      ),
    );
    signalled += workflowIds.length;
    if (workflowIds.length < signalPageSize) break;
    afterId = lastId;
  }
  finished = true;
  return { phase: 'done', recomputed, signalled };
}
