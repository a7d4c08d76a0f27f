import { loadListingProgramme } from '../../../api/listing/programme';
import { WorkingCalendar } from '../../../domain/calendar';
import {
  addMonths,
  confirmProblem,
  evidenceProblem,
  expectedBy,
  periodAfter,
  periodAssignedAt,
  programmeErrors,
  quotaCheck,
  type ListingActor,
  type ListingCaseState,
} from '../../../domain/listing/listing';

const programme = loadListingProgramme();
const commission: ListingActor = { userId: 'officer', side: 'commission', unitId: 'jxw' };
const officerUnit: ListingActor = { userId: 'liaison', side: 'officer_unit', unitId: 'jrzx' };

function caseAt(reached: string[], pendingEvidence = 0): ListingCaseState {
  return {
    caseId: 'c',
    enterpriseId: 'ent-001',
    officer: { staffId: 'staff-jrzx-liaison', name: '示例', unitId: 'jrzx' },
    reached: reached.map((key, index) => ({ key, label: key, reachedOn: `2025-0${index + 1}-10`, evidence: [], confirmedBy: 'officer', confirmedAt: '' })),
    pendingEvidence: Array.from({ length: pendingEvidence }, (_, index) => ({ id: `e${index}`, milestone: 'x', documents: [], attachmentIds: [], recordedBy: 'liaison', recordedAs: 'officer_unit' as const, at: '' })),
    nextDueOn: null,
    stallEscalations: [],
    rewardClaims: [],
    openCheckIns: [],
    lastCheckInPeriod: null,
    listedOn: null,
    version: 1,
    seq: 1,
  };
}

test('the shipped programme is the chain 区级培育库 → … → 上市 with measure 18 as a warning quota', () => {
  expect(programmeErrors(programme)).toEqual([]);
  expect(programme.milestones.map((milestone) => milestone.label)).toEqual([
    '区级培育库',
    '市级拟上市后备库',
    '股改',
    '专精特新板挂牌',
    '券商立项',
    '辅导协议',
    '辅导备案',
    '辅导验收',
    '申报受理',
    '注册',
    '上市',
  ]);
  expect(programme.milestones[1]!.quota).toMatchObject({ target: 5, mode: 'warn' });
  expect(() => loadListingProgramme({ ...programme, milestones: [programme.milestones[1], programme.milestones[0]] })).toThrow(/第一个里程碑/);
});

test('milestones are confirmed in order, with evidence, on a date not before the previous one', () => {
  const state = caseAt(['district_pool']);
  expect(confirmProblem(programme, state, commission, 'shareholding_reform', '2025-06-01')?.code).toBe('MILESTONE_OUT_OF_ORDER');
  expect(confirmProblem(programme, state, commission, 'district_pool', '2025-06-01')?.message).toContain('已达成');
  expect(confirmProblem(programme, state, commission, 'municipal_reserve', '2025-06-01')?.code).toBe('MISSING_EVIDENCE');
  expect(confirmProblem(programme, caseAt(['district_pool'], 1), commission, 'municipal_reserve', '2025-01-09')?.code).toBe('VALIDATION_FAILED');
  expect(confirmProblem(programme, caseAt(['district_pool'], 1), commission, 'municipal_reserve', '2025-01-10')).toBeUndefined();
  expect(confirmProblem(programme, caseAt(['district_pool'], 1), officerUnit, 'municipal_reserve', '2025-01-10')?.code).toBe('FORBIDDEN');
  expect(confirmProblem(programme, state, commission, 'no_such', '2025-06-01')?.code).toBe('VALIDATION_FAILED');
  const listed = caseAt(programme.milestones.map((milestone) => milestone.key).slice(0, 9));
  expect(confirmProblem(programme, { ...listed, reached: [...listed.reached, ...caseAt(['a', 'b']).reached] }, commission, 'listed', '2025-09-10')?.code).toBe('INVALID_STATE');
});

test('evidence comes from the officer unit or the enterprise itself, for the next milestone', () => {
  const state = caseAt(['district_pool']);
  expect(evidenceProblem(programme, state, officerUnit, 'municipal_reserve')).toBeUndefined();
  expect(evidenceProblem(programme, state, { ...officerUnit, unitId: 'kjj' }, 'municipal_reserve')?.code).toBe('WRONG_UNIT');
  expect(evidenceProblem(programme, state, { userId: 'e', side: 'enterprise', enterpriseId: 'ent-001' }, 'municipal_reserve')).toBeUndefined();
  expect(evidenceProblem(programme, state, { userId: 'e', side: 'enterprise', enterpriseId: 'ent-002' }, 'municipal_reserve')?.code).toBe('FORBIDDEN');
  expect(evidenceProblem(programme, state, commission, 'municipal_reserve')?.code).toBe('FORBIDDEN');
  expect(evidenceProblem(programme, state, officerUnit, 'listed')?.code).toBe('MILESTONE_OUT_OF_ORDER');
});

test('expected dates in months clamp to the month end; in working days they follow the calendar; check-ins fall due on the period Nth working day', () => {
  expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  expect(addMonths('2024-12-15', -24)).toBe('2022-12-15');
  expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  const calendar = WorkingCalendar.from({ coveredYears: [2026], days: [{ date: '2026-10-01', kind: 'holiday', name: '国庆节' }, { date: '2026-10-02', kind: 'holiday', name: '国庆节' }] });
  expect(expectedBy('2026-09-30', { amount: 1, unit: 'working_days' }, calendar)).toBe('2026-10-05');
  expect(expectedBy('2026-09-30', { amount: 6, unit: 'months' }, calendar)).toBe('2027-03-30');
  expect(periodAfter('2026-12', 1)).toBe('2027-01');
  // Assigned at 00:00 on the last day of the previous month (China time): day 1 of the budget is the period's first working day.
  expect(periodAssignedAt('2027-01')).toBe('2026-12-30T16:00:00.000Z');
});

test('measure 18 quota: below the target nothing; at it a warning in warn mode, a refusal in enforce mode', () => {
  const reserve = programme.milestones[1]!;
  expect(quotaCheck(reserve, 4)).toBeUndefined();
  expect(quotaCheck(reserve, 5)).toEqual({ message: expect.stringContaining('已达到目标 5 家'), refuse: false });
  expect(quotaCheck({ ...reserve, quota: { ...reserve.quota!, mode: 'enforce' } }, 6)?.refuse).toBe(true);
  expect(quotaCheck(programme.milestones[2]!, 100)).toBeUndefined();
});
