import { z } from 'zod';
import { periodKeyPattern } from '../../domain/measure/period';

export const periodParamsSchema = z.strictObject({ period: z.string().regex(periodKeyPattern, '统计期格式为 2026-11（月）或 2026-Q4（季度）') });

export const figuresQuerySchema = z.strictObject({
  period: z.string().regex(periodKeyPattern, '统计期格式为 2026-11（月）或 2026-Q4（季度）'),
  asOf: z.iso.date().optional(),
});

export const asOfQuerySchema = z.strictObject({ asOf: z.iso.date().optional() });
