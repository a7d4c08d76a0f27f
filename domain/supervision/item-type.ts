// Time limits per item type, in working days. Conventions from 12345 and 督办 practice; they are
// defaults that later become administrator-edited data (see docs/domain.md, "The supervised item").

export interface ItemTypePolicy {
  type: string;
  label: string;
  /** 签收时限: working days to sign for the item. */
  signDays: number;
  /** 办理时限: working days to complete it, counted from the day it was assigned. */
  handleDays: number;
}

export const defaultItemTypes: readonly ItemTypePolicy[] = [
  { type: 'difficulty', label: '企业诉求', signDays: 1, handleDays: 7 },
  { type: 'difficulty_urgent', label: '企业诉求（紧急）', signDays: 1, handleDays: 3 },
  { type: 'difficulty_complex', label: '企业诉求（复杂）', signDays: 1, handleDays: 15 },
];

export function itemTypePolicy(type: string): ItemTypePolicy | undefined {
  return defaultItemTypes.find((policy) => policy.type === type);
}
