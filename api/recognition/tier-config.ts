import { z } from 'zod';
import recognitionFile from '../../prisma/seed/recognition.json';
import { knownMetrics, stepKinds, tierKeys, type CriteriaVersion, type TierConfig, type TierKey } from '../../domain/recognition/recognition';

// The tiers, their steps and criteria versions, from prisma/seed/recognition.json, checked once
// when loaded: a malformed file stops the start instead of a half-working process.

const tierSchema = z.strictObject({
  key: z.enum(tierKeys),
  name: z.string().min(1),
  level: z.enum(['district', 'municipal', 'national']),
  validityYears: z.number().int().min(1).max(10),
  recheckReminderDays: z.number().int().min(1).max(250),
  steps: z
    .array(z.strictObject({ kind: z.enum(stepKinds), itemType: z.string().min(1), minWorkingDays: z.number().int().min(1).max(30).optional() }))
    .min(1),
});

const ruleSchema = z.strictObject({
  key: z.string().regex(/^[a-z_]{1,40}$/),
  label: z.string().min(1),
  metric: z.string().refine((metric) => knownMetrics.includes(metric), '未知的指标'),
  op: z.enum(['gte', 'lte', 'held']),
  value: z.number().optional(),
});

const criteriaSchema = z.strictObject({
  tier: z.enum(tierKeys),
  version: z.string().min(1).max(20),
  effectiveFrom: z.iso.date(),
  source: z.string().min(1),
  rules: z.array(ruleSchema).min(1),
});

const fileSchema = z.object({ tiers: z.array(tierSchema), criteria: z.array(criteriaSchema) });

export const recognitionData: { tiers: TierConfig[]; criteria: CriteriaVersion[] } = fileSchema.parse(recognitionFile);

export function tierConfig(tier: TierKey): TierConfig {
  const config = recognitionData.tiers.find((candidate) => candidate.key === tier);
  if (!config) throw new RangeError(`no tier ${tier} in recognition.json`);
  return config;
}
