import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { calendarRevisionOf, weekdayOf } from '../../domain/calendar';
import { publishCalendarYear } from '../../activities/calendar/calendar-activities';
import { auditActorOf } from '../../domain/access/principal';
import { route, type RouteDefinition } from '../http/route';
import type { WorkflowClient } from '../workflow-client';
import { publishYearBodySchema, recomputationQuerySchema, yearParamsSchema } from './schemas';
import { fromDateColumn } from '../../prisma/date-column';

const tag = '工作日历';

export function calendarRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  return [
    route({
      operationId: 'calendar.get',
      method: 'get',
      path: '/calendar/years/:year',
      tag,
      summary: '某年的工作日历：节假日、调休上班日、区级停工日及修订记录',
      access: 'calendar.read',
      params: yearParamsSchema,
      handle: async ({ params: { year } }) => {
        const [published, days, revisions] = await Promise.all([
          db.calendarYear.findUnique({ where: { year } }),
          db.calendarDay.findMany({ where: { year }, orderBy: { date: 'asc' } }),
          db.calendarRevision.findMany({ where: { year }, orderBy: { version: 'desc' }, select: { version: true, source: true, provisional: true, publishedBy: true, publishedAt: true } }),
        ]);
        return {
          year,
          published: published !== null,
          // Statutory holidays only, put in by the system until the year's arrangement is published.
          provisional: published?.provisional ?? false,
          version: published?.version ?? null,
          source: published?.source ?? null,
          days: days.map((day) => ({ date: fromDateColumn(day.date), kind: day.kind, name: day.name })),
          revisions: revisions.map((revision) => ({ ...revision, publishedAt: revision.publishedAt.toISOString() })),
        };
      },
    }),
    // The recompute after a publication, for the administrator who just published: whether it
    // still runs, how many items it recomputed, and old → new deadlines (the first 200).
    route({
      operationId: 'calendar.recomputation',
      method: 'get',
      path: '/calendar/years/:year/recomputation',
      tag,
      summary: '某年日历某一版发布后的时限重算进度与变化（原截止日 → 新截止日）',
      access: 'calendar.read',
      params: yearParamsSchema,
      query: recomputationQuerySchema,
      handle: async ({ params: { year }, query }) => {
        const revision = `calendar-${year}-v${query.version}`;
        const [status, recalculated, rows] = await Promise.all([
          workflows.recomputeStatus(revision),
          db.itemRecalculation.count({ where: { revision } }),
          db.itemRecalculation.findMany({ where: { revision }, include: { item: { select: { title: true } } }, orderBy: [{ at: 'asc' }, { itemId: 'asc' }], take: 200 }),
        ]);
        return {
          year,
          version: query.version,
          status,
          recalculated,
          changes: rows.map((row) => {
            const detail = row.detail as { previousDueOn?: string | null; dueOn?: string | null };
            return { itemId: row.itemId, title: row.item.title, oldDueOn: detail.previousDueOn ?? null, newDueOn: detail.dueOn ?? null, at: row.at.toISOString() };
          }),
        };
      },
    }),
    // Publish or correct a year (e.g. the State Council's notice for next year). Every open item
    // then recomputes its deadline and records old → new with this source as the reason.
    route({
      operationId: 'calendar.publish',
      method: 'put',
      path: '/calendar/years/:year',
      tag,
      summary: '发布或更正某年的工作日历（注明依据）；所有未办结事项随即重算期限',
      access: 'calendar.publish',
      params: yearParamsSchema,
      body: publishYearBodySchema,
      handle: async ({ res, principal, params: { year }, body }) => {
        const fieldErrors = body.days.flatMap((day, index) => {
          if (!day.date.startsWith(`${year}-`)) return [{ path: `days.${index}.date`, message: `日期不在 ${year} 年内` }];
          const weekend = [0, 6].includes(weekdayOf(day.date));
          if (day.kind === 'makeup_workday' && !weekend) return [{ path: `days.${index}.kind`, message: '调休上班日须为周六或周日' }];
          return [];
        });
        if (new Set(body.days.map((day) => day.date)).size !== body.days.length) fieldErrors.push({ path: 'days', message: '日期重复' });
        if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors });
        const { version, changed } = await publishCalendarYear(db, { year, ...body, publishedBy: auditActorOf(principal), publishedAt: new Date().toISOString() });
        const { revision, reason } = calendarRevisionOf({ year, version, source: body.source });
        const recomputeWorkflowId = await workflows.recomputeDeadlines([year], reason, revision);
        res.status(changed ? 201 : 200);
        return { year, version, changed, recomputeWorkflowId };
      },
    }),
  ];
}
