import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { WorkingCalendar, shanghaiDateOf, weekdayOf, type LocalDate } from '../../domain/calendar';
import { statutoryHolidaySource, statutoryHolidaysOf } from '../../domain/calendar/statutory-holidays';
import { chineseDaysSource } from '../../domain/calendar/chinese-days-seed';
import { createCalendarActivities, publishCalendarYear } from '../../activities/calendar/calendar-activities';
import { keepCalendarAhead } from '../../activities/calendar/calendar-ahead';
import { keepCalendarAheadOnSchedule } from '../../api/calendar/calendar-ahead';
import { WorkflowClient } from '../../api/workflow-client';
import { defaultItemTypePolicy } from '../../domain/supervision/item-type';
import { itemReadyUpdate, itemSnapshotQuery, type ItemInput } from '../../workflows/supervision/messages';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { eventually } from '../support/eventually';

// The years ahead of the published calendar: the API puts in the statutory holidays on start (the
// State Council publishes next year's arrangement only in November or December), recomputes the
// open deadlines that moves, and publishes the bundled arrangements over a provisional year.

let harness: ApiHarness;
let commission!: ApiClient;
let admin!: ApiClient;

beforeAll(async () => {
  harness = await startApiHarness();
  commission = await signIn(harness.app, users.commissionOfficer);
  admin = await signIn(harness.app, users.systemAdmin);
});

afterAll(async () => {
  await harness?.stop();
});

const db = () => harness.database.db;

/** As a database from before this feature held it: no row at all for the year. */
async function forgetYear(year: number): Promise<void> {
  await db().$transaction([
    db().calendarDay.deleteMany({ where: { year } }),
    db().calendarYear.deleteMany({ where: { year } }),
    db().calendarRevision.deleteMany({ where: { year } }),
  ]);
}

test('the years ahead hold the statutory holidays, provisionally, as the API leaves them on start', async () => {
  const currentYear = Number(shanghaiDateOf(new Date()).slice(0, 4));
  const nextYear = await db().calendarYear.findFirstOrThrow({ where: { year: { gt: currentYear } }, orderBy: { year: 'asc' } });
  if (!nextYear.provisional) return; // the bundled arrangements already cover next year
  const shown = await commission.get(`/api/v1/calendar/years/${nextYear.year}`);
  expect(shown.status).toBe(200);
  expect(shown.body).toMatchObject({ published: true, provisional: true, source: statutoryHolidaySource });
  expect(shown.body.days).toContainEqual({ date: `${nextYear.year}-01-01`, kind: 'holiday', name: '元旦' });
  expect(shown.body.revisions[0]).toMatchObject({ provisional: true, publishedBy: 'system' });
});

test('a year put in on start moves the open deadlines counted through it, recorded with the law as the reason', async () => {
  const today = shanghaiDateOf(new Date());
  const year = Number(today.slice(0, 4)) + 1;
  const held = await db().calendarYear.findUnique({ where: { year } });
  if (held && !held.provisional) return; // next year's arrangement is bundled: nothing provisional to put in
  await forgetYear(year);

  // A deadline on next year's first statutory holiday that falls on a weekday, as counted without it.
  const holiday = statutoryHolidaysOf(year).find((day) => ![0, 6].includes(weekdayOf(day.date)))!.date;
  const without = WorkingCalendar.from(await createCalendarActivities(db()).loadCalendar({ fromYear: year - 1, toYear: year }));
  const handleDays = without.workingDaysInRange(today, holiday);
  const itemId = randomUUID();
  const input: ItemInput = {
    itemId,
    title: '跨年度的督办事项',
    source: { kind: 'assignment', id: itemId },
    leadUnitId: 'kjj',
    coUnitIds: [],
    commissionUnitId: 'jxw',
    policy: { ...defaultItemTypePolicy('assignment'), handleDays, coUnitLeadDays: 0 },
    assignedAt: new Date().toISOString(),
    createdBy: 'wang.jxw',
  };
  const handle = await harness.temporal.workflow.start('supervisedItemWorkflow', { taskQueue: harness.worker.taskQueue, workflowId: `item-${itemId}`, args: [input] });
  await handle.executeUpdate(itemReadyUpdate);
  const before = await commission.get(`/api/v1/items/${itemId}`);
  expect(before.body).toMatchObject({ dueOn: holiday, provisional: true });

  const schedule = keepCalendarAheadOnSchedule(db(), new WorkflowClient(harness.temporal, harness.worker.taskQueue), pino({ level: 'silent' }));
  await schedule.first;
  schedule.stop();
  const published = await db().calendarYear.findUniqueOrThrow({ where: { year } });
  expect(published).toMatchObject({ provisional: true, source: statutoryHolidaySource });

  const moved = await eventually(
    () => commission.get(`/api/v1/items/${itemId}`),
    (response) => response.body.dueOn !== holiday,
  );
  const withBaseline = WorkingCalendar.from(await createCalendarActivities(db()).loadCalendar({ fromYear: year - 1, toYear: year }));
  expect(moved.body.dueOn).toBe(withBaseline.addWorkingDays(today, handleDays).date);
  expect(moved.body.dueOn > holiday).toBe(true);
  // Still provisional: the arrangement itself is not out.
  expect(moved.body.provisional).toBe(true);
  const recalculated = moved.body.history.find((event: { action: string }) => event.action === 'recalculate');
  expect(recalculated.detail).toMatchObject({ previousDueOn: holiday, dueOn: moved.body.dueOn, revision: `calendar-${year}-v${published.version}` });
  expect(recalculated.reason).toContain('全国年节及纪念日放假办法');
  // The item's workflow follows (its timers re-armed on the new deadline).
  await eventually(
    () => handle.query(itemSnapshotQuery),
    (snapshot) => snapshot?.dueOn === moved.body.dueOn,
  );

  // Started again, nothing more is published.
  const revisions = await db().calendarRevision.count();
  expect(await keepCalendarAhead(db(), year - 1, new Date())).toEqual([]);
  expect(await db().calendarRevision.count()).toBe(revisions);
  const revision = await db().calendarRevision.findUniqueOrThrow({ where: { year_version: { year, version: published.version } } });
  expect(revision.recomputeStartedAt).not.toBeNull();
});

test('a year the system published while its recompute was not started (the API stopped in between) is recomputed on the next check', async () => {
  const year = Number(shanghaiDateOf(new Date()).slice(0, 4)) + 2;
  const held = await db().calendarYear.findUnique({ where: { year } });
  if (held && !held.provisional) return;
  await forgetYear(year);
  const [published] = await keepCalendarAhead(db(), year, new Date());
  expect(published).toMatchObject({ year, version: 1 });
  const unstarted = () => db().calendarRevision.findUniqueOrThrow({ where: { year_version: { year, version: 1 } } });
  expect((await unstarted()).recomputeStartedAt).toBeNull();

  const schedule = keepCalendarAheadOnSchedule(db(), new WorkflowClient(harness.temporal, harness.worker.taskQueue), pino({ level: 'silent' }));
  await schedule.first;
  schedule.stop();
  expect((await unstarted()).recomputeStartedAt).not.toBeNull();
  await harness.temporal.workflow.getHandle(`calendar-${year}-v1`).result();
});

test('a provisional year the bundled arrangements cover is published from them; an administrator’s year is never overwritten', async () => {
  // The bundled years end with one the database might hold provisionally after an upgrade of the package.
  const bundledYear = (await db().calendarYear.findFirstOrThrow({ where: { provisional: false, source: chineseDaysSource }, orderBy: { year: 'desc' } })).year;
  const bundledDays = await db().calendarDay.findMany({ where: { year: bundledYear }, orderBy: { date: 'asc' } });
  await forgetYear(bundledYear);
  const at = new Date();
  await publishCalendarYear(db(), { year: bundledYear, source: statutoryHolidaySource, days: statutoryHolidaysOf(bundledYear), publishedBy: 'system', publishedAt: at.toISOString(), provisional: true, bySystem: true });

  const made = await keepCalendarAhead(db(), bundledYear, at);
  expect(made).toContainEqual({ year: bundledYear, version: 2, source: chineseDaysSource });
  expect(await db().calendarYear.findUniqueOrThrow({ where: { year: bundledYear } })).toMatchObject({ provisional: false, source: chineseDaysSource, version: 2 });
  expect(await db().calendarRevision.findUniqueOrThrow({ where: { year_version: { year: bundledYear, version: 2 } } })).toMatchObject({ provisional: false, publishedBy: 'system' });
  const republished = await db().calendarDay.findMany({ where: { year: bundledYear }, orderBy: { date: 'asc' } });
  expect(republished.map((day) => [day.date.toISOString(), day.kind, day.name])).toEqual(bundledDays.map((day) => [day.date.toISOString(), day.kind, day.name]));
  const audit = await db().auditEvent.findFirstOrThrow({ where: { subject: `calendar:${bundledYear}`, action: 'calendar.publish' }, orderBy: { seq: 'desc' } });
  expect(audit).toMatchObject({ actorId: 'system' });

  // An administrator publishes a year ahead; the system then leaves it as published.
  const aheadYear = bundledYear + 2;
  const notice = '国务院办公厅关于部分节假日安排的通知（测试）';
  const days: { date: LocalDate; kind: 'holiday'; name: string }[] = [{ date: `${aheadYear}-01-01`, kind: 'holiday', name: '元旦' }];
  expect((await admin.put(`/api/v1/calendar/years/${aheadYear}`).send({ source: notice, days })).status).toBe(201);
  expect((await keepCalendarAhead(db(), aheadYear, new Date())).map((publication) => publication.year)).not.toContain(aheadYear);
  const refused = await publishCalendarYear(db(), { year: aheadYear, source: statutoryHolidaySource, days: statutoryHolidaysOf(aheadYear), publishedBy: 'system', publishedAt: new Date().toISOString(), provisional: true, bySystem: true });
  expect(refused.changed).toBe(false);
  expect(await db().calendarYear.findUniqueOrThrow({ where: { year: aheadYear } })).toMatchObject({ provisional: false, source: notice });
});
