import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import type { CalendarData, CalendarDayKind } from '../../domain/calendar';
import { openItemStates } from '../../domain/supervision/item-state';
import { appendAudit } from '../audit/audit-log';
import { toDateColumn } from '../../prisma/date-column';

export function createCalendarActivities(db: Db) {
  return {
    /**
     * The published calendar for a span of years, handed to workflows as data. Raw statements:
     * every new item loads it, and Prisma's query compilation cost more than the queries. The
     * days keep the shape { date, kind, name } in date order (calendarChangeBetween compares them as text).
     */
    async loadCalendar(span: { fromYear: number; toYear: number }): Promise<CalendarData> {
      const [years, days] = await Promise.all([
        db.$queryRaw<{ year: number; version: number; source: string; provisional: boolean }[]>`
          SELECT year, version, source, provisional FROM calendar_year WHERE year BETWEEN ${span.fromYear} AND ${span.toYear} ORDER BY year`,
        db.$queryRaw<{ date: string; kind: CalendarDayKind; name: string }[]>`
          SELECT to_char(date, 'YYYY-MM-DD') AS date, kind::text AS kind, name FROM calendar_day WHERE year BETWEEN ${span.fromYear} AND ${span.toYear} ORDER BY date`,
      ]);
      // The day rows already have the shape (columns in that order): no copy.
      return {
        coveredYears: years.filter((row) => !row.provisional).map((row) => row.year),
        provisionalYears: years.filter((row) => row.provisional).map((row) => row.year),
        days,
        publications: years.map(({ year, version, source }) => ({ year, version, source })),
      };
    },

    /**
     * One page of the workflows a calendar publication must reach, for the recompute: open items
     * in id order, then the subsidy applications waiting on a date (补正期限, 公示 end). The
     * cursor of the second part carries the prefix `subsidy:`; a page is short only at the end.
     */
    async listOpenItemWorkflows(page: { afterId: string | null; limit: number }): Promise<{ workflowIds: string[]; lastId: string | null }> {
      const subsidyCursor = page.afterId?.startsWith(subsidyCursorPrefix) ? page.afterId.slice(subsidyCursorPrefix.length) : undefined;
      const items =
        subsidyCursor === undefined
          ? await db.supervisedItem.findMany({
              where: { state: { in: [...openItemStates] }, ...(page.afterId ? { id: { gt: page.afterId } } : {}) },
              select: { id: true, workflowId: true },
              orderBy: { id: 'asc' },
              take: page.limit,
            })
          : [];
      if (items.length === page.limit) return { workflowIds: items.map((row) => row.workflowId), lastId: items[items.length - 1]!.id };
      const applications = await db.subsidyApplication.findMany({
        where: { state: { in: ['awaiting_supplement', 'publicity'] }, ...(subsidyCursor ? { id: { gt: subsidyCursor } } : {}) },
        select: { id: true, workflowId: true },
        orderBy: { id: 'asc' },
        take: page.limit - items.length,
      });
      const last = applications[applications.length - 1];
      return {
        workflowIds: [...items, ...applications].map((row) => row.workflowId),
        lastId: last ? `${subsidyCursorPrefix}${last.id}` : (items[items.length - 1]?.id ?? page.afterId),
      };
    },
  };
}

const subsidyCursorPrefix = 'subsidy:';

export interface CalendarPublication {
  year: number;
  source: string;
  document?: string;
  days: CalendarData['days'];
  publishedBy: string;
  publishedAt: string;
  /** Statutory holidays only, while the year's arrangement is unpublished (the system's, never an administrator's). */
  provisional?: boolean;
  /** The system's own publication: never over a year an administrator (or the seed) published. */
  bySystem?: boolean;
}

/**
 * Publishes or corrects one calendar year: a new revision with its source, the current day rows
 * replaced, the audit entry, all in one transaction. Publishing the same content again (a retry)
 * returns the existing revision instead of adding one.
 */
export async function publishCalendarYear(db: Db, publication: CalendarPublication): Promise<{ version: number; changed: boolean }> {
  const days = [...publication.days].sort((a, b) => a.date.localeCompare(b.date));
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72101778, ${publication.year})`;
    const latest = await tx.calendarRevision.findFirst({ where: { year: publication.year }, orderBy: { version: 'desc' } });
    const provisional = publication.provisional ?? false;
    if (latest && latest.source === publication.source && latest.provisional === provisional && JSON.stringify(latest.days) === JSON.stringify(days)) {
      return { version: latest.version, changed: false };
    }
    const current = await tx.calendarYear.findUnique({ where: { year: publication.year } });
    // Checked under the year's lock: an administrator may have published since the system looked.
    if (publication.bySystem && current && !current.provisional) return { version: current.version, changed: false };
    const version = Math.max(latest?.version ?? 0, current?.version ?? 0) + 1;
    await tx.calendarRevision.create({
      data: { year: publication.year, version, source: publication.source, document: publication.document ?? null, days: days as unknown as Prisma.InputJsonArray, publishedBy: publication.publishedBy, publishedAt: new Date(publication.publishedAt), provisional },
    });
    await tx.calendarDay.deleteMany({ where: { year: publication.year } });
    await tx.calendarDay.createMany({
      data: days.map((day) => ({ date: toDateColumn(day.date), kind: day.kind, name: day.name, year: publication.year })),
    });
    await tx.calendarYear.upsert({
      where: { year: publication.year },
      create: { year: publication.year, source: publication.source, version, publishedAt: new Date(publication.publishedAt), provisional },
      update: { source: publication.source, version, publishedAt: new Date(publication.publishedAt), provisional },
    });
    await appendAudit(tx, {
      actorId: publication.publishedBy,
      action: 'calendar.publish',
      subject: `calendar:${publication.year}`,
      detail: { version, source: publication.source, days: days.length, previousVersion: latest?.version ?? current?.version ?? null, ...(provisional ? { provisional } : {}) },
      dedupKey: `calendar:${publication.year}:${version}`,
      at: new Date(publication.publishedAt),
    });
    return { version, changed: true };
  });
}
