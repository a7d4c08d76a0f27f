import { fileNameOf } from '../../web/src/pages/analytics/content-disposition';
import { periodLabel, recentPeriodKeys } from '../../web/src/pages/analytics/periods';

// The rankings page's period choices and the exported file's name.

test('the period choices are the last twelve months and four quarters, across a year end', () => {
  const { months, quarters } = recentPeriodKeys('2027-02-15');
  expect(months.slice(0, 3)).toEqual(['2027-02', '2027-01', '2026-12']);
  expect(months).toHaveLength(12);
  expect(months.at(-1)).toBe('2026-03');
  expect(quarters).toEqual(['2027-Q1', '2026-Q4', '2026-Q3', '2026-Q2']);
});

test('periods are labelled in Chinese and English', () => {
  expect(periodLabel('2026-03', 'zh')).toBe('2026年3月');
  expect(periodLabel('2026-Q4', 'zh')).toBe('2026年第4季度');
  expect(periodLabel('2026-Q4', 'en')).toBe('2026 Q4');
  expect(periodLabel('nonsense', 'zh')).toBe('nonsense');
});

test('the downloaded file keeps the Chinese name the server gives, else the plain one', () => {
  const title = '江津区“专精特新”督办工作通报（2026年11月）.xlsx';
  expect(fileNameOf(`attachment; filename="bulletin-2026-11.xlsx"; filename*=UTF-8''${encodeURIComponent(title)}`, 'x.xlsx')).toBe(title);
  expect(fileNameOf('attachment; filename="bulletin-2026-11.xlsx"', 'x.xlsx')).toBe('bulletin-2026-11.xlsx');
  expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
  expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx');
});
