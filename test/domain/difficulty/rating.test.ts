import { decideRating, isValidScore, type RatingPolicy } from '../../../domain/difficulty/difficulty';
import ratingRules from '../../../prisma/seed/difficulty-rating.json';

const policy: RatingPolicy = { reopenAtOrBelow: 2, ratingWorkingDays: 10, maxReopens: 2 };

describe('回访满意度 decisions', () => {
  test('a score above the threshold is satisfied, whatever the cause', () => {
    expect(decideRating(policy, { score: 3, cause: 'unit' }, 0)).toBe('satisfied');
    expect(decideRating(policy, { score: 5 }, 0)).toBe('satisfied');
  });

  test('a low score reopens only when the enterprise blames the unit', () => {
    expect(decideRating(policy, { score: 2, cause: 'unit' }, 0)).toBe('reopen');
    expect(decideRating(policy, { score: 1, cause: 'policy' }, 0)).toBe('dissatisfied');
    expect(decideRating(policy, { score: 1, cause: 'other' }, 0)).toBe('dissatisfied');
    expect(decideRating(policy, { score: 1 }, 0)).toBe('dissatisfied');
  });

  test('reopening stops once the reopen budget is spent', () => {
    expect(decideRating(policy, { score: 1, cause: 'unit' }, 1)).toBe('reopen');
    expect(decideRating(policy, { score: 1, cause: 'unit' }, 2)).toBe('dissatisfied');
  });

  test('the threshold is data: a stricter policy reopens at 3', () => {
    expect(decideRating({ ...policy, reopenAtOrBelow: 3 }, { score: 3, cause: 'unit' }, 0)).toBe('reopen');
  });

  test('scores are whole numbers from 1 to 5', () => {
    expect([1, 2, 3, 4, 5].every(isValidScore)).toBe(true);
    expect([0, 6, 2.5, -1, Number.NaN, '3'].some(isValidScore)).toBe(false);
  });

  test('the seeded rules are the documented defaults', () => {
    expect(ratingRules).toMatchObject({ reopenAtOrBelow: 2, ratingWorkingDays: 10, maxReopens: 2 });
  });
});
