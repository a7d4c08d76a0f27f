import { z } from 'zod';
import { difficultyCategoryKeys } from '../../domain/difficulty/categories';
import { itemTypeKey } from '../supervision/schemas';

export const raiseDifficultyBodySchema = z.strictObject({
  enterpriseId: z.string().min(1).max(64),
  category: z.enum(difficultyCategoryKeys),
  title: z.string().trim().min(2, '标题至少 2 个字').max(200),
  description: z.string().trim().min(1, '请描述诉求内容').max(5000),
  leadUnitId: z.string().regex(/^[a-z0-9-]{1,40}$/),
  coUnitIds: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(10).default([]),
  itemType: itemTypeKey.default('difficulty'),
});

export const difficultyParamsSchema = z.strictObject({ difficultyId: z.string().regex(/^[A-Za-z0-9_-]{1,140}$/) });
