import type { Db } from '../../runtime/db';
import type { Logger } from '../../runtime/logger';
import { calendarRevisionOf, shanghaiDateOf, yearOf } from '../../domain/calendar';
import { keepCalendarAhead } from '../../activities/calendar/calendar-ahead';
import type { WorkflowClient } from '../workflow-client';

const checkEveryMs = 24 * 60 * 60 * 1000;

/**
 * On start and then daily: the years ahead get the statutory holidays (provisional) and a year the
 * bundled arrangements now cover is published from them; every open deadline those publications
 * move is recomputed, as after an administrator's publication. Returns a stop function.
 */
export function keepCalendarAheadOnSchedule(db: Db, workflows: WorkflowClient, logger: Logger): { first: Promise<void>; stop: () => void } {
  const check = async () => {
    try {
      const now = new Date();
      const made = await keepCalendarAhead(db, yearOf(shanghaiDateOf(now)), now);
      for (const publication of made) {
        const { revision, reason } = calendarRevisionOf(publication);
        await workflows.recomputeDeadlines([publication.year], reason, revision);
        logger.info({ year: publication.year, version: publication.version, source: publication.source }, 'calendar year published by the system');
      }
    } catch (error) {
      // The API serves without it; the next check (or the next start) tries again.
      logger.warn({ err: error }, 'could not keep the working calendar ahead');
    }
  };
  const first = check();
  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
