import { nextPeriod, parsePeriod, periodContaining, previousPeriod } from '../../../domain/measure/period';
import { subTargetProgress } from '../../../domain/measure/measure-task';

test('months and quarters: bounds, labels and succession across a year end', () => {
  expect(parsePeriod('2026-02')).toMatchObject({ from: '2026-02-01', to: '2026-02-28', label: '2026年2月', kind: 'month' });
  expect(parsePeriod('2024-02').to).toBe('2024-02-29');
  expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31', label: '2026年第4季度' });
  expect(nextPeriod(parsePeriod('2026-12')).key).toBe('2027-01');
  expect(nextPeriod(parsePeriod('2026-Q4')).key).toBe('2027-Q1');
  expect(previousPeriod(parsePeriod('2026-01')).key).toBe('2025-12');
  expect(periodContaining('2026-08-15', 'quarter').key).toBe('2026-Q3');
  expect(() => parsePeriod('2026-13')).toThrow(RangeError);
});

test('sub-target progress: cumulative against a plan target, each year against a yearly one', () => {
  const achievements = [
    { achievedOn: '2023-05-01', count: 3 },
    { achievedOn: '2024-03-01', count: 5 },
    { achievedOn: '2024-09-01', count: 2 },
  ];
  const plan = subTargetProgress({ id: 'm7', no: '7' }, { name: '数字化车间', target: 20, per: 'plan' }, achievements, [2022, 2023, 2024, 2025]);
  expect(plan.actual).toBe(10);
  expect(plan.share).toBe(0.5);
  expect(plan.byYear).toEqual([
    { year: 2022, actual: 0, target: null, cumulative: 0 },
    { year: 2023, actual: 3, target: null, cumulative: 3 },
    { year: 2024, actual: 7, target: null, cumulative: 10 },
    { year: 2025, actual: 0, target: null, cumulative: 10 },
  ]);
  const yearly = subTargetProgress({ id: 'm27', no: '27' }, { name: '示范企业', target: 5, per: 'year' }, achievements, [2023, 2024]);
  expect(yearly.byYear.map((y) => [y.year, y.actual, y.target])).toEqual([
    [2023, 3, 5],
    [2024, 7, 5],
  ]);
  expect(yearly.share).toBe(1);
});
