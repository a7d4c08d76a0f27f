import { addCalendarDays, shanghaiDayEnd } from '../../../domain/calendar/local-date';
import { type CalendarData, WorkingCalendar, calendarChangeBetween } from '../../../domain/calendar/working-calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';

// A hand-made calendar so the rules are checked independently of the package data.
// Week of 2030-01-01 (Tuesday): holiday on Tue, make-up Saturday 01-05, closure on Thu 01-10.
const handMadeData: CalendarData = {
  coveredYears: [2030],
  days: [
    { date: '2030-01-01', kind: 'holiday', name: '元旦' },
    { date: '2030-01-05', kind: 'makeup_workday', name: '元旦' },
    { date: '2030-01-10', kind: 'closure', name: '办公楼搬迁' },
  ],
};

function shanghai(isoLocal: string): Date {
  return new Date(`${isoLocal}+08:00`);
}

function bruteForceWorkingDays(calendar: WorkingCalendar, fromExclusive: string, toInclusive: string): number {
  let count = 0;
  for (let day = addCalendarDays(fromExclusive, 1); day <= toInclusive; day = addCalendarDays(day, 1)) {
    if (calendar.isWorkingDay(day)) count++;
  }
  return count;
}

describe('WorkingCalendar rules (hand-made calendar)', () => {
  const calendar = WorkingCalendar.from(handMadeData);

  describe('isWorkingDay', () => {
    it('treats a holiday on a weekday as a day off', () => {
      expect(calendar.isWorkingDay('2030-01-01')).toBe(false);
    });

    it('treats a make-up Saturday as a working day', () => {
      expect(calendar.isWorkingDay('2030-01-05')).toBe(true);
    });

    it('treats a district closure day as a day off', () => {
      expect(calendar.isWorkingDay('2030-01-10')).toBe(false);
    });

    it('treats ordinary weekdays as working days and ordinary weekends as days off', () => {
      expect(calendar.isWorkingDay('2030-01-02')).toBe(true);
      expect(calendar.isWorkingDay('2030-01-11')).toBe(true);
      expect(calendar.isWorkingDay('2030-01-06')).toBe(false);
      expect(calendar.isWorkingDay('2030-01-12')).toBe(false);
    });

    it('applies only the Monday-to-Friday rule in years without data', () => {
      expect(calendar.isWorkingDay('2031-01-01')).toBe(true);
      expect(calendar.isWorkingDay('2031-01-04')).toBe(false);
    });
  });

  describe('isCovered and coveredYears', () => {
    it('reports whether the year of a date has calendar data', () => {
      expect(calendar.isCovered('2030-06-30')).toBe(true);
      expect(calendar.isCovered('2031-01-01')).toBe(false);
    });

    it('lists covered years sorted and without duplicates', () => {
      expect(WorkingCalendar.from({ coveredYears: [2031, 2030, 2031], days: [] }).coveredYears).toEqual([2030, 2031]);
    });
  });

  describe('nextWorkingDay', () => {
    it('returns the first working day strictly after the date, skipping days off', () => {
      expect(calendar.nextWorkingDay('2030-01-02')).toBe('2030-01-03');
      expect(calendar.nextWorkingDay('2029-12-31')).toBe('2030-01-02');
      expect(calendar.nextWorkingDay('2030-01-09')).toBe('2030-01-11');
      expect(calendar.nextWorkingDay('2030-01-04')).toBe('2030-01-05');
      expect(calendar.nextWorkingDay('2030-01-11')).toBe('2030-01-14');
    });
  });

  describe('addWorkingDays', () => {
    it('does not count the start day: one working day after a Wednesday is Thursday', () => {
      expect(calendar.addWorkingDays('2030-01-02', 1)).toEqual({ date: '2030-01-03', provisional: false });
    });

    it('does not count a start day that is itself a day off', () => {
      expect(calendar.addWorkingDays('2030-01-01', 1)).toEqual({ date: '2030-01-02', provisional: false });
    });

    it('counts a make-up Saturday as a working day', () => {
      expect(calendar.addWorkingDays('2030-01-03', 2).date).toBe('2030-01-05');
    });

    it('skips a closure day', () => {
      expect(calendar.addWorkingDays('2030-01-08', 2).date).toBe('2030-01-11');
    });

    it('skips an ordinary weekend', () => {
      expect(calendar.addWorkingDays('2030-01-11', 1).date).toBe('2030-01-14');
    });

    it('with n = 0 returns the start day when it is a working day', () => {
      expect(calendar.addWorkingDays('2030-01-02', 0)).toEqual({ date: '2030-01-02', provisional: false });
      expect(calendar.addWorkingDays('2030-01-05', 0).date).toBe('2030-01-05');
    });

    it('with n = 0 returns the next working day when the start day is a day off', () => {
      expect(calendar.addWorkingDays('2030-01-01', 0).date).toBe('2030-01-02');
      expect(calendar.addWorkingDays('2030-01-06', 0).date).toBe('2030-01-07');
      expect(calendar.addWorkingDays('2030-01-10', 0).date).toBe('2030-01-11');
    });

    it('is provisional when the count enters a year without data', () => {
      expect(calendar.addWorkingDays('2030-12-30', 1)).toEqual({ date: '2030-12-31', provisional: false });
      expect(calendar.addWorkingDays('2030-12-30', 2)).toEqual({ date: '2031-01-01', provisional: true });
    });

    it('is not provisional just because the uncounted start day lies in a year without data', () => {
      expect(calendar.addWorkingDays('2029-12-31', 1)).toEqual({ date: '2030-01-02', provisional: false });
    });

    it('with n = 0 is provisional when the start day itself lies in a year without data', () => {
      expect(calendar.addWorkingDays('2031-01-01', 0)).toEqual({ date: '2031-01-01', provisional: true });
    });

    it('rejects a negative, fractional or non-finite number of days', () => {
      for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => calendar.addWorkingDays('2030-01-02', n)).toThrow(RangeError);
      }
    });

    it('rejects a malformed start date', () => {
      expect(() => calendar.addWorkingDays('2030-1-2', 1)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays('2030-02-30', 1)).toThrow(RangeError);
    });
  });

  describe('workingDaysInRange', () => {
    it('counts working days after the first date up to and including the second', () => {
      // 01-02, 01-03, 01-04, 01-05 (make-up), 01-07, 01-08, 01-09, 01-11
      expect(calendar.workingDaysInRange('2029-12-31', '2030-01-11')).toBe(8);
      expect(calendar.workingDaysInRange('2030-01-02', '2030-01-03')).toBe(1);
    });

    it('is 0 for an empty or reversed range', () => {
      expect(calendar.workingDaysInRange('2030-01-02', '2030-01-02')).toBe(0);
      expect(calendar.workingDaysInRange('2030-01-09', '2030-01-02')).toBe(0);
    });

    it('agrees with a day-by-day count for every range in a two-month window', () => {
      const dates: string[] = [];
      for (let day = '2029-12-20'; day <= '2030-02-10'; day = addCalendarDays(day, 1)) dates.push(day);
      for (const from of dates) {
        for (const to of dates) {
          if (to < from) continue;
          expect(calendar.workingDaysInRange(from, to)).toBe(bruteForceWorkingDays(calendar, from, to));
        }
      }
    });

    it('is the inverse of addWorkingDays', () => {
      for (let n = 1; n <= 30; n++) {
        const { date } = calendar.addWorkingDays('2029-12-28', n);
        expect(calendar.workingDaysInRange('2029-12-28', date)).toBe(n);
      }
    });
  });

  describe('workingDaysBetween', () => {
    it('counts working days whose Shanghai date is after from and not after to', () => {
      // 01-10 is a closure, so only 01-11 has elapsed.
      expect(calendar.workingDaysBetween(shanghai('2030-01-09T10:00:00'), shanghai('2030-01-11T09:00:00'))).toBe(1);
    });

    it('counts a deadline day as elapsed only once to reaches that day', () => {
      const from = shanghai('2030-01-02T10:00:00');
      expect(calendar.workingDaysBetween(from, shanghai('2030-01-02T23:59:59'))).toBe(0);
      expect(calendar.workingDaysBetween(from, shanghai('2030-01-03T00:00:00'))).toBe(1);
    });

    it('is 0 when to is not after from', () => {
      const instant = shanghai('2030-01-09T10:00:00');
      expect(calendar.workingDaysBetween(instant, instant)).toBe(0);
      expect(calendar.workingDaysBetween(instant, shanghai('2030-01-02T10:00:00'))).toBe(0);
    });

    it('rejects an invalid Date', () => {
      expect(() => calendar.workingDaysBetween(new Date('nope'), shanghai('2030-01-02T10:00:00'))).toThrow(RangeError);
    });
  });

  describe('daysApplied', () => {
    it('returns the special days inside the range in date order', () => {
      expect(calendar.daysApplied('2029-12-31', '2030-01-10')).toEqual(handMadeData.days);
    });

    it('excludes the first date and includes the last', () => {
      expect(calendar.daysApplied('2030-01-01', '2030-01-05')).toEqual([
        { date: '2030-01-05', kind: 'makeup_workday', name: '元旦' },
      ]);
      expect(calendar.daysApplied('2030-01-05', '2030-01-09')).toEqual([]);
    });
  });

  describe('from', () => {
    it('lets a closure on a make-up Saturday make it a day off, whatever the order', () => {
      const closure = { date: '2030-01-05', kind: 'closure' as const, name: '临时闭馆' };
      const makeup = { date: '2030-01-05', kind: 'makeup_workday' as const, name: '元旦' };
      for (const days of [[makeup, closure], [closure, makeup]]) {
        const merged = WorkingCalendar.from({ coveredYears: [2030], days });
        expect(merged.isWorkingDay('2030-01-05')).toBe(false);
        expect(merged.daysApplied('2030-01-04', '2030-01-05')).toEqual([closure]);
      }
    });

    it('is not affected by later changes to the input data', () => {
      const data: CalendarData = structuredClone(handMadeData);
      const copy = WorkingCalendar.from(data);
      data.days[0]!.kind = 'makeup_workday';
      data.coveredYears.push(2031);
      expect(copy.isWorkingDay('2030-01-01')).toBe(false);
      expect(copy.isCovered('2031-01-01')).toBe(false);
    });

    it('accepts data that went through JSON', () => {
      const roundTripped = WorkingCalendar.from(JSON.parse(JSON.stringify(handMadeData)) as CalendarData);
      expect(roundTripped.isWorkingDay('2030-01-05')).toBe(true);
    });

    it('rejects malformed dates, unknown kinds and invalid years', () => {
      const day = { date: '2030-01-05', kind: 'makeup_workday', name: '元旦' };
      const bad: unknown[] = [
        { coveredYears: [2030], days: [{ ...day, date: '2030-1-5' }] },
        { coveredYears: [2030], days: [{ ...day, kind: 'vacation' }] },
        { coveredYears: [2030], days: [{ ...day, name: undefined }] },
        { coveredYears: [2030.5], days: [] },
        { coveredYears: [2030] },
      ];
      for (const data of bad) {
        expect(() => WorkingCalendar.from(data as CalendarData)).toThrow(RangeError);
      }
    });
  });
});

describe('WorkingCalendar with the chinese-days seed', () => {
  const calendar = WorkingCalendar.from(chineseDaysCalendar());

  it('treats the 2026 make-up weekend days as working days', () => {
    for (const date of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(calendar.isWorkingDay(date)).toBe(true);
    }
  });

  it('treats every day of Spring Festival 2026 (02-15 to 02-23) as a day off and 02-24 as a working day', () => {
    for (let date = '2026-02-15'; date <= '2026-02-23'; date = addCalendarDays(date, 1)) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
  });

  it('treats every day of National Day 2026 (10-01 to 10-07) as a day off', () => {
    for (let date = '2026-10-01'; date <= '2026-10-07'; date = addCalendarDays(date, 1)) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('puts 5 working days after 2026-09-30 on 2026-10-13, counting the make-up Saturday 10-10', () => {
    expect(calendar.addWorkingDays('2026-09-30', 5)).toEqual({ date: '2026-10-13', provisional: false });
  });

  it('explains that deadline with the National Day holidays and the make-up day', () => {
    const applied = calendar.daysApplied('2026-09-30', '2026-10-13');
    expect(applied.filter((day) => day.kind === 'holiday').map((day) => day.date)).toEqual([
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    ]);
    expect(applied.every((day) => day.kind !== 'holiday' || day.name === '国庆节')).toBe(true);
    expect(applied.filter((day) => day.kind === 'makeup_workday')).toEqual([
      { date: '2026-10-10', kind: 'makeup_workday', name: '国庆节' },
    ]);
  });

  it('pushes a 10-working-day deadline started 2026-02-10 past Spring Festival to 2026-03-02', () => {
    // 02-11, 02-12, 02-13, 02-14 (make-up), then 02-24 .. 02-27, 02-28 (make-up), 03-02.
    expect(calendar.addWorkingDays('2026-02-10', 10)).toEqual({ date: '2026-03-02', provisional: false });
  });

  it('skips an ordinary weekend', () => {
    expect(calendar.addWorkingDays('2026-03-06', 1).date).toBe('2026-03-09');
  });

  it('does not count the start day even when it is a working day', () => {
    expect(calendar.addWorkingDays('2026-03-09', 1).date).toBe('2026-03-10');
  });

  it('with n = 0 moves a holiday start to the first working day after the holiday', () => {
    expect(calendar.addWorkingDays('2026-10-01', 0).date).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-10-08', 0).date).toBe('2026-10-08');
  });

  it('marks a deadline running into 2027 as provisional because the package has no 2027 data', () => {
    expect(calendar.isCovered('2027-01-01')).toBe(false);
    expect(calendar.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    // 2027-01-01 is counted as a plain Friday until the 2027 arrangement is published.
    expect(calendar.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', provisional: true });
  });

  it('counts working days elapsed across National Day', () => {
    const assigned = shanghai('2026-09-30T09:00:00');
    expect(calendar.workingDaysBetween(assigned, shanghai('2026-10-12T18:00:00'))).toBe(4);
    expect(calendar.workingDaysBetween(assigned, shanghai('2026-10-13T00:00:00'))).toBe(5);
    const lastInstantOfNationalDay = new Date(shanghaiDayEnd('2026-10-07').getTime() - 1);
    expect(calendar.workingDaysBetween(assigned, lastInstantOfNationalDay)).toBe(0);
  });

  it('uses the Shanghai date of the instants, not the UTC date', () => {
    // 2026-10-12T16:30Z is already 10-13 in Shanghai, so the fifth working day has elapsed.
    expect(calendar.workingDaysBetween(new Date('2026-09-30T01:00:00Z'), new Date('2026-10-12T16:30:00Z'))).toBe(5);
    expect(calendar.workingDaysBetween(new Date('2026-09-30T01:00:00Z'), new Date('2026-10-12T15:30:00Z'))).toBe(4);
  });

  it('counts working days in 2004-2026 quickly and consistently with a day-by-day count', () => {
    expect(calendar.workingDaysInRange('2003-12-31', '2026-12-31')).toBe(
      bruteForceWorkingDays(calendar, '2003-12-31', '2026-12-31'),
    );
    expect(calendar.workingDaysInRange('2025-12-31', '2026-12-31')).toBe(bruteForceWorkingDays(calendar, '2025-12-31', '2026-12-31'));
  });
});

describe('calendarChangeBetween: what an item checks before acting on a wake', () => {
  const held: CalendarData = {
    coveredYears: [2026],
    days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }],
    publications: [{ year: 2026, version: 1, source: '国办发明电〔2025〕7号' }],
  };

  test('the same content is no change, whatever the publication stamps say', () => {
    expect(calendarChangeBetween(held, { ...held, publications: undefined })).toBeUndefined();
  });

  test('a corrected year is named by its publication, as the bulk recompute names it', () => {
    const fresh: CalendarData = {
      coveredYears: [2026],
      days: [...held.days, { date: '2026-12-01', kind: 'closure', name: '区机关闭馆' }],
      publications: [{ year: 2026, version: 2, source: '区政府通知' }],
    };
    expect(calendarChangeBetween(held, fresh)).toEqual({ years: [2026], revision: 'calendar-2026-v2', reason: '2026年工作日历第2版发布：区政府通知' });
  });

  test('a newly covered year, loaded against a calendar without stamps, is a change too', () => {
    const old: CalendarData = { coveredYears: [2026], days: held.days };
    const fresh: CalendarData = { ...held, coveredYears: [2026, 2027], publications: [...held.publications!, { year: 2027, version: 1, source: '国办发明电〔2026〕X号' }] };
    expect(calendarChangeBetween(old, fresh)?.revision).toBe('calendar-2027-v1');
  });

  test('statutory holidays put in for an unpublished year, then its arrangement published over them, are changes', () => {
    const baseline: CalendarData = {
      coveredYears: [2026],
      provisionalYears: [2027],
      days: [...held.days, { date: '2027-01-01', kind: 'holiday', name: '元旦' }],
      publications: [...held.publications!, { year: 2027, version: 1, source: '法定节假日（暂定）' }],
    };
    expect(calendarChangeBetween(held, baseline)).toMatchObject({ years: [2027], revision: 'calendar-2027-v1' });
    // The same days, now published: the deadline is no longer provisional, which is a change too.
    const published: CalendarData = { ...baseline, coveredYears: [2026, 2027], provisionalYears: [], publications: [...held.publications!, { year: 2027, version: 2, source: '国办发明电' }] };
    expect(calendarChangeBetween(baseline, published)).toMatchObject({ years: [2027], revision: 'calendar-2027-v2' });
    expect(calendarChangeBetween(baseline, { ...baseline })).toBeUndefined();
  });

  test('a withdrawn year has no publication and still counts', () => {
    expect(calendarChangeBetween(held, { coveredYears: [], days: [] })).toMatchObject({ years: [2026], revision: 'calendar-2026-withdrawn' });
  });
});
