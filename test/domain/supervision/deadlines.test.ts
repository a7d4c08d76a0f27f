import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { resume, startClock, suspend } from '../../../domain/supervision/clock';
import { calendarSpanOf, deadlineDatesChanged, deadlinePolicyOf, deriveDeadlines } from '../../../domain/supervision/deadlines';
import { defaultItemTypePolicy } from '../../../domain/supervision/item-type';

const seeded = chineseDaysCalendar();
const calendar = WorkingCalendar.from(seeded);
const policy = deadlinePolicyOf(defaultItemTypePolicy('joint_meeting_task'));
const at = (local: string) => new Date(`${local}+08:00`);

// Monday 2 March 2026, 15 working days (the joint-meeting task's budget).
const clock = startClock('working_days', 15, '2026-03-02T09:00:00+08:00');
const item = { state: 'in_progress' as const, clock, colour: 'green' as const };

describe('deriving an item’s deadlines', () => {
  test('counts the deadline, the sign deadline and the co-organisers’ earlier deadline in working days', () => {
    const derived = deriveDeadlines(item, policy, calendar, at('2026-03-03T10:00:00'));
    expect(derived).toEqual({
      dueOn: calendar.addWorkingDays('2026-03-02', 15).date,
      dueAt: expect.any(String),
      signDueOn: '2026-03-03',
      coUnitDueOn: calendar.addWorkingDays('2026-03-02', 15 - policy.coUnitLeadDays).date,
      provisional: false,
      colour: 'green',
    });
    expect(derived.dueOn).toBe('2026-03-23');
  });

  test('a closure day published before the deadline moves every date after it by one working day', () => {
    const before = deriveDeadlines(item, policy, calendar, at('2026-03-03T10:00:00'));
    const withClosure = WorkingCalendar.from({ ...seeded, days: [...seeded.days, { date: '2026-03-03', kind: 'closure', name: '区级停工日' }] });
    const after = deriveDeadlines(item, policy, withClosure, at('2026-03-03T10:00:00'));
    expect(after.dueOn).toBe(calendar.nextWorkingDay(before.dueOn!));
    expect(after.coUnitDueOn).toBe(calendar.nextWorkingDay(before.coUnitDueOn!));
    expect(after.signDueOn).toBe('2026-03-04');
    expect(deadlineDatesChanged(before, after)).toBe(true);
    expect(deadlineDatesChanged(before, deriveDeadlines(item, policy, calendar, at('2026-03-20T10:00:00')))).toBe(false);
  });

  test('turns yellow near the deadline while the clock runs, and keeps the colour while the item waits for review', () => {
    expect(deriveDeadlines(item, policy, calendar, at('2026-03-19T10:00:00')).colour).toBe('yellow');
    expect(deriveDeadlines(item, policy, calendar, at('2026-03-24T10:00:00')).colour).toBe('red');
    expect(deriveDeadlines({ ...item, state: 'pending_review' }, policy, calendar, at('2026-03-24T10:00:00')).colour).toBe('green');
  });

  test('has no deadline while the clock is suspended, and one again after it resumes', () => {
    const stopped = suspend(clock, { id: 's1', reason: '等待企业补正材料', legalBasis: '《行政许可法》第三十二条', by: 'officer', from: '2026-03-04T09:00:00+08:00' });
    expect(deriveDeadlines({ ...item, clock: stopped }, policy, calendar, at('2026-03-05T10:00:00'))).toMatchObject({ dueOn: null, dueAt: null });
    const resumed = resume(stopped, 's1', '2026-03-06T09:00:00+08:00');
    expect(deriveDeadlines({ ...item, clock: resumed }, policy, calendar, at('2026-03-06T10:00:00')).dueOn).toBe(calendar.addWorkingDays('2026-03-23', 2).date);
  });

  test('is provisional when the count runs into a year whose holidays are not published', () => {
    const december = startClock('working_days', 15, '2026-12-21T09:00:00+08:00');
    const derived = deriveDeadlines({ ...item, clock: december }, policy, calendar, at('2026-12-21T10:00:00'));
    expect(derived.dueOn!.startsWith('2027-')).toBe(true);
    expect(derived.provisional).toBe(true);
    expect(calendarSpanOf(december)).toEqual({ fromYear: 2026, toYear: 2028 });
  });

  test('an hour item is signed for no later than the day it must be done (items started before the rule keep theirs)', () => {
    const urgent = deadlinePolicyOf(defaultItemTypePolicy('urgent_hours'), { signWithinHandling: true });
    // Friday 17:00 with 24 natural hours: due Saturday 17:00; the working-day sign deadline would be Monday.
    const friday = { ...item, state: 'pending_sign' as const, clock: startClock('hours', 24, '2026-03-06T17:00:00+08:00') };
    expect(deriveDeadlines(friday, urgent, calendar, at('2026-03-06T17:00:00'))).toMatchObject({ dueOn: '2026-03-07', signDueOn: '2026-03-07' });
    const before = deadlinePolicyOf(defaultItemTypePolicy('urgent_hours'));
    expect(deriveDeadlines(friday, before, calendar, at('2026-03-06T17:00:00')).signDueOn).toBe('2026-03-09');
    // A working-day item is not affected, and an hour item whose sign deadline comes first keeps it.
    expect(deriveDeadlines(item, deadlinePolicyOf(defaultItemTypePolicy('joint_meeting_task'), { signWithinHandling: true }), calendar, at('2026-03-02T10:00:00')).signDueOn).toBe('2026-03-03');
    const monday = { ...friday, clock: startClock('hours', 48, '2026-03-02T09:00:00+08:00') };
    expect(deriveDeadlines(monday, urgent, calendar, at('2026-03-02T10:00:00'))).toMatchObject({ dueOn: '2026-03-04', signDueOn: '2026-03-03' });
  });
});
