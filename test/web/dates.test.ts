import { WorkingDays, formatDateTime, shanghaiDate } from '../../web/src/dates';

// The web app's "working days left" beside every deadline, and its Shanghai dates.

const calendar = new WorkingDays(
  new Map([
    ['2026-10-01', 'holiday'],
    ['2026-10-02', 'holiday'],
    ['2026-10-05', 'holiday'],
    ['2026-10-06', 'holiday'],
    ['2026-10-07', 'holiday'],
    ['2026-10-10', 'makeup_workday'],
    ['2026-12-01', 'closure'],
  ]),
);

test('counts working days from today (not counted) to the deadline (counted)', () => {
  expect(calendar.left('2026-11-27', '2026-11-27')).toBe(0);
  expect(calendar.left('2026-11-27', '2026-11-30')).toBe(1); // Friday → Monday
  expect(calendar.left('2026-11-27', '2026-12-02')).toBe(2); // the closure on 1 December is not counted
  expect(calendar.left('2026-09-30', '2026-10-12')).toBe(4); // 国庆 (1, 2, 5–7 marked; 3, 4 a weekend): 8, 9, the make-up Saturday 10, and 12
});

test('a passed deadline counts the working days since, as a negative number', () => {
  expect(calendar.left('2026-11-30', '2026-11-27')).toBe(-1);
  expect(calendar.left('2026-12-02', '2026-11-30')).toBe(-1);
});

test('dates and times are Shanghai time whatever the zone of the machine', () => {
  expect(shanghaiDate('2026-11-27T16:30:00Z')).toBe('2026-11-28');
  expect(formatDateTime('2026-11-27T16:30:00Z')).toBe('2026-11-28 00:30');
  expect(formatDateTime(null)).toBe('—');
});
