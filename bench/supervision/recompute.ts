import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { defaultItemTypePolicy } from '../../domain/supervision/item-type';
import { fromDateColumn } from '../../prisma/date-column';
import { benchItems, sleep } from './items';
import type { BenchStack } from './stack';
import { round, runConcurrently } from './stats';

// (d) A calendar year corrected while items are open: the commission adds a district closure
// day (区级停工日) before every open deadline, through the API, and every open item must move its
// deadline one working day and record old → new with the reason. Timed from the PUT until the
// last item's recalculation is recorded in PostgreSQL.

const commission = { 'x-srdi-user': 'bench.jxw', 'x-srdi-unit': 'jxw', 'content-type': 'application/json' };

export async function measureRecompute(stack: BenchStack, options: { items: number; concurrency: number }) {
  const sourceKind = 'bench-recompute';
  const items = benchItems(stack, defaultItemTypePolicy('joint_meeting_task'), sourceKind); // 15 working days
  const assignedAt = new Date().toISOString();
  const armStarted = performance.now();
  await runConcurrently(options.items, options.concurrency, async (index) => {
    await items.start(index, assignedAt);
  });
  while ((await items.recorded()) < options.items) await sleep(250);
  const armSeconds = (performance.now() - armStarted) / 1000;

  // The closure day: the second working day from today, which lies before every deadline.
  const today = shanghaiDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const calendar = WorkingCalendar.from(await createCalendarActivities(stack.db).loadCalendar({ fromYear: year, toYear: year + 1 }));
  const closure = calendar.addWorkingDays(today, 2).date;
  const closureYear = Number(closure.slice(0, 4));
  const current = (await (await fetch(`${stack.apiUrl}/api/v1/calendar/years/${closureYear}`, { headers: commission })).json()) as {
    days: { date: string; kind: string; name: string }[];
  };
  const days = [...current.days.map(({ date, kind, name }) => ({ date, kind, name })), { date: closure, kind: 'closure', name: '基准测试：区级停工日' }];

  const before = new Map((await stack.db.supervisedItem.findMany({ where: { sourceKind }, select: { id: true, dueOn: true } })).map((row) => [row.id, row.dueOn]));
  const started = performance.now();
  const response = await fetch(`${stack.apiUrl}/api/v1/calendar/years/${closureYear}`, {
    method: 'PUT',
    headers: commission,
    body: JSON.stringify({ source: '基准测试：区政府关于停工一日的通知', days }),
  });
  if (!response.ok) throw new Error(`PUT calendar: ${response.status} ${await response.text()}`);
  const published = (performance.now() - started) / 1000;
  const recalculated = () => stack.db.$queryRaw<{ count: bigint }[]>`
    SELECT count(DISTINCT e.item_id) AS count FROM item_event e JOIN supervised_item i ON i.id = e.item_id
     WHERE i.source_kind = ${sourceKind} AND e.action = 'recalculate'`.then((rows) => Number(rows[0]?.count ?? 0));
  let done = 0;
  while ((done = await recalculated()) < options.items && performance.now() - started < 30 * 60_000) await sleep(250);
  const seconds = (performance.now() - started) / 1000;

  // Every deadline moved by exactly one working day.
  const after = await stack.db.supervisedItem.findMany({ where: { sourceKind }, select: { id: true, dueOn: true } });
  const moved = after.filter((row) => {
    const old = before.get(row.id);
    return old && row.dueOn && calendar.addWorkingDays(fromDateColumn(old), 1).date === fromDateColumn(row.dueOn);
  }).length;
  const perSecond = done / seconds;
  return {
    openItems: options.items,
    armedInSeconds: round(armSeconds),
    closureDay: closure,
    publishSeconds: round(published, 3),
    recomputedItems: done,
    movedByOneWorkingDay: moved,
    seconds: round(seconds),
    itemsPerSecond: round(perSecond),
    extrapolatedSecondsFor100k: round(100_000 / perSecond),
    target: { seconds: 60, items: 100_000 },
  };
}
