import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { type BudgetUnit, deadlineOf } from '../../../domain/supervision/clock';
import { type LadderStepKey, type OrgRole, defaultEscalationPolicy, yellowFrom } from '../../../domain/supervision/escalation';
import {
  type ItemProcess,
  type ItemTypePolicy,
  assertValidItemTypePolicy,
  changedFields,
  defaultItemTypePolicy, defaultItemTypes,
  handlingClock,
  itemTypePolicyErrors,
  itemTypeRules,
  samePolicy,
} from '../../../domain/supervision/item-type';

const calendar = WorkingCalendar.from(chineseDaysCalendar());

const itemTypePolicy = defaultItemTypePolicy;
const itemTypesOf = (process: ItemProcess) => defaultItemTypes.filter((policy) => policy.process === process);

describe('the default item types (the seed)', () => {
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

describe('validating an item type policy', () => {
  const base = defaultItemTypePolicy('difficulty');
  /** A mutable deep copy with some fields replaced. */
  const edited = (changes: Partial<ItemTypePolicy> = {}): ItemTypePolicy => ({ ...structuredClone(base), ...changes });
  const pathsOf = (policy: ItemTypePolicy) => itemTypePolicyErrors(policy).map((error) => error.path);
  const messageAt = (policy: ItemTypePolicy, path: string) => itemTypePolicyErrors(policy).find((error) => error.path === path)?.message;

  it('accepts every default type', () => {
    for (const policy of defaultItemTypes) expect(itemTypePolicyErrors(policy)).toEqual([]);
  });

  it('needs at least one working day to handle, and whole, non-negative limits to sign and return', () => {
    expect(messageAt(edited({ handleDays: 0 }), 'handleDays')).toBe('办理时限须为 1 到 250 之间的整数（工作日）');
    expect(pathsOf(edited({ handleDays: 2.5 }))).toContain('handleDays');
    expect(pathsOf(edited({ signDays: -1 }))).toEqual(['signDays']);
    expect(pathsOf(edited({ signDays: 0, returnDays: 0, coUnitLeadDays: 0 }))).toEqual([]);
    expect(messageAt(edited({ returnDays: -2 }), 'returnDays')).toMatch(/^退回时限/);
    expect(pathsOf(edited({ handleDays: 251 }))).toEqual(['handleDays']);
  });

  it('wants co-organisers to report before the lead deadline, not on or after it', () => {
    expect(messageAt(edited({ handleDays: 5, coUnitLeadDays: 5 }), 'coUnitLeadDays')).toBe('配合单位提前反馈的时间须少于办理时限（5 个工作日）');
    expect(pathsOf(edited({ handleDays: 5, coUnitLeadDays: 4 }))).toEqual([]);
  });

  it('allows hour budgets only for directly assigned items, and counts their limits in hours', () => {
    expect(messageAt(edited({ budgetUnit: 'hours', handleDays: 24 }), 'budgetUnit')).toBe('企业诉求类事项按工作日计时，不能按小时计时');
    const urgent = defaultItemTypePolicy('urgent_hours');
    expect(itemTypePolicyErrors({ ...urgent, handleDays: 48 })).toEqual([]);
    expect(pathsOf({ ...urgent, handleDays: 721 })).toEqual(['handleDays']);
    expect(pathsOf(edited({ budgetUnit: 'minutes' as BudgetUnit }))).toEqual(['budgetUnit']);
  });

  it('names the type with a key, a Chinese label and a known process', () => {
    expect(pathsOf(edited({ type: 'Bad Key', label: '  ', process: 'weather' as ItemProcess })).sort()).toEqual(['label', 'process', 'type']);
  });

  it('turns yellow at a share in (0, 1] and never from the moment of assignment', () => {
    const warning = (yellowAtShareUsed: number, yellowAtDaysLeft: number) =>
      edited({ escalation: { ...structuredClone(base.escalation), warning: { yellowAtShareUsed, yellowAtDaysLeft } } });
    expect(pathsOf(warning(1, 3))).toEqual([]);
    expect(messageAt(warning(0, 3), 'escalation.warning.yellowAtShareUsed')).toBe('黄牌预警的已用比例须大于 0 且不超过 1（如 0.8）');
    expect(pathsOf(warning(1.2, 3))).toEqual(['escalation.warning.yellowAtShareUsed']);
    expect(pathsOf(warning(Number.NaN, 3))).toEqual(['escalation.warning.yellowAtShareUsed']);
    expect(pathsOf(warning(0.8, -1))).toEqual(['escalation.warning.yellowAtDaysLeft']);
    expect(messageAt(warning(0.8, 7), 'escalation.warning.yellowAtDaysLeft')).toMatch(/事项一交办就会变黄/);
  });

  it('keeps each ladder step once, from the known steps, with a trigger in whole working days', () => {
    const ladder = structuredClone(base.escalation.ladder);
    ladder[2] = { ...ladder[2]!, key: 'urge' };
    ladder[3] = { ...ladder[3]!, key: 'escalate' as LadderStepKey, label: '' };
    ladder[4] = { ...ladder[4]!, trigger: { after: 'sunset' as 'due', workingDays: -1 } };
    const policy = edited({ escalation: { ...structuredClone(base.escalation), ladder } });
    expect(pathsOf(policy).sort()).toEqual([
      'escalation.ladder.2.key',
      'escalation.ladder.3.key',
      'escalation.ladder.3.label',
      'escalation.ladder.4.trigger.after',
      'escalation.ladder.4.trigger.workingDays',
    ]);
    expect(messageAt(policy, 'escalation.ladder.2.key')).toBe('升级步骤 urge 重复，每一级只能出现一次');
  });

  it('notifies at least one known role at each step, commission roles only through the commission', () => {
    const ladder = structuredClone(base.escalation.ladder);
    ladder[0] = { ...ladder[0]!, notify: [] };
    ladder[1] = { ...ladder[1]!, notify: [{ role: 'mayor' as OrgRole, unit: 'lead' }, { role: 'commission_head', unit: 'lead' }] };
    ladder[2] = { ...ladder[2]!, notify: [{ role: 'liaison', unit: 'lead' }, { role: 'liaison', unit: 'lead' }] };
    const signOverdue = { label: '签收超时', notify: [] };
    const policy = edited({ escalation: { ...structuredClone(base.escalation), ladder, signOverdue } });
    expect(pathsOf(policy).sort()).toEqual([
      'escalation.ladder.0.notify',
      'escalation.ladder.1.notify.0.role',
      'escalation.ladder.1.notify.1.unit',
      'escalation.ladder.2.notify.1',
      'escalation.signOverdue.notify',
    ]);
    expect(messageAt(policy, 'escalation.ladder.0.notify')).toBe('至少指定一个通知对象');
    expect(messageAt(policy, 'escalation.ladder.1.notify.1.unit')).toBe('委领导只能经区经济信息委通知（unit 须为 commission）');
  });

  it('survives malformed data without throwing and reports it by field', () => {
    const garbage = { ...edited(), escalation: { warning: null, ladder: 'none' } } as unknown as ItemTypePolicy;
    expect(pathsOf(garbage).sort()).toEqual(['escalation.ladder', 'escalation.warning.yellowAtDaysLeft', 'escalation.warning.yellowAtShareUsed']);
    expect(pathsOf({ ...edited(), escalation: undefined } as unknown as ItemTypePolicy)).toEqual(['escalation']);
  });

  it('throws one VALIDATION_FAILED error listing every broken field', () => {
    expect(() => assertValidItemTypePolicy(edited({ handleDays: 0, signDays: -1 }))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', fieldErrors: expect.arrayContaining([expect.objectContaining({ path: 'handleDays' })]) }),
    );
    expect(() => assertValidItemTypePolicy(edited())).not.toThrow();
  });
});

describe('comparing policies', () => {
  const base = defaultItemTypePolicy('difficulty');

  it('treats the same content in another key order as the same policy', () => {
    const { escalation, handleDays, ...rest } = base;
    const reordered = JSON.parse(JSON.stringify({ escalation, handleDays, ...rest })) as ItemTypePolicy;
    expect(samePolicy(base, reordered)).toBe(true);
    expect(samePolicy(base, { ...base, handleDays: 5 })).toBe(false);
  });

  it('names the top-level fields that changed', () => {
    expect(changedFields(base, { ...base, handleDays: 5, label: '企业诉求（一般）' })).toEqual(['handleDays', 'label']);
  });

  it('splits the rules from what names the type', () => {
    expect(Object.keys(itemTypeRules(base)).sort()).toEqual(['budgetUnit', 'coUnitLeadDays', 'escalation', 'handleDays', 'returnDays', 'signDays']);
  });
});
