import { z } from 'zod';
import { knownMetrics, tierKeys } from '../../domain/recognition/recognition';

const tier = z.enum(tierKeys, { error: `认定层级须为：${tierKeys.join('、')}` });
const comment = z.string().trim().min(2, '意见至少 2 个字').max(2000);
const decision = z.enum(['pass', 'reject'], { error: '决定须为 pass（通过）或 reject（不通过）' });
const documentNo = z.string().trim().min(2, '请填写文号').max(100);

export const batchParamsSchema = z.strictObject({ batchId: z.uuid() });
export const applicationParamsSchema = z.strictObject({ applicationId: z.uuid() });
export const enterpriseParamsSchema = z.strictObject({ enterpriseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const batchListQuerySchema = z.strictObject({ tier: tier.optional() });

export const createBatchBodySchema = z.strictObject({
  tier,
  title: z.string().trim().min(4, '批次名称至少 4 个字').max(100),
  /** First and last day applications are accepted (China time, inclusive). */
  opensOn: z.iso.date(),
  cutoffOn: z.iso.date(),
});

export const eligibilityQuerySchema = z.strictObject({ enterpriseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional() });

export const applyBodySchema = z.strictObject({
  /** 企业承诺: the enterprise declares its figures on file are true. */
  declaration: z.literal(true, { error: '请确认申报数据真实有效' }),
});

export const applicationListQuerySchema = z.strictObject({
  batchId: z.uuid().optional(),
  state: z.enum(['in_review', 'recognised', 'rejected']).optional(),
  tier: tier.optional(),
});

/** One step's decision; the step is named so that a stale page never decides the next step. */
export const decisionBodySchema = z.discriminatedUnion(
  'step',
  [
    z.strictObject({ step: z.literal('review'), decision, comment }),
    z.strictObject({ step: z.literal('spot_check'), decision, comment }),
    z.strictObject({ step: z.literal('publicity'), decision, comment, publicityFrom: z.iso.date(), publicityTo: z.iso.date() }),
    z.strictObject({ step: z.literal('recommend'), decision, comment, documentNo: documentNo.optional() }),
    z.strictObject({ step: z.literal('result'), decision, comment, documentNo, recognisedOn: z.iso.date().optional() }),
  ],
  { error: '步骤须为 review、spot_check、publicity、recommend 或 result' },
);

export const recordTierBodySchema = z.strictObject({
  tier,
  recognisedOn: z.iso.date(),
  note: z.string().trim().min(2, '请注明认定文件或来源').max(200),
});

export const criteriaParamsSchema = z.strictObject({ tier, version: z.string().regex(/^[A-Za-z0-9._-]{1,20}$/, '版本号为 1-20 位字母、数字、点、横线') });

/** A new criteria version: rules checked here so a batch never pins a rule the check cannot read. */
export const criteriaBodySchema = z.strictObject({
  effectiveFrom: z.iso.date(),
  source: z.string().trim().min(2, '请注明依据文件').max(200),
  rules: z
    .array(
      z
        .strictObject({
          key: z.string().regex(/^[a-z_]{1,40}$/, '条件键为小写字母与下划线'),
          label: z.string().trim().min(2).max(100),
          metric: z.string().refine((metric) => knownMetrics.includes(metric), `指标须为：${knownMetrics.join('、')}`),
          op: z.enum(['gte', 'lte', 'held']),
          value: z.number().finite().optional(),
        })
        .refine((rule) => (rule.op === 'held') === rule.metric.startsWith('tier:'), '“持有认定”只能用于 tier: 指标，tier: 指标只能用 held')
        .refine((rule) => rule.op === 'held' || rule.value !== undefined, '数值条件须填写阈值'),
    )
    .min(1, '至少一条条件')
    .max(30)
    .refine((rules) => new Set(rules.map((rule) => rule.key)).size === rules.length, '条件键不能重复'),
});
