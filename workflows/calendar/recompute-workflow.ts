import { continueAsNew, getExternalWorkflowHandle, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { calendarChangedSignal } from '../supervision/messages';

const { listOpenItemWorkflows } = proxyActivities<Activities>({ startToCloseTimeout: '1 minute' });

export interface CalendarRecomputeInput {
  years: number[];
  reason: string;
  afterId: string | null;
  signalled: number;
}

const pageSize = 500;
const pagesPerRun = 20;

/**
 * After a calendar year is published or corrected, tells every open item to reload the calendar;
 * each item recomputes its own deadline and records old → new with the reason. Pages through
 * the open items and continues as new every few pages so its history stays small.
 */
export async function calendarRecomputeWorkflow(input: CalendarRecomputeInput): Promise<{ signalled: number }> {
  let { afterId, signalled } = input;
  for (let page = 0; page < pagesPerRun; page += 1) {
    const { workflowIds, lastId } = await listOpenItemWorkflows({ afterId, limit: pageSize });
    await Promise.all(
      workflowIds.map((workflowId) =>
        // An item that finished meanwhile has nothing to recompute.
        getExternalWorkflowHandle(workflowId).signal(calendarChangedSignal, { years: input.years, reason: input.reason }).catch(() => undefined),
      ),
    );
    signalled += workflowIds.length;
    if (workflowIds.length < pageSize) return { signalled };
    afterId = lastId;
  }
  return continueAsNew<typeof calendarRecomputeWorkflow>({ ...input, afterId, signalled });
}
