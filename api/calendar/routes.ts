import { Router } from 'express';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { weekdayOf } from '../../domain/calendar';
import { publishCalendarYear } from '../../activities/calendar/calendar-activities';
import { actorOf, requireCommission } from '../http/actor';
import { parseInput } from '../http/validate';
import type { WorkflowClient } from '../workflow-client';
import { publishYearBodySchema, yearParamsSchema } from './schemas';
import { fromDateColumn } from '../../prisma/date-column';

export function calendarRoutes(db: Db, workflows: WorkflowClient): Router {
  const router = Router();

  router.get('/calendar/years/:year', async (req, res) => {
    await actorOf(db, req);
    const { year } = parseInput(yearParamsSchema, req.params);
    const [published, days, revisions] = await Promise.all([
      db.calendarYear.findUnique({ where: { year } }),
      db.calendarDay.findMany({ where: { year }, orderBy: { date: 'asc' } }),
      db.calendarRevision.findMany({ where: { year }, orderBy: { version: 'desc' }, select: { version: true, source: true, publishedBy: true, publishedAt: true } }),
    ]);
    res.json({
      year,
      published: published !== null,
      version: published?.version ?? null,
      source: published?.source ?? null,
      days: days.map((day) => ({ date: fromDateColumn(day.date), kind: day.kind, name: day.name })),
      revisions: revisions.map((revision) => ({ ...revision, publishedAt: revision.publishedAt.toISOString() })),
    });
  });

  // Publish or correct a year (e.g. the State Council's notice for next year). Every open item
  // then recomputes its deadline and records old → new with this source as the reason.
  router.put('/calendar/years/:year', async (req, res) => {
    const actor = await actorOf(db, req);
    requireCommission(actor);
    const { year } = parseInput(yearParamsSchema, req.params);
    const body = parseInput(publishYearBodySchema, req.body);
    const fieldErrors = body.days.flatMap((day, index) => {
      if (!day.date.startsWith(`${year}-`)) return [{ path: `days.${index}.date`, message: `日期不在 ${year} 年内` }];
      const weekend = [0, 6].includes(weekdayOf(day.date));
      if (day.kind === 'makeup_workday' && !weekend) return [{ path: `days.${index}.kind`, message: '调休上班日须为周六或周日' }];
      return [];
    });
    if (new Set(body.days.map((day) => day.date)).size !== body.days.length) fieldErrors.push({ path: 'days', message: '日期重复' });
    if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors });
    const { version, changed } = await publishCalendarYear(db, { year, ...body, publishedBy: actor.userId, publishedAt: new Date().toISOString() });
    const recomputeWorkflowId = await workflows.recomputeDeadlines([year], `${year}年工作日历第${version}版发布：${body.source}`, `calendar-${year}-v${version}`);
    res.status(changed ? 201 : 200).json({ year, version, changed, recomputeWorkflowId });
  });

  return router;
}
