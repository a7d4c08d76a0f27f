import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplicationSnapshot, DecideRequest, ObjectionRequest, ResolveObjectionRequest, SupplementRequest } from '../../domain/subsidy/subsidy';

// Updates, not Signals: the caller learns at once whether the application accepted the act (a
// synchronous validator refuses a wrong step, unit or decision before anything is recorded), and
// each returns once the read model shows the change.

/** Returns once the application and its first step item are recorded; used with update-with-start. */
export const applicationRegisteredUpdate = defineUpdate<ApplicationSnapshot>('registered');

/** 环节结论: the responsible unit concludes the step in hand. */
export const decideStepUpdate = defineUpdate<ApplicationSnapshot, [DecideRequest]>('decide');

/** 补正: the enterprise has supplied what the one-time notice listed. */
export const supplyUpdate = defineUpdate<ApplicationSnapshot, [SupplementRequest]>('supply');

/** 公示异议: registered by the commission during publicity; becomes a supervised item. */
export const objectUpdate = defineUpdate<ApplicationSnapshot, [ObjectionRequest]>('object');

/** 异议处理结论: upheld ends the application; dismissed lets publicity run out. */
export const resolveObjectionUpdate = defineUpdate<ApplicationSnapshot, [ResolveObjectionRequest]>('resolveObjection');

export const applicationSnapshotQuery = defineQuery<ApplicationSnapshot | null>('application');
