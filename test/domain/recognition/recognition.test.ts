import { checkCriteria, criteriaInForce, validUntilOf, workingDaysBefore, type CriteriaVersion } from '../../../domain/recognition/recognition';
import { recognitionData } from '../../../api/recognition/tier-config';
import { weekdayOf } from '../../../domain/calendar';

const national = (version: string) => recognitionData.criteria.find((criteria) => criteria.tier === 'national_little_giant' && criteria.version === version)!;
const figures = [
  { year: 2024, revenue: 18650.5, rdExpense: 812.3, employees: 236, inventionPatents: 14 },
  { year: 2025, revenue: 21430, rdExpense: 1012.8, employees: 251, inventionPatents: 17 },
];
const municipal = { tier: 'municipal_srdi', recognisedOn: '2025-05-01', validUntil: '2028-04-30' };

describe('criteria checked against the figures', () => {
  test('the same figures meet the 2022 national rule and miss the 2026 revision, by data alone', () => {
    const old = checkCriteria({ criteria: national('2022'), figuresYear: 2025, figures, heldTiers: [municipal], asOf: '2026-03-01' });
    expect(old.allMet).toBe(true);
    const revised = checkCriteria({ criteria: national('2026'), figuresYear: 2025, figures, heldTiers: [municipal], asOf: '2026-03-01' });
    expect(revised.allMet).toBe(false);
    expect(revised.results.find((result) => result.key === 'rd_ratio')).toMatchObject({ outcome: 'not_met', actual: 4.73, required: 5 });
    expect(revised.results.find((result) => result.key === 'revenue_growth')).toMatchObject({ outcome: 'met', actual: 14.9 });
  });

  test('a figure not on file is missing, never a pass', () => {
    const check = checkCriteria({ criteria: national('2022'), figuresYear: 2024, figures, heldTiers: [municipal], asOf: '2026-03-01' });
    expect(check.results.find((result) => result.key === 'revenue_growth')).toMatchObject({ outcome: 'missing', actual: null });
    expect(check.results.find((result) => result.key === 'revenue_growth')!.message).toContain('缺少 2024 年度营业收入增长率所需数据');
    expect(check.allMet).toBe(false);
  });

  test('a prerequisite tier counts only while valid', () => {
    const expired = checkCriteria({ criteria: national('2022'), figuresYear: 2025, figures, heldTiers: [municipal], asOf: '2028-05-01' });
    expect(expired.results[0]).toMatchObject({ key: 'municipal_srdi', outcome: 'not_met' });
  });

  test('the version in force is the latest effective by the day', () => {
    const versions: Pick<CriteriaVersion, 'version' | 'effectiveFrom'>[] = [national('2022'), national('2026')];
    expect(criteriaInForce(versions, '2025-12-31')?.version).toBe('2022');
    expect(criteriaInForce(versions, '2026-01-01')?.version).toBe('2026');
    expect(criteriaInForce(versions, '2020-01-01')).toBeUndefined();
  });
});

describe('validity and re-check reminder', () => {
  test('valid for three years, through the day before the anniversary', () => {
    expect(validUntilOf('2026-03-10', 3)).toBe('2029-03-09');
    expect(validUntilOf('2024-02-29', 3)).toBe('2027-02-28');
  });

  test('the reminder is N working days before expiry', () => {
    const weekdays = (day: string) => weekdayOf(day) >= 1 && weekdayOf(day) <= 5;
    // 2029-03-09 is a Friday: 5 working days earlier is Friday 2029-03-02.
    expect(workingDaysBefore('2029-03-09', 5, weekdays)).toBe('2029-03-02');
  });
});
