import { admin } from './admin';
import { core } from './core';

// One catalogue per language. A new area adds its import and one line to each list.
export const en = {
  ...core.en,
  ...admin.en,
};

export const zh: Record<keyof typeof en, string> = {
  ...core.zh,
  ...admin.zh,
};
