import type { Db } from '../../runtime/db';
import type { Logger } from '../../runtime/logger';
import { defaultMeetingCadence } from '../../domain/meeting/meeting';
import type { WorkflowClient } from '../workflow-client';

/** On start, the meeting Schedule exists: created quarterly the first time, left as configured after. */
export async function ensureMeetingSchedule(db: Db, workflows: WorkflowClient, logger: Logger): Promise<void> {
  try {
    if (await workflows.describeMeetingSchedule()) return;
    const commission = await db.unit.findFirst({ where: { kind: 'commission' }, orderBy: { sortOrder: 'asc' }, select: { id: true } });
    if (!commission) return;
    await workflows.saveMeetingSchedule(defaultMeetingCadence, commission.id);
    logger.info({ cadence: defaultMeetingCadence }, 'joint meeting schedule created');
  } catch (error) {
    // The API serves without it; the commission can set the cadence later.
    logger.warn({ err: error }, 'could not ensure the joint meeting schedule');
  }
}
