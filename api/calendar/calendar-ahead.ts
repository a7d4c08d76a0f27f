import type { Db } from '../../runtime/db';
import type { Logger } from '../../runtime/logger';
import { calendarRevisionOf, shanghaiDateOf, yearOf } from '../../domain/calendar';
import { keepCalendarAhead } from '../../activities/calendar/calendar-ahead';
import { systemActorId } from '../../domain/supervision/item';
import type { WorkflowClient } from '../workflow-client';

// Daily; after a failure (Temporal unreachable) again within minutes.
const checkEveryMs = 24 * 60 * 60 * 1000;
const retryAfterMs = 5 * 60 * 1000;

/**
 * On start and then daily: the years ahead get the statutory holidays (provisional) and a year the
 * bundled arrangements now cover is published from them; every open deadline those publications
 * move is recomputed, as after an administrator's publication. The system's publications whose
 * recompute has not been started (this process stopped in between) are taken up on the next check.
 */
export function keepCalendarAheadOnSchedule(db: Db, workflows: WorkflowClient, logger: Logger): { first: Promise<void>; stop: () => void } {
  const check = async () => {
    try {
      const now = new Date();
      for (const publication of await keepCalendarAhead(db, yearOf(shanghaiDateOf(now)), now)) {
        logger.info({ year: publication.year, version: publication.version, source: publication.source }, 'calendar year published by the system');
      }
      // Only a year's current version (one an administrator has since replaced recomputes under
      // its own name); each claimed before it is started, so two API processes start it once.
      const waiting = await db.$queryRaw<{ year: number; version: number; source: string }[]>`
        SELECT r.year, r.version, r.source FROM calendar_revision r JOIN calendar_year y ON y.year = r.year AND y.version = r.version
         WHERE r.published_by = ${systemActorId} AND r.recompute_started_at IS NULL ORDER BY r.year`;
      for (const publication of waiting) {
        const claimed = await db.calendarRevision.updateMany({ where: { year: publication.year, version: publication.version, recomputeStartedAt: null }, data: { recomputeStartedAt: new Date() } });
        if (claimed.count === 0) continue;
        const { revision, reason } = calendarRevisionOf(publication);
        try {
          await workflows.recomputeDeadlines([publication.year], reason, revision);
        } catch (error) {
          // Not started after all: released for the next check.
          await db.calendarRevision.updateMany({ where: { year: publication.year, version: publication.version }, data: { recomputeStartedAt: null } });
          throw error;
        }
      }
    } catch (error) {
      // The API serves without it; it tries again soon.
      logger.warn({ err: error }, 'could not keep the working calendar ahead');
      const retry = setTimeout(() => void check(), retryAfterMs);
      retry.unref();
    }
  };
  const first = check();
  const timer = setInterval(() => void check(), checkEveryMs);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
