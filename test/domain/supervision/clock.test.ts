import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { addCalendarDays } from '../../../domain/calendar/local-date';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { AppError, type ErrorCode } from '../../../domain/errors';
import {
  type Clock,
  type Extension,
  type Suspension,
  deadlineOf,
  excludeStretch,
  explainDeadline,
  extend,
  resume,
  startClock,
  suspend,
  usedOf,
} from '../../../domain/supervision/clock';

const calendar = WorkingCalendar.from(chineseDaysCalendar());

/** A Shanghai wall-clock time as an ISO instant with its offset. */
function at(localDateTime: string): string {
  return `${localDateTime}+08:00`;
}

function instant(localDateTime: string): Date {
  return new Date(at(localDateTime));
}

function suspension(id: string, from: string, to?: string): Suspension {
  return { id, reason: '等待企业补正材料', legalBasis: '《行政许可法》第三十二条', by: 'officer-1', from: at(from), ...(to ? { to: at(to) } : {}) };
}

function extension(id: string, amount: number, approvedAt: string): Extension {
  return { id, amount, reason: '涉及多部门会商', approvedBy: 'commission-head', approvedAt: at(approvedAt) };
}

function errorCodeOf(action: () => unknown): ErrorCode | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}

/** Budget 15 assigned Monday 2026-03-02: due Monday 2026-03-23 with no suspension. */
const march = startClock('working_days', 15, at('2026-03-02T09:00:00'));

describe('deadlineOf with a working-day budget', () => {
  it('counts 7 working days across Spring Festival 2026 to the make-up Saturday 02-28', () => {
    const clock = startClock('working_days', 7, at('2026-02-12T10:00:00'));
    expect(deadlineOf(clock, calendar)).toEqual({
      running: true,
      dueOn: '2026-02-28',
      dueAt: '2026-02-28T16:00:00.000Z',
      provisional: false,
    });
  });

  it('counts 5 working days from 2026-09-30 across National Day to 2026-10-13', () => {
    const clock = startClock('working_days', 5, at('2026-09-30T15:00:00'));
    expect(deadlineOf(clock, calendar).dueOn).toBe('2026-10-13');
  });

  it('does not count the assignment day, taken as the Shanghai date of the assignment instant', () => {
    // 2026-03-01T20:00Z is Monday 03-02 04:00 in Shanghai: Monday is the assignment day.
    const clock = startClock('working_days', 1, '2026-03-01T20:00:00Z');
    expect(deadlineOf(clock, calendar).dueOn).toBe('2026-03-03');
  });

  it('ends the time limit at 00:00 +08:00 after the due day', () => {
    expect(deadlineOf(march, calendar)).toMatchObject({ dueOn: '2026-03-23', dueAt: new Date(at('2026-03-24T00:00:00')).toISOString() });
  });

  it('marks a deadline provisional when the count runs into a year without published holidays', () => {
    const clock = startClock('working_days', 5, at('2026-12-28T09:00:00'));
    expect(deadlineOf(clock, calendar)).toMatchObject({ dueOn: '2027-01-04', provisional: true });
  });

  it('finds the same day as a plain day-by-day count for long budgets', () => {
    for (const startedOn of ['2024-01-15', '2024-09-27', '2025-01-20', '2025-12-31']) {
      for (const budget of [65, 120, 250, 400]) {
        const clock = startClock('working_days', budget, at(`${startedOn}T09:00:00`));
        expect(deadlineOf(clock, calendar).dueOn).toBe(calendar.addWorkingDays(startedOn, budget).date);
      }
    }
  });

  it('moves the deadline by exactly the working days suspended for 补正', () => {
    // Suspended Thursday 03-05, resumed Wednesday 03-11: 03-06, 03-09, 03-10 and 03-11 are off the clock.
    const clock = resume(suspend(march, suspension('s1', '2026-03-05T10:00:00')), 's1', at('2026-03-11T16:00:00'));
    expect(deadlineOf(clock, calendar).dueOn).toBe(calendar.addWorkingDays('2026-03-23', 4).date);
    expect(deadlineOf(clock, calendar).dueOn).toBe('2026-03-27');
  });

  it('still counts the day a suspension starts and restarts counting the day after it resumes', () => {
    const sameDay = resume(suspend(march, suspension('s1', '2026-03-05T09:00:00')), 's1', at('2026-03-05T17:00:00'));
    expect(deadlineOf(sameDay, calendar).dueOn).toBe('2026-03-23');
    const overNight = resume(suspend(march, suspension('s1', '2026-03-05T17:00:00')), 's1', at('2026-03-06T09:00:00'));
    expect(deadlineOf(overNight, calendar).dueOn).toBe('2026-03-24');
  });

  it('excludes only working days when a suspension spans a holiday', () => {
    // Suspended Thursday 04-02, resumed Wednesday 04-08: 04-03, 04-07 and 04-08 are off; Qingming 04-04..06 was never counted.
    const clock = startClock('working_days', 15, at('2026-03-30T09:00:00'));
    const plain = deadlineOf(clock, calendar).dueOn!;
    const suspended = resume(suspend(clock, suspension('s1', '2026-04-02T10:00:00')), 's1', at('2026-04-08T10:00:00'));
    expect(deadlineOf(suspended, calendar).dueOn).toBe(calendar.addWorkingDays(plain, 3).date);
  });

  it('stops the clock while a suspension is open: not running and no deadline', () => {
    const clock = suspend(march, suspension('s1', '2026-03-05T10:00:00'));
    expect(deadlineOf(clock, calendar)).toEqual({ running: false, dueOn: null, dueAt: null, provisional: false });
  });

  it('excludes overlapping suspensions once, not twice', () => {
    // Imported history may overlap: 03-05→03-11 and 03-09→03-13 together keep 03-06..03-13 (6 working days) off.
    const clock: Clock = {
      ...march,
      suspensions: [suspension('s1', '2026-03-05T10:00:00', '2026-03-11T16:00:00'), suspension('s2', '2026-03-09T10:00:00', '2026-03-13T16:00:00')],
    };
    expect(deadlineOf(clock, calendar).dueOn).toBe(calendar.addWorkingDays('2026-03-23', 6).date);
    const contained: Clock = {
      ...march,
      suspensions: [suspension('s1', '2026-03-05T10:00:00', '2026-03-13T16:00:00'), suspension('s2', '2026-03-09T10:00:00', '2026-03-10T16:00:00')],
    };
    expect(deadlineOf(contained, calendar).dueOn).toBe(calendar.addWorkingDays('2026-03-23', 6).date);
  });

  it('does not move a deadline that had already passed when the suspension began', () => {
    // Mid-Autumn 09-25 is a day off: 09-24, 09-28, 09-29, 09-30.
    const clock = startClock('working_days', 4, at('2026-09-23T09:00:00'));
    expect(deadlineOf(clock, calendar).dueOn).toBe('2026-09-30');
    const late = resume(suspend(clock, suspension('s1', '2026-10-09T10:00:00')), 's1', at('2026-10-13T10:00:00'));
    expect(deadlineOf(late, calendar).dueOn).toBe('2026-09-30');
  });

  it('adds an approved extension of 3 working days to the budget', () => {
    const clock = extend(march, extension('e1', 3, '2026-03-20T10:00:00'));
    expect(deadlineOf(clock, calendar).dueOn).toBe('2026-03-26');
  });

  it('combines extensions and suspensions', () => {
    let clock = resume(suspend(march, suspension('s1', '2026-03-05T10:00:00')), 's1', at('2026-03-11T16:00:00'));
    clock = extend(clock, extension('e1', 3, '2026-03-20T10:00:00'));
    clock = extend(clock, extension('e2', 2, '2026-03-30T10:00:00'));
    expect(deadlineOf(clock, calendar).dueOn).toBe(calendar.addWorkingDays('2026-03-23', 4 + 3 + 2).date);
  });
});

describe('deadlineOf with an hour budget', () => {
  const urgent = startClock('hours', 24, at('2026-05-01T18:00:00'));

  it('runs on natural hours, through holidays and nights', () => {
    expect(deadlineOf(urgent, calendar)).toEqual({
      running: true,
      dueOn: '2026-05-02',
      dueAt: new Date(at('2026-05-02T18:00:00')).toISOString(),
      provisional: false,
    });
  });

  it('adds the suspended duration and extension hours to the deadline instant', () => {
    let clock = resume(suspend(urgent, suspension('s1', '2026-05-02T08:00:00')), 's1', at('2026-05-02T10:30:00'));
    expect(deadlineOf(clock, calendar).dueAt).toBe(new Date(at('2026-05-02T20:30:00')).toISOString());
    clock = extend(clock, extension('e1', 6, '2026-05-02T12:00:00'));
    expect(deadlineOf(clock, calendar)).toMatchObject({ dueOn: '2026-05-03', dueAt: new Date(at('2026-05-03T02:30:00')).toISOString() });
  });

  it('stops while a suspension is open', () => {
    expect(deadlineOf(suspend(urgent, suspension('s1', '2026-05-02T08:00:00')), calendar).running).toBe(false);
  });
});

describe('usedOf', () => {
  it('uses nothing on the assignment day', () => {
    expect(usedOf(march, calendar, instant('2026-03-02T23:00:00'))).toEqual({ used: 0, remaining: 15, shareUsed: 0 });
  });

  it('counts a working day as used from its first moment, so the due day leaves 0 remaining', () => {
    expect(usedOf(march, calendar, instant('2026-03-23T00:00:00'))).toEqual({ used: 15, remaining: 0, shareUsed: 1 });
    expect(usedOf(march, calendar, instant('2026-03-22T23:59:59'))).toMatchObject({ used: 14, remaining: 1 });
  });

  it('goes negative once overdue and does not count weekends', () => {
    expect(usedOf(march, calendar, instant('2026-03-24T09:00:00')).remaining).toBe(-1);
    // Sunday 03-29: the overdue working days are 03-24 to 03-27.
    expect(usedOf(march, calendar, instant('2026-03-29T09:00:00')).remaining).toBe(-4);
  });

  it('is net of suspensions, and frozen while a suspension is open', () => {
    const open = suspend(march, suspension('s1', '2026-03-05T10:00:00'));
    expect(usedOf(open, calendar, instant('2026-03-05T12:00:00')).used).toBe(3);
    expect(usedOf(open, calendar, instant('2026-04-30T12:00:00')).used).toBe(3);
    const closed = resume(open, 's1', at('2026-03-11T16:00:00'));
    expect(usedOf(closed, calendar, instant('2026-03-12T08:00:00'))).toEqual({ used: 4, remaining: 11, shareUsed: 4 / 15 });
  });

  it('counts overdue days net of a suspension recorded after the deadline', () => {
    // Due 09-30. By 10-14, 10 working days have elapsed (make-up Saturday 10-10 included);
    // 10-10, 10-12 and 10-13 were suspended, so the item is 3 working days overdue, not 6.
    const clock = resume(suspend(startClock('working_days', 4, at('2026-09-23T09:00:00')), suspension('s1', '2026-10-09T10:00:00')), 's1', at('2026-10-13T10:00:00'));
    expect(usedOf(clock, calendar, instant('2026-10-14T09:00:00'))).toMatchObject({ used: 7, remaining: -3 });
  });

  it('reports hours used, net of suspended time, for an hour budget', () => {
    const clock = resume(suspend(startClock('hours', 24, at('2026-05-01T18:00:00')), suspension('s1', '2026-05-02T08:00:00')), 's1', at('2026-05-02T10:30:00'));
    expect(usedOf(clock, calendar, instant('2026-05-02T12:00:00'))).toEqual({ used: 15.5, remaining: 8.5, shareUsed: 15.5 / 24 });
  });
});

describe('explainDeadline', () => {
  it('lists the budget, extensions, suspensions with the days each excluded, usage and the holidays applied', () => {
    // Assigned Friday 03-27; suspended 03-31→04-02 (04-01, 04-02 off); Qingming 04-04..06; 3 days' extension.
    let clock = startClock('working_days', 10, at('2026-03-27T09:00:00'));
    clock = resume(suspend(clock, suspension('s1', '2026-03-31T10:00:00')), 's1', at('2026-04-02T15:00:00'));
    clock = extend(clock, extension('e1', 3, '2026-04-08T10:00:00'));

    expect(explainDeadline(clock, calendar, instant('2026-04-10T12:00:00'))).toEqual({
      unit: 'working_days',
      budget: 10,
      extensions: { entries: [extension('e1', 3, '2026-04-08T10:00:00')], total: 3 },
      totalBudget: 13,
      startedAt: at('2026-03-27T09:00:00'),
      assignedOn: '2026-03-27',
      suspensions: [{ ...suspension('s1', '2026-03-31T10:00:00', '2026-04-02T15:00:00'), open: false, excluded: 2 }],
      suspendedTotal: 2,
      elapsed: 9,
      used: 7,
      remaining: 6,
      shareUsed: 7 / 13,
      calendarDaysApplied: [
        { date: '2026-04-04', kind: 'holiday', name: '清明' },
        { date: '2026-04-05', kind: 'holiday', name: '清明' },
        { date: '2026-04-06', kind: 'holiday', name: '清明' },
      ],
      dueOn: '2026-04-20',
      dueAt: new Date(at('2026-04-21T00:00:00')).toISOString(),
      provisional: false,
      running: true,
      asOf: instant('2026-04-10T12:00:00').toISOString(),
    });
  });

  it('attributes overlapping suspended days to the earlier suspension, so the parts add up', () => {
    const clock: Clock = {
      ...march,
      suspensions: [suspension('s1', '2026-03-05T10:00:00', '2026-03-11T16:00:00'), suspension('s2', '2026-03-09T10:00:00', '2026-03-13T16:00:00')],
    };
    const explanation = explainDeadline(clock, calendar, instant('2026-03-20T09:00:00'));
    expect(explanation.suspensions.map((entry) => entry.excluded)).toEqual([4, 2]);
    expect(explanation.suspendedTotal).toBe(6);
  });

  it('shows an open suspension as open, counting its days up to now, with no deadline', () => {
    const clock = suspend(march, suspension('s1', '2026-03-05T10:00:00'));
    const explanation = explainDeadline(clock, calendar, instant('2026-03-10T09:00:00'));
    expect(explanation).toMatchObject({ running: false, dueOn: null, dueAt: null, used: 3, suspendedTotal: 3 });
    expect(explanation.suspensions[0]).toMatchObject({ id: 's1', open: true, to: null, excluded: 3 });
  });

  it('is plain JSON', () => {
    const explanation = explainDeadline(march, calendar, instant('2026-03-10T09:00:00'));
    expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation);
  });
});

describe('the ledger', () => {
  const open = suspend(march, suspension('s1', '2026-03-05T10:00:00'));
  const closed = resume(open, 's1', at('2026-03-11T16:00:00'));

  it('never changes the clock it is given and keeps earlier entries as they were', () => {
    const frozen = deepFreeze(extend(closed, extension('e1', 3, '2026-03-12T10:00:00')));
    const next = extend(suspend(frozen, suspension('s2', '2026-03-12T10:00:00')), extension('e2', 1, '2026-03-13T10:00:00'));
    expect(next.suspensions.slice(0, 1)).toEqual(frozen.suspensions);
    expect(next.extensions.slice(0, 1)).toEqual(frozen.extensions);
    expect(next.suspensions).toHaveLength(2);
    expect(frozen.suspensions).toHaveLength(1);
  });

  it('rejects a second suspension while one is open', () => {
    expect(errorCodeOf(() => suspend(open, suspension('s2', '2026-03-06T10:00:00')))).toBe('CLOCK_ALREADY_SUSPENDED');
  });

  it('rejects a suspension starting before the previous one ended or before the clock started', () => {
    expect(errorCodeOf(() => suspend(closed, suspension('s2', '2026-03-10T10:00:00')))).toBe('CLOCK_OUT_OF_ORDER');
    expect(errorCodeOf(() => suspend(march, suspension('s2', '2026-03-01T10:00:00')))).toBe('CLOCK_OUT_OF_ORDER');
  });

  it('rejects resuming a clock that is not suspended, or the same suspension twice', () => {
    expect(errorCodeOf(() => resume(march, 's1', at('2026-03-11T16:00:00')))).toBe('CLOCK_NOT_SUSPENDED');
    expect(errorCodeOf(() => resume(closed, 's1', at('2026-03-12T16:00:00')))).toBe('CLOCK_NOT_SUSPENDED');
  });

  it('rejects resuming before the suspension began, or an unknown suspension', () => {
    expect(errorCodeOf(() => resume(open, 's1', at('2026-03-05T09:00:00')))).toBe('CLOCK_OUT_OF_ORDER');
    expect(errorCodeOf(() => resume(open, 'nope', at('2026-03-11T16:00:00')))).toBe('NOT_FOUND');
  });

  it('rejects an extension that is not a positive whole number, naming the field', () => {
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      let caught: unknown;
      try {
        extend(march, extension('e1', amount, '2026-03-12T10:00:00'));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('VALIDATION_FAILED');
      expect((caught as AppError).fieldErrors?.map((field) => field.path)).toEqual(['amount']);
    }
  });

  it('rejects an extension approved before the clock started or before the previous extension', () => {
    expect(errorCodeOf(() => extend(march, extension('e1', 1, '2026-03-01T10:00:00')))).toBe('CLOCK_OUT_OF_ORDER');
    const extended = extend(march, extension('e1', 1, '2026-03-12T10:00:00'));
    expect(errorCodeOf(() => extend(extended, extension('e2', 1, '2026-03-11T10:00:00')))).toBe('CLOCK_OUT_OF_ORDER');
  });

  it('rejects a repeated entry id as a duplicate request', () => {
    expect(errorCodeOf(() => suspend(closed, suspension('s1', '2026-03-12T10:00:00')))).toBe('DUPLICATE_REQUEST');
    const extended = extend(march, extension('e1', 1, '2026-03-12T10:00:00'));
    expect(errorCodeOf(() => extend(extended, extension('e1', 1, '2026-03-13T10:00:00')))).toBe('DUPLICATE_REQUEST');
  });

  it('rejects a suspension without its reason or legal basis, or with an instant lacking a time zone', () => {
    expect(errorCodeOf(() => suspend(march, { ...suspension('s1', '2026-03-05T10:00:00'), legalBasis: ' ' }))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => suspend(march, { ...suspension('s1', '2026-03-05T10:00:00'), from: '2026-03-05T10:00:00' }))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => suspend(march, suspension('s1', '2026-03-05T10:00:00', '2026-03-06T10:00:00')))).toBe('VALIDATION_FAILED');
  });

  it('starts a clock only with a positive whole budget and a zoned instant', () => {
    expect(errorCodeOf(() => startClock('working_days', 0, at('2026-03-02T09:00:00')))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => startClock('hours', 2.5, at('2026-03-02T09:00:00')))).toBe('VALIDATION_FAILED');
    expect(errorCodeOf(() => startClock('working_days', 5, '2026-03-02 09:00'))).toBe('VALIDATION_FAILED');
    expect(startClock('working_days', 5, at('2026-03-02T09:00:00'))).toEqual({
      unit: 'working_days',
      budget: 5,
      startedAt: at('2026-03-02T09:00:00'),
      suspensions: [],
      extensions: [],
    });
  });
});

describe('excludeStretch (a review that ends in 退办)', () => {
  const review = (from: string, to: string) => ({ id: 'review-1', reason: '审核期间', legalBasis: '审核期间不计入承办单位办理时限', by: 'officer-1', from: at(from), to: at(to) });

  it('gives the unit back the working days the review took: reported Thursday 03-05, sent back Wednesday 03-11', () => {
    // Due 03-23; 03-06 .. 03-11 are 4 working days off the clock (Friday, Monday to Wednesday).
    const after = excludeStretch(march, review('2026-03-05T10:00:00', '2026-03-11T16:00:00'));
    expect(after.suspensions).toEqual([{ id: 'review-1', reason: '审核期间', legalBasis: '审核期间不计入承办单位办理时限', by: 'officer-1', from: at('2026-03-05T10:00:00'), to: at('2026-03-11T16:00:00') }]);
    expect(deadlineOf(after, calendar).dueOn).toBe('2026-03-27');
  });

  it('moves nothing for a report made after the deadline: the unit was late before the review began', () => {
    const after = excludeStretch(march, review('2026-03-24T10:00:00', '2026-03-30T16:00:00'));
    expect(deadlineOf(after, calendar).dueOn).toBe('2026-03-23');
  });

  it('starts after a suspension that ended during the review, and leaves a stopped clock or an empty stretch alone', () => {
    const closed = resume(suspend(march, suspension('s1', '2026-03-04T10:00:00')), 's1', at('2026-03-09T10:00:00'));
    const after = excludeStretch(closed, review('2026-03-05T10:00:00', '2026-03-11T16:00:00'));
    expect(after.suspensions[1]).toMatchObject({ from: at('2026-03-09T10:00:00'), to: at('2026-03-11T16:00:00') });
    const open = suspend(march, suspension('s1', '2026-03-04T10:00:00'));
    expect(excludeStretch(open, review('2026-03-05T10:00:00', '2026-03-11T16:00:00'))).toBe(open);
    expect(excludeStretch(closed, review('2026-03-05T10:00:00', '2026-03-08T16:00:00'))).toBe(closed);
  });
});

describe('calendar dependence', () => {
  it('moves the deadline when the calendar republishes a day', () => {
    const closure = WorkingCalendar.from({
      ...chineseDaysCalendar(),
      days: [...chineseDaysCalendar().days, { date: '2026-03-10', kind: 'closure', name: '办公楼停电' }],
    });
    expect(deadlineOf(march, closure).dueOn).toBe(addCalendarDays('2026-03-23', 1));
  });
});
