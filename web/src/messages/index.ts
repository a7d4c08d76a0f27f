import { core } from './core';
import { portal } from './portal';

// One catalogue per language. A new area adds its import and one line to each list.
export const en = {
  ...core.en,
  ...portal.en,
};

export const zh: Record<keyof typeof en, string> = {
  ...core.zh,
  ...portal.zh,
};
