import type { Db } from '../runtime/db';
import { createCalendarActivities } from './calendar/calendar-activities';
import { createDifficultyActivities } from './difficulty/difficulty-activities';
import { createItemActivities } from './supervision/item-activities';

/** Every activity the worker registers, bound to the process's one database client. */
export function createActivities(db: Db) {
  return {
    ...createCalendarActivities(db),
    ...createItemActivities(db),
    ...createDifficultyActivities(db),
  };
}

export type Activities = ReturnType<typeof createActivities>;
