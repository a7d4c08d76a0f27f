import { z } from 'zod';
import { itemStates, type UserAction } from '../../domain/supervision/item-state';
import { itemTypeKeyPattern } from '../../domain/supervision/item-type';

export const inboxQuerySchema = z.strictObject({
  state: z.enum(itemStates).optional(),
  colour: z.enum(['green', 'yellow', 'red']).optional(),
  type: z.string().max(64).optional(),
  role: z.enum(['lead', 'co']).optional(),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
  /** 搜索: part of the title. */
  q: z.string().trim().min(1).max(100).optional(),
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
  instruct: z.strictObject({ text: text('请填写批示内容') }),
} as const;

export type ActionPath = keyof typeof actionBodySchemas;

export const actionSummaries: Record<ActionPath, string> = {
  sign: '签收（牵头单位）',
  return: '退回区经济信息委（须在退回时限内，附理由）',
  transfer: '转办至其他单位（区经济信息委）',
  report: '反馈办理结果（牵头单位；配合单位须先反馈）',
  'co-report': '配合单位反馈',
  approve: '审核通过（区经济信息委）',
  'send-back': '退办，重新办理（区经济信息委）',
  close: '销号（区经济信息委）',
  'request-extension': '延期申请（须在期限届满前）',
  'decide-extension': '延期审批（区经济信息委）',
  urge: '催办（区经济信息委）',
  suspend: '中止计时，注明依据（区经济信息委）',
  resume: '恢复计时（区经济信息委）',
  halt: '中止事项（区经济信息委）',
  instruct: '领导批示（区领导、委领导、所涉单位分管领导；通知牵头单位）',
};
export const actionPaths = Object.keys(actionBodySchemas) as [ActionPath, ...ActionPath[]];

const commandNames: Record<ActionPath, UserAction> = {
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
  instruct: 'instruct',
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
