import { defineUpdate } from '@temporalio/workflow';

/** Returns once the task's row is recorded; used with update-with-start so a launch answers with it. */
export const measureTaskLaunchedUpdate = defineUpdate<{ taskId: string }>('launched');
