import { z } from 'zod';
import { itemStates } from '../../domain/supervision/item-state';
import { itemTypeKeyPattern } from '../../domain/supervision/item-type';

export const inboxQuerySchema = z.strictObject({
  state: z.enum(itemStates).optional(),
  colour: z.enum(['green', 'yellow', 'red']).optional(),
  type: z.string().max(64).optional(),
  role: z.enum(['lead', 'co']).optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InboxQuery = z.infer<typeof inboxQuerySchema>;

export const unitParamsSchema = z.strictObject({ unitId: z.string().regex(/^[a-z0-9-]{1,40}$/) });
export const itemParamsSchema = z.strictObject({ itemId: z.uuid() });

const reason = z.string().trim().min(1, '请填写理由').max(2000);
const text = (message: string) => z.string().trim().min(1, message).max(5000);

/** One body schema per action; the URL names the action (kebab-case), the body carries its facts. */
export const actionBodySchemas = {
  sign: z.strictObject({}),
  return: z.strictObject({ reason }),
  transfer: z.strictObject({ toUnitId: z.string().regex(/^[a-z0-9-]{1,40}$/), reason }),
  report: z.strictObject({ result: text('请填写办理结果') }),
  'co-report': z.strictObject({ report: text('请填写配合办理情况') }),
  approve: z.strictObject({ comment: z.string().trim().max(2000).optional() }),
  'send-back': z.strictObject({ reason }),
  close: z.strictObject({}),
  'request-extension': z.strictObject({ days: z.number().int().min(1).max(60), reason, progress: text('请填写目前进展') }),
  'decide-extension': z.strictObject({ approve: z.boolean(), reason }),
  urge: z.strictObject({ message: text('请填写催办内容') }),
  suspend: z.strictObject({ reason, legalBasis: z.string().trim().min(1, '请填写依据').max(500) }),
  resume: z.strictObject({}),
  halt: z.strictObject({ reason }),
} as const;

export type ActionPath = keyof typeof actionBodySchemas;
export const actionPaths = Object.keys(actionBodySchemas) as [ActionPath, ...ActionPath[]];
export const actionParamsSchema = z.strictObject({ itemId: z.uuid(), action: z.enum(actionPaths) });

const commandNames: Record<ActionPath, string> = {
  sign: 'sign',
  return: 'return',
  transfer: 'transfer',
  report: 'report',
  'co-report': 'coReport',
  approve: 'approve',
  'send-back': 'sendBack',
  close: 'close',
  'request-extension': 'requestExtension',
  'decide-extension': 'decideExtension',
  urge: 'urge',
  suspend: 'suspend',
  resume: 'resume',
  halt: 'halt',
};
export const commandNameOf = (path: ActionPath) => commandNames[path];

const unitId = z.string().regex(/^[a-z0-9-]{1,40}$/);
/** Any well-formed key: whether the type exists, and is one of 交办事项's, is checked against item_type. */
export const itemTypeKey = z.string().regex(itemTypeKeyPattern, '事项类型编号不合法');

/** 交办事项: an item the commission assigns directly, outside any other process. */
export const assignItemBodySchema = z.strictObject({
  type: itemTypeKey.default('assignment'),
  title: z.string().trim().min(2, '标题至少 2 个字').max(200),
  leadUnitId: unitId,
  coUnitIds: z.array(unitId).max(10).default([]),
});
