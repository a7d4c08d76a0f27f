import type { ItemTypePolicy } from '../supervision/item-type';
import type { Actor } from '../supervision/item';

// 联席会议: the cadence is data (a quarterly default, changed through the API); the agenda and
// bulletin are compiled from the read models when a cycle starts.

/** When meeting cycles start, in China time: months of the year, day of the month, hour. */
export interface MeetingCadence {
  months: number[];
  dayOfMonth: number;
  hour: number;
}

/** Quarterly: the 10th of January, April, July and October at 09:00 (convention; configurable). */
export const defaultMeetingCadence: MeetingCadence = { months: [1, 4, 7, 10], dayOfMonth: 10, hour: 9 };

/** One meeting Schedule per task queue (per deployment; per test file on a shared test server). */
export const meetingScheduleIdFor = (taskQueue: string) => `joint-meeting-cycle-${taskQueue}`;

export interface MeetingInput {
  /** Set when the commission convenes a meeting through the API; a scheduled cycle derives one. */
  meetingId?: string;
  commissionUnitId: string;
  convenedBy: string;
  /** China-local date the meeting is planned for; a scheduled cycle uses the day it starts. */
  scheduledOn?: string;
}

export interface MeetingDecisionInput {
  text: string;
  leadUnitId: string;
  coUnitIds: string[];
}

export interface MinutesRequest {
  actor: Actor;
  heldOn: string;
  minutes: string;
  decisions: MeetingDecisionInput[];
  /** The 议定事项 item type's policy as it is today; each decision's item keeps it. */
  policy: ItemTypePolicy;
  idempotencyKey?: string;
}

export interface MinutesOutcome {
  meetingId: string;
  items: { seq: number; itemId: string }[];
}

/** A cycle whose minutes are not recorded within this many days lapses (未召开). */
export const meetingLapseDays = 100;
