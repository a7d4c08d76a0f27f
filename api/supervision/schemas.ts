import { z } from 'zod';
import { itemStates } from '../../domain/supervision/item-state';

export const inboxQuerySchema = z.strictObject({
  state: z.enum(itemStates).optional(),
  colour: z.enum(['green', 'yellow', 'red']).optional(),
  type: z.string().max(64).optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const unitParamsSchema = z.strictObject({ unitId: z.string().regex(/^[a-z0-9-]{1,40}$/) });
export const itemParamsSchema = z.strictObject({ itemId: z.uuid() });

export const signBodySchema = z.strictObject({}).default({});
export const completeBodySchema = z.strictObject({
  result: z.string().trim().min(1, '请填写办理结果').max(5000),
});
