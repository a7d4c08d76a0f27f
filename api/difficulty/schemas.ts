import { z } from 'zod';
import { difficultyCategoryKeys } from '../../domain/difficulty/categories';
import { ratingCauses } from '../../domain/difficulty/difficulty';
import { itemTypeKey } from '../supervision/schemas';

const unitId = z.string().regex(/^[a-z0-9-]{1,40}$/, '单位编号不合法');
const title = z.string().trim().min(2, '标题至少 2 个字').max(200, '标题不超过 200 个字');
const description = z.string().trim().min(1, '请描述诉求内容').max(5000, '诉求内容不超过 5000 个字');

export const raiseDifficultyBodySchema = z.strictObject({
  enterpriseId: z.string().min(1).max(64),
  category: z.enum(difficultyCategoryKeys),
  title,
  description,
  leadUnitId: unitId,
  coUnitIds: z.array(unitId).max(10).default([]),
  itemType: itemTypeKey.default('difficulty'),
});

/** An enterprise's contact raises a difficulty: no units, the commission assigns them. */
export const submitDifficultyBodySchema = z.strictObject({
  category: z.enum(difficultyCategoryKeys, { error: '请选择诉求类别' }),
  title,
  description,
});

/** 分门别类并交办: the category as confirmed or changed, the lead unit and co-organisers. */
export const classifyDifficultyBodySchema = z.strictObject({
  category: z.enum(difficultyCategoryKeys, { error: '请选择诉求类别' }),
  leadUnitId: unitId,
  coUnitIds: z.array(unitId).max(10).default([]),
  itemType: itemTypeKey.default('difficulty'),
  comment: z.string().trim().max(1000).optional(),
});

/** 回访满意度. */
export const rateDifficultyBodySchema = z.strictObject({
  score: z.number({ error: '评分须为 1 到 5 的整数' }).int('评分须为 1 到 5 的整数').min(1, '评分须为 1 到 5 的整数').max(5, '评分须为 1 到 5 的整数'),
  cause: z.enum(ratingCauses, { error: '原因须为 unit（承办单位）、policy（政策）或 other（其他）' }).optional(),
  comment: z.string().trim().min(1, '请填写评价意见').max(2000, '评价意见不超过 2000 个字'),
});

export const difficultyParamsSchema = z.strictObject({ difficultyId: z.string().regex(/^[A-Za-z0-9_-]{1,140}$/) });
export const enterpriseParamsSchema = z.strictObject({ enterpriseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const difficultyStates = ['awaiting_classification', 'assigned', 'awaiting_rating', 'resolved'] as const;
export const listDifficultiesQuerySchema = z.strictObject({
  state: z.enum(difficultyStates).optional(),
  enterpriseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
