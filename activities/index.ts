import type { Client } from '@temporalio/client';
import type { Db } from '../runtime/db';
import { createCalendarActivities } from './calendar/calendar-activities';
import { createRecomputeActivities } from './calendar/recompute-deadlines';
import { createDifficultyActivities } from './difficulty/difficulty-activities';
import { createMeasureActivities } from './measure/measure-activities';
import { createMeetingActivities } from './meeting/meeting-activities';
import { createRecognitionActivities } from './recognition/recognition-activities';
import { createListingActivities } from './listing/listing-activities';
import { createNotificationActivities } from './notification/notify';
import { createItemActivities } from './supervision/item-activities';
import { createItemNotificationActivities } from './supervision/item-notifications';
import { createSubsidyActivities } from './subsidy/subsidy-activities';

export interface ActivityOptions {
  /** False when no SMTP relay is configured: in-app notices and webhooks only. */
  emailEnabled?: boolean;
  /** The worker's own Temporal client: processes that act on their steps' items through the items' actions use it. */
  temporal?: Client;
}

/** Every activity the worker registers, bound to the process's one database client. */
export function createActivities(db: Db, options: ActivityOptions = {}) {
  const notifications = createNotificationActivities(db, { emailEnabled: options.emailEnabled ?? false });
  return {
    ...createCalendarActivities(db),
    ...createRecomputeActivities(db),
    ...createItemActivities(db),
    ...createDifficultyActivities(db),
    ...createMeetingActivities(db),
    ...createMeasureActivities(db),
    ...createRecognitionActivities(db),
    ...createSubsidyActivities(db, options.temporal),
    ...createListingActivities(db),
    ...notifications,
    ...createItemNotificationActivities(db, notifications),
  };
}

export type Activities = ReturnType<typeof createActivities>;
