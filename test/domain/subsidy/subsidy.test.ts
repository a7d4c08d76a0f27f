import { decisionErrors, eligibilityFailures, missingMaterials, windowState } from '../../../domain/subsidy/subsidy';

const figures = { year: 2025, revenue: 10_000, rdExpense: 400, employees: 120, inventionPatents: 6 };

describe('eligibility against the enterprise figures', () => {
  test('an enterprise meeting every rule has no failures', () => {
    expect(eligibilityFailures({ inDistrict: true, minRevenue: 5000, minRdRatio: 0.03, minEmployees: 100, minInventionPatents: 5 }, { townUnitId: 'town-degan', figures })).toEqual([]);
  });
  test('each broken rule is named, with the figure and its year', () => {
    const failures = eligibilityFailures({ inDistrict: true, minRevenue: 20_000, minRdExpense: 500, minRdRatio: 0.05 }, { townUnitId: null, figures });
    expect(failures).toEqual(['企业未登记在本区园区或镇街', '营业收入 10000 万元，低于 20000 万元（2025 年）', '研发费用 400 万元，低于 500 万元（2025 年）', '研发费用占营业收入 4.00%，低于 5.00%（2025 年）']);
  });
  test('figure rules without figures fail once', () => {
    expect(eligibilityFailures({ minRevenue: 1 }, { townUnitId: 'town-degan' })).toEqual(['企业尚无经营数据，无法核对申报条件']);
    expect(eligibilityFailures({ inDistrict: true }, { townUnitId: 'town-degan' })).toEqual([]);
  });
});

test('the window is open from the first to the last day inclusive, China dates', () => {
  expect(windowState('2026-03-01', '2026-03-31', '2026-02-28')).toBe('early');
  expect(windowState('2026-03-01', '2026-03-31', '2026-03-01')).toBe('open');
  expect(windowState('2026-03-01', '2026-03-31', '2026-03-31')).toBe('open');
  expect(windowState('2026-03-01', '2026-03-31', '2026-04-01')).toBe('late');
});

test('missing materials are the required ones not declared', () => {
  expect(missingMaterials([{ code: 'a', label: '甲' }, { code: 'b', label: '乙' }], [{ code: 'b' }, { code: 'x' }])).toEqual([{ code: 'a', label: '甲' }]);
});

describe('step decisions', () => {
  const limits = { requested: 30, maxAmount: 50 };
  const today = '2026-11-27';
  test('the outcomes a step accepts depend on its kind', () => {
    expect(decisionErrors('review', { outcome: 'incomplete', missing: ['x'] }, limits, today)).toEqual([expect.objectContaining({ path: 'outcome' })]);
    expect(decisionErrors('formal_review', { outcome: 'incomplete', missing: ['营业执照'] }, limits, today)).toEqual([]);
    expect(decisionErrors('publicity', { outcome: 'pass' }, limits, today)).toEqual([expect.objectContaining({ path: 'outcome' })]);
  });
  test('a rejection needs a reason, a 补正 notice its full list', () => {
    expect(decisionErrors('review', { outcome: 'reject' }, limits, today).map((e) => e.path)).toEqual(['reason']);
    expect(decisionErrors('formal_review', { outcome: 'incomplete', missing: [] }, limits, today).map((e) => e.path)).toEqual(['missing']);
    expect(decisionErrors('review', { outcome: 'pass', missing: ['x'] }, limits, today).map((e) => e.path)).toEqual(['missing']);
  });
  test('审定 bounds the amount by the request and the round and needs a publicity start not in the future', () => {
    expect(decisionErrors('approval', { outcome: 'pass', amount: 30, publicityFrom: today }, limits, today)).toEqual([]);
    expect(decisionErrors('approval', { outcome: 'pass', amount: 31, publicityFrom: '2026-11-28' }, limits, today).map((e) => e.path)).toEqual(['amount', 'publicityFrom']);
    expect(decisionErrors('approval', { outcome: 'pass', amount: 10 }, limits, today).map((e) => e.path)).toEqual(['publicityFrom']);
  });
  test('拨付 pays exactly the approved amount; other steps take no amount', () => {
    expect(decisionErrors('disbursement', { outcome: 'pass', amount: 20 }, { ...limits, approved: 20 }, today)).toEqual([]);
    expect(decisionErrors('disbursement', { outcome: 'pass', amount: 19 }, { ...limits, approved: 20 }, today).map((e) => e.path)).toEqual(['amount']);
    expect(decisionErrors('acceptance', { outcome: 'pass', amount: 1, publicityFrom: today }, limits, today).map((e) => e.path)).toEqual(['amount', 'publicityFrom']);
  });
});
