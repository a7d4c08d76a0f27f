import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { deadlineOf } from '../../../domain/supervision/clock';
import { defaultEscalationPolicy, yellowFrom } from '../../../domain/supervision/escalation';
import { defaultItemTypes, handlingClock, itemTypePolicy, itemTypesOf } from '../../../domain/supervision/item-type';

const calendar = WorkingCalendar.from(chineseDaysCalendar());

describe('item type policies', () => {
  it('keeps the three difficulty types with 7, 3 and 15 working days to handle and 1 to sign', () => {
    expect(itemTypesOf('difficulty').map(({ type, signDays, handleDays, budgetUnit }) => ({ type, signDays, handleDays, budgetUnit }))).toEqual([
      { type: 'difficulty', signDays: 1, handleDays: 7, budgetUnit: 'working_days' },
      { type: 'difficulty_urgent', signDays: 1, handleDays: 3, budgetUnit: 'working_days' },
      { type: 'difficulty_complex', signDays: 1, handleDays: 15, budgetUnit: 'working_days' },
    ]);
  });

  it('has the types later processes use, with their budgets', () => {
    expect(itemTypePolicy('joint_meeting_task')).toMatchObject({ process: 'meeting', handleDays: 15, budgetUnit: 'working_days' });
    expect(itemTypePolicy('measure_report')).toMatchObject({ process: 'measure', handleDays: 5, budgetUnit: 'working_days' });
    expect(itemTypePolicy('subsidy_review')).toMatchObject({ process: 'subsidy', handleDays: 10, budgetUnit: 'working_days' });
    expect(itemTypePolicy('urgent_hours')).toMatchObject({ handleDays: 24, budgetUnit: 'hours' });
  });

  it('answers undefined for an unknown type', () => {
    expect(itemTypePolicy('no_such_type')).toBeUndefined();
  });

  it('names each type once, with a Chinese label, whole positive limits and 2 working days to return', () => {
    expect(new Set(defaultItemTypes.map((policy) => policy.type)).size).toBe(defaultItemTypes.length);
    for (const policy of defaultItemTypes) {
      expect(policy.label).toMatch(/[\u4e00-\u9fff]/);
      for (const limit of [policy.signDays, policy.handleDays, policy.returnDays, policy.coUnitLeadDays]) {
        expect(Number.isInteger(limit) && limit > 0).toBe(true);
      }
      expect(policy.returnDays).toBe(2);
      expect(policy.coUnitLeadDays).toBeLessThan(policy.handleDays);
    }
  });

  it('gives every type the default escalation ladder', () => {
    for (const policy of defaultItemTypes) expect(policy.escalation.ladder).toEqual(defaultEscalationPolicy.ladder);
  });

  it('warns an urgent 3-day difficulty on its last days, not from the moment it is assigned', () => {
    const policy = itemTypePolicy('difficulty_urgent')!;
    const clock = handlingClock(policy, '2026-03-02T09:00:00+08:00');
    expect(yellowFrom(clock, policy.escalation, calendar)).toBe(new Date('2026-03-04T00:00:00+08:00').toISOString());
  });

  it('starts a handling clock in the type unit: 24 natural hours for urgent_hours', () => {
    const policy = itemTypePolicy('urgent_hours')!;
    const clock = handlingClock(policy, '2026-05-01T18:00:00+08:00');
    expect(clock).toEqual({ unit: 'hours', budget: 24, startedAt: '2026-05-01T18:00:00+08:00', suspensions: [], extensions: [] });
    expect(deadlineOf(clock, calendar).dueAt).toBe(new Date('2026-05-02T18:00:00+08:00').toISOString());
  });

  it('is plain JSON, so a policy can travel in a workflow input unchanged', () => {
    for (const policy of defaultItemTypes) expect(JSON.parse(JSON.stringify(policy))).toEqual(policy);
  });

  it('cannot be changed by accident', () => {
    const policy = itemTypePolicy('difficulty')!;
    expect(() => {
      (policy as { handleDays: number }).handleDays = 1;
    }).toThrow(TypeError);
    expect(itemTypePolicy('difficulty')?.handleDays).toBe(7);
  });
});
