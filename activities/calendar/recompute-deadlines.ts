import type { Db } from '../../runtime/db';
import { WorkingCalendar, type CalendarData, type LocalDate } from '../../domain/calendar';
import type { Clock } from '../../domain/supervision/clock';
import { calendarSpanOf, deadlineDatesChanged, deriveDeadlines, type DeadlinePolicy } from '../../domain/supervision/deadlines';
import type { Colour } from '../../domain/supervision/escalation';
import type { ItemRecalculationRecord } from '../../domain/supervision/item';
import { openItemStates, undatedSortKey, type ItemState } from '../../domain/supervision/item-state';
import { appendAuditBatch } from '../audit/audit-log';
import { recalculationAuditEntry } from '../supervision/item-activities';

export interface RecomputePage {
  years: number[];
  reason: string;
  /** The publication, e.g. calendar-2026-v3: the key of each item's old → new record. */
  revision: string;
  afterId: string | null;
  limit: number;
  /** Pages of several lanes run side by side, each over the ids that hash to it; default one lane. */
  lane?: { index: number; of: number };
}

export interface RecomputePageResult {
  /** Open items read. */
  scanned: number;
  /** Items whose read model now shows the new deadlines. */
  updated: number;
  /** Old → new records written (a repeated page writes none). */
  recorded: number;
  /** Items left to their workflow: policy unknown, or the workflow wrote the row meanwhile. */
  deferred: number;
  lastId: string | null;
  done: boolean;
}

interface OpenItemRow {
  id: string;
  state: ItemState;
  clock: Clock;
  colour: Colour;
  version: number;
  deadline_policy: DeadlinePolicy | null;
  sign_due_on: LocalDate;
  due_on: LocalDate | null;
  due_at: Date | null;
  provisional: boolean;
  co_due_on: LocalDate | null;
  has_co: boolean;
}

/** One item's new derived values, with what the row showed when read (the write's guard). */
interface ReadModelChange {
  id: string;
  version: number;
  previous_due_on: LocalDate | null;
  previous_sign_due_on: LocalDate;
  due_on: LocalDate | null;
  due_at: string | null;
  sign_due_on: LocalDate;
  co_due_on: LocalDate | null;
  provisional: boolean;
  colour: Colour;
  /** Null when only the provisional mark or the instant moved: nothing a person reads as a date. */
  recalculation: ItemRecalculationRecord | null;
}

/** The whole published calendar, cut to the span each item's workflow loads (the same answers). */
async function calendarsFor(db: Db): Promise<(clock: Clock) => WorkingCalendar> {
  const [years, days] = await Promise.all([
    db.$queryRaw<{ year: number; provisional: boolean }[]>`SELECT year, provisional FROM calendar_year ORDER BY year`,
    db.$queryRaw<CalendarData['days']>`SELECT date::text AS date, kind::text AS kind, name FROM calendar_day ORDER BY date`,
  ]);
  const cache = new Map<number, WorkingCalendar>();
  return (clock) => {
    const span = calendarSpanOf(clock);
    let calendar = cache.get(span.fromYear);
    if (!calendar) {
      const within = (year: number) => year >= span.fromYear && year <= span.toYear;
      calendar = WorkingCalendar.from({
        coveredYears: years.filter((row) => !row.provisional).map((row) => row.year).filter(within),
        provisionalYears: years.filter((row) => row.provisional).map((row) => row.year).filter(within),
        days: days.filter((day) => within(Number(day.date.slice(0, 4)))),
      });
      cache.set(span.fromYear, calendar);
    }
    return calendar;
  };
}

export function createRecomputeActivities(db: Db) {
  return {
    /**
     * One page (keyset on id) of the recompute after a calendar publication, done on the read
     * model: derives each open item's deadlines with the calendar as now published (the same
     * function its workflow uses) and, for items whose deadlines moved, writes the item, its
     * inbox rows, its old → new record and the audit entries in one transaction of a few
     * set-based statements. The items' workflows are told afterwards and re-arm their timers.
     *
     * Guarded and idempotent: a row is rewritten only if it still shows the version and dates
     * that were read (a workflow write or another publication's recompute in between wins, and
     * the workflow recomputes the item when it hears of the publication); the record is keyed
     * by (item, publication) and the audit entry by its key, so a repeated page adds nothing.
     */
    async recomputeOpenDeadlines(page: RecomputePage): Promise<RecomputePageResult> {
      const lane = page.lane ?? { index: 0, of: 1 };
      const [calendarOf, rows] = await Promise.all([
        calendarsFor(db),
        db.$queryRaw<OpenItemRow[]>`
          SELECT i.id, i.state::text AS state, i.clock, i.colour::text AS colour, i.version, i.deadline_policy,
                 i.sign_due_on::text AS sign_due_on, i.due_on::text AS due_on, i.due_at, i.provisional,
                 co.due_on::text AS co_due_on, co.item_id IS NOT NULL AS has_co
            FROM supervised_item i
            LEFT JOIN LATERAL (
              SELECT a.item_id, a.due_on FROM item_assignment a WHERE a.item_id = i.id AND a.role = 'co' LIMIT 1
            ) AS co ON true
           WHERE i.state = ANY(${[...openItemStates]}::item_state[])
             AND (${page.afterId}::text IS NULL OR i.id > ${page.afterId}::text)
             -- masked rather than abs(): abs() of the smallest int4 overflows
             AND (hashtext(i.id) & 2147483647) % ${lane.of}::int = ${lane.index}::int
           ORDER BY i.id
           LIMIT ${page.limit}`,
      ]);
      const now = new Date();
      const at = now.toISOString();
      let deferred = 0;
      const changes: ReadModelChange[] = [];
      for (const row of rows) {
        if (!row.deadline_policy) {
          deferred += 1;
          continue;
        }
        const after = deriveDeadlines(row, row.deadline_policy, calendarOf(row.clock), now);
        const before = { dueOn: row.due_on, signDueOn: row.sign_due_on, coUnitDueOn: row.has_co ? row.co_due_on : null };
        const next = { ...after, coUnitDueOn: row.has_co ? after.coUnitDueOn : null };
        const datesMoved = deadlineDatesChanged(before, next);
        if (!datesMoved && after.provisional === row.provisional && after.dueAt === (row.due_at?.toISOString() ?? null)) continue;
        const recalculation: ItemRecalculationRecord | null = datesMoved
          ? {
              revision: page.revision,
              reason: page.reason,
              detail: {
                previousDueOn: before.dueOn,
                dueOn: next.dueOn,
                previousSignDueOn: before.signDueOn,
                signDueOn: next.signDueOn,
                previousCoUnitDueOn: before.coUnitDueOn,
                coUnitDueOn: next.coUnitDueOn,
              },
              at,
            }
          : null;
        changes.push({
          id: row.id,
          version: row.version,
          previous_due_on: row.due_on,
          previous_sign_due_on: row.sign_due_on,
          due_on: next.dueOn,
          due_at: next.dueAt,
          sign_due_on: next.signDueOn,
          co_due_on: next.coUnitDueOn,
          provisional: next.provisional,
          colour: next.colour,
          recalculation,
        });
      }
      const lastId = rows[rows.length - 1]?.id ?? null;
      const done = rows.length < page.limit;
      if (changes.length === 0) return { scanned: rows.length, updated: 0, recorded: 0, deferred, lastId, done };

      const { updated, recorded } = await db.$transaction(async (tx) => {
        const [written] = await tx.$queryRaw<{ updated: number; recorded: string[] }[]>`
          WITH input AS (
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
              AS r(id text, version int, previous_due_on date, previous_sign_due_on date, due_on date, due_at timestamptz,
                   sign_due_on date, co_due_on date, provisional boolean, colour text, recalculation jsonb)
          ),
          item AS (
            UPDATE supervised_item i
               SET due_on = r.due_on, due_at = r.due_at, sign_due_on = r.sign_due_on, provisional = r.provisional,
                   colour = r.colour::item_colour, updated_at = ${now}::timestamptz
              FROM input r
             WHERE i.id = r.id AND i.version = r.version
               AND i.due_on IS NOT DISTINCT FROM r.previous_due_on AND i.sign_due_on = r.previous_sign_due_on
            RETURNING r.*
          ),
          assigned AS (
            UPDATE item_assignment a
               SET due_on = CASE WHEN a.role = 'lead' THEN item.due_on ELSE item.co_due_on END,
                   sort_on = coalesce(CASE WHEN a.role = 'lead' THEN item.due_on ELSE item.co_due_on END, ${undatedSortKey}::date),
                   colour = item.colour::item_colour
              FROM item
             WHERE a.item_id = item.id
          ),
          recorded AS (
            INSERT INTO item_recalculation (item_id, revision, reason, detail, at)
            SELECT item.id, ${page.revision}, ${page.reason}, item.recalculation -> 'detail', ${now}::timestamptz
              FROM item
             WHERE jsonb_typeof(item.recalculation) = 'object'
            ON CONFLICT (item_id, revision) DO NOTHING
            RETURNING item_id
          )
          SELECT (SELECT count(*)::int FROM item) AS updated, (SELECT coalesce(array_agg(item_id), '{}') FROM recorded) AS recorded`;
        const byId = new Map(changes.map((change) => [change.id, change]));
        const entries = written!.recorded.map((id) => recalculationAuditEntry(id, byId.get(id)!.recalculation!));
        await appendAuditBatch(tx, entries);
        return { updated: written!.updated, recorded: entries.length };
      });
      deferred += changes.length - updated;
      return { scanned: rows.length, updated, recorded, deferred, lastId, done };
    },
  };
}
