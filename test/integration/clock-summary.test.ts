import { clockSummaries } from '../../api/supervision/clock-summary';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { WorkingCalendar } from '../../domain/calendar';
import { explainDeadline, type Clock } from '../../domain/supervision/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';

// The clock summary of an item started years ago still counts this year's holidays: the
// calendar it loads reaches the current year, not only a little past the item's start.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

test('an item started three years ago counts the working days of this year with its holidays', async () => {
  const clock: Clock = { unit: 'working_days', budget: 15, startedAt: '2023-03-01T02:00:00.000Z', suspensions: [], extensions: [] };
  // After the National Day week of 2026.
  const now = new Date('2026-10-12T04:00:00.000Z');
  const load = (toYear: number) => createCalendarActivities(database.db).loadCalendar({ fromYear: 2023, toYear });
  const full = WorkingCalendar.from(await load(2027));
  expect(full.coveredYears).toEqual(expect.arrayContaining([2023, 2024, 2025, 2026]));
  const expected = explainDeadline(clock, full, now).used;
  // Without 2026 its holidays would count as working days: the test can tell the two apart.
  expect(explainDeadline(clock, WorkingCalendar.from(await load(2025)), now).used).toBeGreaterThan(expected);
  const summary = (await clockSummaries(database.db, [{ id: 'item', clock }], now)).get('item');
  expect(summary?.used).toBe(expected);
});
