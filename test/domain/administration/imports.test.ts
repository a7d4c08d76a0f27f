import { checkEnterpriseRows, checkPlanSheets, parseDate, type SheetRows } from '../../../domain/administration/imports';

const units = [
  { id: 'jxw', name: '区经济信息委', kind: 'commission' },
  { id: 'kjj', name: '区科技局', kind: 'department' },
  { id: 'town-degan', name: '德感街道', kind: 'town' },
  { id: 'park-degan', name: '德感工业园发展中心', kind: 'park' },
];

const enterprises = (...rows: Record<string, string | number | Date | null>[]): SheetRows => ({ name: '企业名录', rows: rows.map((cells, index) => ({ row: index + 2, cells })) });

describe('enterprise rows', () => {
  test('a good row is normalised: credit code upper case, place resolved to its unit, empty cells as null', () => {
    const checked = checkEnterpriseRows(enterprises({ name: ' 示例公司 ', creditCode: '91500116ma5xxxxx0a', place: '德感工业园发展中心', industry: '', contactName: null, contactPhone: '23456789' }), units);
    expect(checked).toEqual({
      ok: true,
      value: [{ row: 2, name: '示例公司', creditCode: '91500116MA5XXXXX0A', townUnitId: 'park-degan', industry: null, contactName: null, contactPhone: '23456789' }],
    });
  });

  test('every problem of every row is reported, not only the first', () => {
    const checked = checkEnterpriseRows(
      enterprises(
        { name: null, creditCode: '9150', place: '区科技局' },
        { name: '甲', creditCode: '91500116MA5XXXXX0A', contactPhone: 'abc' },
        { name: '乙', creditCode: '91500116MA5XXXXX0A' },
      ),
      units,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => [error.row, error.column, error.message])).toEqual([
      [2, '企业名称', '「企业名称」不能为空'],
      [2, '统一社会信用代码', '「统一社会信用代码」应为 18 位数字或大写字母'],
      // A department is not a town or a park.
      [2, '所在镇街/园区', '未找到镇街或园区“区科技局”'],
      [3, '联系电话', '「联系电话」格式不正确'],
      [4, '统一社会信用代码', '统一社会信用代码与第 3 行重复'],
    ]);
  });

  test('codes and phone numbers typed as numbers are refused: their digits are already changed', () => {
    // 915001167562345678 as a JavaScript number prints as 915001167562345700; 02361234567 loses its 0.
    const checked = checkEnterpriseRows(enterprises({ name: '甲', creditCode: Number('915001167562345678'), contactPhone: 2361234567 }, { name: '乙', creditCode: '915001167562345678', contactPhone: '02361234567' }), units);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => [error.row, error.column, error.message])).toEqual([
      [2, '统一社会信用代码', '统一社会信用代码须为文本格式（请将该列设为文本后重新填写）'],
      [2, '联系电话', '联系电话须为文本格式（请将该列设为文本后重新填写）'],
    ]);
  });

  test('an empty sheet is an error, not a successful import of nothing', () => {
    expect(checkEnterpriseRows(enterprises(), units)).toMatchObject({ ok: false, errors: [{ message: '工作表中没有数据行' }] });
  });
});

describe('plan sheets', () => {
  const plan = { id: 'plan-2026', title: '行动计划', issuer: '区政府办', issuedOn: '2026/3/1', periodFrom: new Date(Date.UTC(2026, 0, 1)), periodTo: '2028-12-31' };
  const sheets = (measures: Record<string, string | null>[], planCells: Record<string, string | Date> = plan): SheetRows[] => [
    { name: '计划', rows: [{ row: 2, cells: planCells }] },
    { name: '目标', rows: [{ row: 2, cells: { key: 'sme', name: '创新型中小企业', target: '1500', due: '2028-12-31' } }] },
    { name: '措施', rows: measures.map((cells, index) => ({ row: index + 2, cells })) },
  ];

  test('units are named by name, lead first, separated by 、 or commas; dates typed either way', () => {
    const checked = checkPlanSheets(sheets([{ kind: '重点任务', no: '1', text: '培育', units: '区科技局、区经济信息委,区科技局' }, { kind: '保障机制', no: '1', text: '联席会议', units: '区经济信息委' }]), units);
    expect(checked).toMatchObject({
      ok: true,
      value: {
        plan: { id: 'plan-2026', issuedOn: '2026-03-01', periodFrom: '2026-01-01', periodTo: '2028-12-31' },
        targets: [{ key: 'sme', target: 1500 }],
        measures: [
          { kind: 'measure', no: '1', unitIds: ['kjj', 'jxw'] },
          { kind: 'mechanism', no: '1', unitIds: ['jxw'] },
        ],
      },
    });
  });

  test('a missing sheet, an unknown unit, a duplicate number and a period ending before it starts are all reported', () => {
    const checked = checkPlanSheets(
      sheets([{ kind: '重点任务', no: '1', text: '培育', units: '区科技局' }, { kind: '重点任务', no: '1', text: '再培育', units: '区不存在局' }], { ...plan, periodTo: '2025-12-31' }).filter((sheet) => sheet.name !== '目标'),
      units,
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((error) => `${error.sheet}:${error.row}:${error.message}`)).toEqual([
      '计划:2:截止日期早于起始日期',
      '目标:1:缺少工作表「目标」',
      '措施:3:编号与第 2 行重复',
      '措施:3:未找到责任单位“区不存在局”',
    ]);
  });

  test('dates: only real calendar dates', () => {
    expect(parseDate('2026-02-29')).toBeNull();
    expect(parseDate('2028-2-29')).toBe('2028-02-29');
    expect(parseDate('2026.10.1')).toBe('2026-10-01');
    expect(parseDate('明年')).toBeNull();
  });
});
