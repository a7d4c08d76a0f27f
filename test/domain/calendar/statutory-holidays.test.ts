import chineseDaysJson from 'chinese-days/dist/chinese-days.json';
import { statutoryHolidaysOf } from '../../../domain/calendar/statutory-holidays';
import { WorkingCalendar } from '../../../domain/calendar/working-calendar';

describe('statutoryHolidaysOf', () => {
  it('gives every day the law fixes for 2027, with 补假 for those falling on a weekend', () => {
    expect(statutoryHolidaysOf(2027)).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      // 除夕 Friday 5 February, 初一 to 初三 Saturday to Monday: two days made up after 初三.
      { date: '2027-02-05', kind: 'holiday', name: '春节' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-09', kind: 'holiday', name: '春节（补假）' },
      { date: '2027-02-10', kind: 'holiday', name: '春节（补假）' },
      { date: '2027-04-05', kind: 'holiday', name: '清明节' },
      { date: '2027-05-01', kind: 'holiday', name: '劳动节' },
      { date: '2027-05-02', kind: 'holiday', name: '劳动节' },
      { date: '2027-05-03', kind: 'holiday', name: '劳动节（补假）' },
      { date: '2027-05-04', kind: 'holiday', name: '劳动节（补假）' },
      { date: '2027-06-09', kind: 'holiday', name: '端午节' },
      { date: '2027-09-15', kind: 'holiday', name: '中秋节' },
      { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-02', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-03', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-04', kind: 'holiday', name: '国庆节（补假）' },
      { date: '2027-10-05', kind: 'holiday', name: '国庆节（补假）' },
    ]);
  });

  it('counts a day once when 中秋 falls within 国庆 (2028), and 端午 in the ordinary fifth month, not the leap one', () => {
    const days = statutoryHolidaysOf(2028);
    // 1 October is a Sunday: one 补假, on the 4th; 中秋 (the 3rd) adds no day of its own.
    expect(days.filter((day) => day.date.startsWith('2028-10-')).map((day) => day.date)).toEqual(['2028-10-01', '2028-10-02', '2028-10-03', '2028-10-04']);
    expect(days.find((day) => day.name === '端午节')?.date).toBe('2028-05-28');
    expect(new Set(days.map((day) => day.date)).size).toBe(days.length);
  });

  it('makes up a weekend day 中秋 and 国庆 share once (2039: 中秋 on Sunday 2 October)', () => {
    const october = statutoryHolidaysOf(2039).filter((day) => day.date.startsWith('2039-10-'));
    // 1–3 October are Saturday to Monday: two weekend days, two 补假 (4 and 5 October).
    expect(october.map((day) => day.date)).toEqual(['2039-10-01', '2039-10-02', '2039-10-03', '2039-10-04', '2039-10-05']);
  });

  // The published arrangements of the years the current law has applied to must give every one of
  // these days off: the baseline never calls a day worked that the State Council gave off.
  it.each([2025, 2026])('is contained in the published arrangement of %i', (year) => {
    const published = new Set(Object.keys(chineseDaysJson.holidays).filter((date) => date.startsWith(`${year}-`)));
    const missing = statutoryHolidaysOf(year).filter((day) => !published.has(day.date));
    expect(missing).toEqual([]);
  });

  it('makes 2027 deadlines skip New Year’s Day and the Spring Festival', () => {
    const calendar = WorkingCalendar.from({ coveredYears: [], days: statutoryHolidaysOf(2027) });
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-04', provisional: true });
    expect(calendar.nextWorkingDay('2027-02-04')).toBe('2027-02-11');
  });

  it('refuses years before the current law', () => {
    expect(() => statutoryHolidaysOf(2024)).toThrow(RangeError);
  });
});
