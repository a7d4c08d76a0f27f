import os from 'node:os';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { deriveDeadlines, type DeadlinePolicy } from '../../domain/supervision/deadlines';
import type { Clock } from '../../domain/supervision/clock';
import { defaultItemTypePolicy } from '../../domain/supervision/item-type';
import type { CalendarRecomputeProgress } from '../../workflows/calendar/recompute-workflow';
import { benchItems, sleep } from './items';
import type { BenchStack } from './stack';
import { round, runConcurrently } from './stats';
import { benchSignIn } from './session';

// (d) A calendar year corrected while items are open: the system administrator adds a district closure
// day (区级停工日) before every open deadline, through the API, and every open item must move its
// deadline one working day and record old → new with the reason.
//
// Two figures, timed from the PUT:
// - readModelSeconds (the target): until every open item's read model (item row, inbox rows)
//   shows the new deadline and its old → new record; that is what users see.
// - rearmSeconds: until every item workflow has heard of the publication, re-derived its
//   deadline and recorded it (its timers follow the new deadline from then on).
//
// Arming an item runs its workflow (~10–25 items/s here), so 100k real items would take hours.
// BENCH_RECOMPUTE items are armed for real; the rest up to BENCH_RECOMPUTE_TOTAL are read-model
// rows copied from an armed one with no workflow behind them (source kind
// bench-recompute-read-model-only). The bulk phase treats them like any open item; their
// signals fail (no such workflow) and are not waited for. Their ids sort after the armed ones,
// so the armed items are signalled first and rearmSeconds is not inflated by those failures.

const armedKind = 'bench-recompute';
const readModelOnlyKind = 'bench-recompute-read-model-only';
const units = ['kjj', 'czj', 'swh', 'rsj', 'swj'];

const load = () => os.loadavg().map((value) => round(value));

export async function measureRecompute(stack: BenchStack, options: { items: number; total: number; concurrency: number }) {
  const policy = defaultItemTypePolicy('joint_meeting_task'); // 15 working days
  const items = benchItems(stack, policy, armedKind);
  const assignedAt = new Date().toISOString();
  const armStarted = performance.now();
  await runConcurrently(options.items, options.concurrency, async (index) => {
    await items.start(index, assignedAt);
  });
  while ((await items.recorded()) < options.items) await sleep(250);
  const armSeconds = (performance.now() - armStarted) / 1000;

  const today = shanghaiDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const calendars = createCalendarActivities(stack.db);
  const calendar = WorkingCalendar.from(await calendars.loadCalendar({ fromYear: year, toYear: year + 2 }));

  // Read-model-only items: copies of one armed item's rows; a fifth with a co-organiser.
  const readModelOnly = Math.max(0, options.total - options.items);
  const seedStarted = performance.now();
  if (readModelOnly > 0) {
    const [template] = await stack.db.$queryRaw<{ id: string; clock: Clock; deadline_policy: DeadlinePolicy }[]>`
      SELECT id, clock, deadline_policy FROM supervised_item WHERE source_kind = ${armedKind} ORDER BY id LIMIT 1`;
    const coDueOn = deriveDeadlines({ state: 'pending_sign', clock: template!.clock, colour: 'green' }, template!.deadline_policy, calendar, new Date()).coUnitDueOn;
    await stack.db.$executeRaw`
      INSERT INTO supervised_item (id, workflow_id, type, title, source_kind, source_id, lead_unit_id, state, budget_days, clock, sign_due_on, due_on,
                                   due_at, provisional, colour, extension_pending, deadline_policy, version, created_at, updated_at)
      SELECT 'zz-read-model-only-' || lpad(g::text, 7, '0'), 'zz-no-workflow-' || g, t.type, t.title, ${readModelOnlyKind}, g::text,
             (${units}::text[])[1 + g % 5], t.state, t.budget_days, t.clock, t.sign_due_on, t.due_on, t.due_at, t.provisional, t.colour,
             false, t.deadline_policy, t.version, t.created_at, t.updated_at
        FROM supervised_item t, generate_series(1, ${readModelOnly}::int) AS g
       WHERE t.id = ${template!.id}`;
    await stack.db.$executeRaw`
      INSERT INTO item_assignment (item_id, unit_id, role, type, state, open, due_on, sort_on, colour, version)
      SELECT i.id, i.lead_unit_id, 'lead'::assignment_role, i.type, i.state, true, i.due_on, i.due_on, i.colour, i.version
        FROM supervised_item i WHERE i.source_kind = ${readModelOnlyKind}
      UNION ALL
      SELECT i.id, 'jrzx', 'co'::assignment_role, i.type, i.state, true, ${coDueOn}::date, ${coDueOn}::date, i.colour, i.version
        FROM supervised_item i WHERE i.source_kind = ${readModelOnlyKind} AND i.source_id::int % 5 = 0`;
    await stack.db.$executeRawUnsafe('VACUUM (ANALYZE) supervised_item, item_assignment');
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  // The closure day: the second working day from today, which lies before every deadline.
  const closure = calendar.addWorkingDays(today, 2).date;
  const closureYear = Number(closure.slice(0, 4));
  // Publishing a calendar is the system administrator's.
  const { headers: admin } = await benchSignIn(stack.apiUrl, 'sysadmin');
  const current = (await (await fetch(`${stack.apiUrl}/api/v1/calendar/years/${closureYear}`, { headers: admin })).json()) as {
    days: { date: string; kind: string; name: string }[];
  };
  const days = [...current.days.map(({ date, kind, name }) => ({ date, kind, name })), { date: closure, kind: 'closure', name: '基准测试：区级停工日' }];
  const kinds = [armedKind, readModelOnlyKind];
  const [{ due_on: oldDueOn }] = await stack.db.$queryRaw<{ due_on: string }[]>`
    SELECT min(due_on)::text AS due_on FROM supervised_item WHERE source_kind = ${armedKind}`.then((rows) => rows as [{ due_on: string }]);
  const newDueOn = calendar.nextWorkingDay(oldDueOn);

  const loadBefore = load();
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}/api/v1/calendar/years/${closureYear}`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ source: '基准测试：区政府关于停工一日的通知', days }),
  });
  if (!response.ok) throw new Error(`PUT calendar: ${response.status} ${await response.text()}`);
  const { recomputeWorkflowId: revision } = (await response.json()) as { recomputeWorkflowId: string };
  const published = (performance.now() - started) / 1000;
  const elapsed = () => (performance.now() - started) / 1000;
  const timeLimit = 30 * 60;

  // Read model: the item row shows the new deadline and its record for this publication exists.
  const shown = () => stack.db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM supervised_item i JOIN item_recalculation r ON r.item_id = i.id AND r.revision = ${revision}
     WHERE i.source_kind = ANY(${kinds}::text[]) AND i.due_on = ${newDueOn}::date`.then((rows) => Number(rows[0]?.count ?? 0));
  let readModelDone = 0;
  let loadDuringBulk = load();
  while ((readModelDone = await shown()) < options.total && elapsed() < timeLimit) {
    loadDuringBulk = load();
    await sleep(100);
  }
  const readModelSeconds = elapsed();
  const progress = await stack.temporal.workflow.getHandle(revision).query<CalendarRecomputeProgress>('progress');

  // Workflows: each armed item records its recalculation as a new version (1 after creation).
  const rearmed = () => stack.db.supervisedItem.count({ where: { sourceKind: armedKind, version: { gte: 2 }, dueOn: new Date(`${newDueOn}T00:00:00Z`) } });
  let rearmedDone = 0;
  while ((rearmedDone = await rearmed()) < options.items && elapsed() < timeLimit) await sleep(250);
  const rearmSeconds = elapsed();
  const loadAfter = load();

  // Checks: every inbox row moved too; one record per item; the workflows wrote no second one.
  const [check] = await stack.db.$queryRaw<{ records: bigint; items: bigint; stale_inbox_rows: bigint; workflow_events: bigint }[]>`
    SELECT (SELECT count(*) FROM item_recalculation WHERE revision = ${revision}) AS records,
           (SELECT count(DISTINCT item_id) FROM item_recalculation WHERE revision = ${revision}) AS items,
           (SELECT count(*) FROM item_assignment a JOIN supervised_item i ON i.id = a.item_id
             WHERE i.source_kind = ANY(${kinds}::text[]) AND a.role = 'lead' AND a.due_on <> ${newDueOn}::date) AS stale_inbox_rows,
           (SELECT count(*) FROM item_event WHERE action = 'recalculate') AS workflow_events`;

  return {
    openItems: options.total,
    armedItems: options.items,
    readModelOnlyItems: readModelOnly,
    readModelOnlyNote: 'read-model rows copied from an armed item, no workflow running behind them: part of the bulk phase, not of the re-arm figure',
    armedInSeconds: round(armSeconds),
    readModelOnlySeededInSeconds: round(seedSeconds),
    closureDay: closure,
    deadline: { before: oldDueOn, after: newDueOn },
    publishSeconds: round(published, 3),
    readModel: {
      seconds: round(readModelSeconds),
      itemsShowingNewDeadlineWithRecord: readModelDone,
      itemsPerSecond: round(readModelDone / readModelSeconds),
      workflowReport: progress,
    },
    rearm: {
      seconds: round(rearmSeconds),
      armedItemsRearmed: rearmedDone,
      note: 'until every armed item workflow has re-derived its deadline from the new calendar and recorded it (timers follow from it)',
      extrapolatedSecondsFor100kWorkflows: round((100_000 * (rearmSeconds - readModelSeconds)) / Math.max(1, rearmedDone) + readModelSeconds),
    },
    checks: {
      recalculationRecords: Number(check!.records),
      itemsWithRecord: Number(check!.items),
      leadInboxRowsNotMoved: Number(check!.stale_inbox_rows),
      recalculateEventsFromWorkflows: Number(check!.workflow_events),
    },
    loadAverage: { before: loadBefore, duringBulk: loadDuringBulk, after: loadAfter },
    target: { seconds: 60, items: 100_000 },
  };
}
