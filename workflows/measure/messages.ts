import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { MeasureCadence } from '../../domain/measure/measure-task';

/** Returns once the task's row is recorded; used with update-with-start so a launch answers with it. */
export const measureTaskLaunchedUpdate = defineUpdate<{ taskId: string }>('launched');

export interface CadenceChange {
  cadence: MeasureCadence;
  changedBy: string;
  reason: string;
}

/**
 * 调整报送周期: applies from the next report not yet assigned. An Update, so the caller learns at
 * once whether it was taken and the row shows it when the call returns.
 */
export const changeCadenceUpdate = defineUpdate<MeasureTaskState, [CadenceChange]>('changeCadence');

export interface MeasureTaskState {
  cadence: MeasureCadence;
  /** The next period to report, and when its report is assigned. */
  nextPeriod: string;
  nextReportAt: string;
}

export const measureTaskStateQuery = defineQuery<MeasureTaskState>('state');
