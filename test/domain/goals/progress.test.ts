import { goalProgress } from '../../../domain/goals/progress';

const target = { key: 'municipal_srdi', name: '市级“专精特新”中小企业', target: 200, due: '2025-12-31' };
const period = { from: '2022-07-05', to: '2025-12-31' };

test('per year and cumulative actuals, completion against the plan target, and time elapsed', () => {
  const progress = goalProgress({ target, period, today: '2026-11-28', perYear: new Map([[2022, 30], [2023, 48], [2025, 52]]), note: '说明' });
  expect(progress).toMatchObject({ actual: 130, completion: 65 });
  expect(progress.years.map((year) => [year.year, year.actual, year.cumulative])).toEqual([
    [2022, 30, 30],
    [2023, 48, 78],
    [2024, 0, 78],
    [2025, 52, 130],
  ]);
  expect(progress.years[3]!.timeElapsed).toBe(100);
  expect(progress.years[0]!.timeElapsed).toBeGreaterThan(0);
});

test('a target without a source reports unknown, not zero', () => {
  const progress = goalProgress({ target: { ...target, key: 'new_listed', target: 2 }, period, today: '2024-06-30', perYear: undefined, note: '尚未接入' });
  expect(progress).toMatchObject({ actual: null, completion: null, note: '尚未接入' });
  expect(progress.years.every((year) => year.actual === null && year.cumulative === null)).toBe(true);
  // In the current year the time elapsed counts up to today; a later year has not begun.
  expect(progress.years[1]!.timeElapsed).toBeLessThan(progress.years[2]!.timeElapsed);
  expect(progress.years[3]!.timeElapsed).toBe(progress.years[2]!.timeElapsed);
});
