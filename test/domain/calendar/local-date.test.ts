import {
  addCalendarDays,
  compareLocalDate,
  epochDayOf,
  isLocalDate,
  localDateOfEpochDay,
  shanghaiDateOf,
  shanghaiDayEnd,
  shanghaiDayStart,
  weekdayOf,
  yearOf,
} from '../../../domain/calendar/local-date';

describe('isLocalDate', () => {
  it('accepts existing dates written as YYYY-MM-DD', () => {
    expect(isLocalDate('2026-03-02')).toBe(true);
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2000-02-29')).toBe(true);
  });

  it('rejects malformed strings, impossible dates and non-strings', () => {
    for (const value of ['2026-3-2', '20260302', '2026-02-30', '2025-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '0000-01-01', ' 2026-03-02', '2026-03-02T00:00', '']) {
      expect(isLocalDate(value)).toBe(false);
    }
    expect(isLocalDate(undefined)).toBe(false);
    expect(isLocalDate(20260302)).toBe(false);
  });
});

describe('shanghaiDateOf', () => {
  it('puts an instant after 16:00 UTC on the next Shanghai day', () => {
    expect(shanghaiDateOf(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });

  it('keeps an instant just before 16:00 UTC on the same Shanghai day', () => {
    expect(shanghaiDateOf(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
  });

  it('treats exactly 16:00 UTC as Shanghai midnight, the start of the next day', () => {
    expect(shanghaiDateOf(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });

  it('handles year boundaries and instants before 1970', () => {
    expect(shanghaiDateOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
    expect(shanghaiDateOf(new Date('1969-12-31T15:59:59Z'))).toBe('1969-12-31');
    expect(shanghaiDateOf(new Date('1969-12-31T16:00:00Z'))).toBe('1970-01-01');
  });

  it('rejects an invalid Date with a RangeError', () => {
    expect(() => shanghaiDateOf(new Date('not a date'))).toThrow(RangeError);
  });
});

describe('shanghaiDayStart and shanghaiDayEnd', () => {
  it('start is 00:00 +08:00 of the day', () => {
    expect(shanghaiDayStart('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
  });

  it('end is the exclusive instant 00:00 +08:00 of the following day', () => {
    expect(shanghaiDayEnd('2026-03-02').toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(shanghaiDayEnd('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('round-trips with shanghaiDateOf', () => {
    expect(shanghaiDateOf(shanghaiDayStart('2026-02-17'))).toBe('2026-02-17');
    expect(shanghaiDateOf(new Date(shanghaiDayEnd('2026-02-17').getTime() - 1))).toBe('2026-02-17');
  });
});

describe('calendar arithmetic', () => {
  it('adds and subtracts calendar days across month, leap-day and year boundaries', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addCalendarDays('2026-03-02', 0)).toBe('2026-03-02');
  });

  it('rejects a non-integer number of days', () => {
    expect(() => addCalendarDays('2026-03-02', 1.5)).toThrow(RangeError);
  });

  it('gives weekdays with 0 as Sunday and 6 as Saturday', () => {
    expect(weekdayOf('2026-03-01')).toBe(0);
    expect(weekdayOf('2026-03-02')).toBe(1);
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('1970-01-01')).toBe(4);
    expect(weekdayOf('1969-12-28')).toBe(0);
  });

  it('reads the year', () => {
    expect(yearOf('2026-10-01')).toBe(2026);
  });

  it('orders dates chronologically', () => {
    expect(compareLocalDate('2026-02-28', '2026-03-01')).toBeLessThan(0);
    expect(compareLocalDate('2026-03-01', '2026-02-28')).toBeGreaterThan(0);
    expect(compareLocalDate('2026-03-01', '2026-03-01')).toBe(0);
    expect(['2026-10-01', '2025-12-31', '2026-01-04'].sort(compareLocalDate)).toEqual(['2025-12-31', '2026-01-04', '2026-10-01']);
  });

  it('converts to and from epoch days consistently with Date.UTC', () => {
    for (const date of ['1970-01-01', '2000-02-29', '2026-03-02', '1901-12-31', '2099-12-31']) {
      expect(epochDayOf(date) * 86_400_000).toBe(Date.parse(`${date}T00:00:00Z`));
      expect(localDateOfEpochDay(epochDayOf(date))).toBe(date);
    }
  });

  it('rejects malformed dates with a RangeError', () => {
    expect(() => weekdayOf('2026-02-30')).toThrow(RangeError);
    expect(() => yearOf('2026/03/02')).toThrow(RangeError);
    expect(() => addCalendarDays('yesterday', 1)).toThrow(RangeError);
    expect(() => shanghaiDayStart('2026-3-2')).toThrow(RangeError);
    expect(() => compareLocalDate('2026-03-02', '')).toThrow(RangeError);
  });
});
