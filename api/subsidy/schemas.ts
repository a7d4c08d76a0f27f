import { z } from 'zod';
import { applicationStates } from '../../domain/subsidy/subsidy';

const unitId = z.string().regex(/^[a-z0-9-]{1,40}$/);
const amount = z.number().positive('金额须大于 0').max(100_000, '金额过大').multipleOf(0.01, '金额最多两位小数');

/** 申请列表的筛选: a round, a state, or `active` (every state before the end). */
export const applicationListQuerySchema = z.strictObject({
  roundId: z.uuid().optional(),
  state: z.enum([...applicationStates, 'active']).optional(),
});

export const roundParamsSchema = z.strictObject({ roundId: z.uuid() });
export const applicationParamsSchema = z.strictObject({ applicationId: z.uuid() });
export const objectionParamsSchema = z.strictObject({ applicationId: z.uuid(), objectionId: z.uuid() });

export const openRoundBodySchema = z
  .strictObject({
    measureId: z.string().min(1).max(80),
    title: z.string().trim().min(4, '批次名称至少 4 个字').max(100),
    opensOn: z.iso.date(),
    closesOn: z.iso.date(),
    eligibility: z
      .strictObject({
        inDistrict: z.boolean().optional(),
        minRevenue: z.number().min(0).optional(),
        minRdExpense: z.number().min(0).optional(),
        minRdRatio: z.number().min(0).max(1, '研发投入比重以小数表示，如 0.03').optional(),
        minEmployees: z.number().int().min(0).optional(),
        minInventionPatents: z.number().int().min(0).optional(),
      })
      .default({}),
    materials: z
      .array(z.strictObject({ code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '材料编号须为小写字母、数字或下划线'), label: z.string().trim().min(2).max(60) }))
      .min(1, '至少列出一项申报材料')
      .max(30)
      .refine((list) => new Set(list.map((m) => m.code)).size === list.length, '材料编号不能重复'),
    maxAmount: amount,
    supplementDays: z.number().int().min(1).max(30).optional(),
    /** 公示 lasts at least 5 working days (the cited practice); a round may set longer. */
    publicityDays: z.number().int().min(5, '公示期不少于 5 个工作日').max(30).optional(),
  })
  .refine((body) => body.closesOn >= body.opensOn, { path: ['closesOn'], message: '截止日期不能早于开始日期' });

export const applyBodySchema = z.strictObject({
  roundId: z.uuid(),
  requestedAmount: amount,
  materials: z
    .array(z.strictObject({ code: z.string().min(1).max(40), description: z.string().trim().min(1, '请简要说明材料内容').max(200) }))
    .max(30)
    .refine((list) => new Set(list.map((m) => m.code)).size === list.length, '材料不能重复'),
});

export const decisionBodySchema = z.strictObject({
  step: z.string().regex(/^[a-z_]{2,40}$/),
  outcome: z.enum(['pass', 'reject', 'incomplete']),
  reason: z.string().trim().max(1000).optional(),
  missing: z.array(z.string().trim().min(2, '每项缺少的材料至少 2 个字').max(200)).max(30).optional(),
  amount: amount.optional(),
  publicityFrom: z.iso.date().optional(),
});

export const supplementBodySchema = z.strictObject({
  note: z.string().trim().min(2, '请说明补正的内容').max(2000),
});

export const objectionBodySchema = z.strictObject({
  text: z.string().trim().min(4, '异议内容至少 4 个字').max(2000),
  /** Who checks the objection; the commission itself when absent. */
  leadUnitId: unitId.optional(),
});

export const resolutionBodySchema = z.strictObject({
  upheld: z.boolean(),
  conclusion: z.string().trim().min(2, '请填写处理结论').max(2000),
});
