import { z } from 'zod';

export const yearParamsSchema = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const publishYearBodySchema = z.strictObject({
  source: z.string().trim().min(2, '请注明依据（如国务院办公厅通知文号）').max(300),
  document: z.string().max(50_000).optional(),
  days: z
    .array(
      z.strictObject({
        date: z.iso.date(),
        kind: z.enum(['holiday', 'makeup_workday', 'closure']),
        name: z.string().trim().min(1).max(60),
      }),
    )
    .max(366),
});

export const recomputationQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(100_000) });
