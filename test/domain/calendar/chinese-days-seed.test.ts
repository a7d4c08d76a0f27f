import { isWorkday } from 'chinese-days';
import { addCalendarDays, weekdayOf } from '../../../domain/calendar/local-date';
import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';

describe('chineseDaysCalendar', () => {
  const data = chineseDaysCalendar();
  const byDate = new Map(data.days.map((day) => [day.date, day]));

  it('covers every year of the package data, 2004 to 2026, and not 2027', () => {
    expect(data.coveredYears).toEqual(Array.from({ length: 2026 - 2004 + 1 }, (_, index) => 2004 + index));
  });

  it('names the 2026 Spring Festival holidays 春节, from 02-15 to 02-23', () => {
    const springFestival = data.days.filter((day) => day.kind === 'holiday' && day.name === '春节' && day.date.startsWith('2026-'));
    expect(springFestival.map((day) => day.date)).toEqual([
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19',
      '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    ]);
  });

  it('names the 2026 National Day holidays 国庆节, from 10-01 to 10-07', () => {
    for (let date = '2026-10-01'; date <= '2026-10-07'; date = addCalendarDays(date, 1)) {
      expect(byDate.get(date)).toEqual({ date, kind: 'holiday', name: '国庆节' });
    }
  });

  it('lists the 2026 make-up working days with the holiday they belong to', () => {
    const makeupDays2026 = data.days.filter((day) => day.kind === 'makeup_workday' && day.date.startsWith('2026-'));
    expect(makeupDays2026).toEqual([
      { date: '2026-01-04', kind: 'makeup_workday', name: '元旦' },
      { date: '2026-02-14', kind: 'makeup_workday', name: '春节' },
      { date: '2026-02-28', kind: 'makeup_workday', name: '春节' },
      { date: '2026-05-09', kind: 'makeup_workday', name: '劳动节' },
      { date: '2026-09-20', kind: 'makeup_workday', name: '国庆节' },
      { date: '2026-10-10', kind: 'makeup_workday', name: '国庆节' },
    ]);
  });

  it('only produces make-up working days that fall on a weekend', () => {
    for (const day of data.days.filter((d) => d.kind === 'makeup_workday')) {
      expect([0, 6]).toContain(weekdayOf(day.date));
    }
  });

  it('produces only holidays and make-up days, sorted by date, one entry per date, with Chinese names', () => {
    expect(data.days.every((day) => day.kind === 'holiday' || day.kind === 'makeup_workday')).toBe(true);
    const dates = data.days.map((day) => day.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    expect(data.days.every((day) => /\p{Script=Han}/u.test(day.name))).toBe(true);
  });

  it('is plain JSON that survives serialisation', () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('agrees with the package on whether each day from 2004 to 2026 is a working day', () => {
    const calendar = WorkingCalendar.from(data);
    const disagreements: string[] = [];
    for (let date = '2004-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      if (calendar.isWorkingDay(date) !== isWorkday(date)) disagreements.push(date);
    }
    expect(disagreements).toEqual([]);
  });
});
