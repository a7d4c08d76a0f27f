// 诉求类别 named by the plan (mechanism 2, measures 21-22). Data, shown in Chinese.
export const difficultyCategories = {
  land: '用地',
  labour: '用工',
  energy: '用能',
  financing: '融资',
  supporting: '配套',
  technology: '技术创新',
  market: '市场开拓',
  policy: '政策咨询',
  other: '其他',
} as const;

export type DifficultyCategory = keyof typeof difficultyCategories;
export const difficultyCategoryKeys = Object.keys(difficultyCategories) as [DifficultyCategory, ...DifficultyCategory[]];
