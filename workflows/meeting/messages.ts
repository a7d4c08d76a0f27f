import { defineUpdate } from '@temporalio/workflow';
import type { MinutesOutcome, MinutesRequest } from '../../domain/meeting/meeting';

/** Returns once the meeting, its agenda and bulletin are recorded; used with update-with-start. */
export const meetingPreparedUpdate = defineUpdate<{ meetingId: string; title: string }>('prepared');

/** 会议纪要: records the minutes; each decision becomes a supervised item. */
export const recordMinutesUpdate = defineUpdate<MinutesOutcome, [MinutesRequest]>('recordMinutes');
