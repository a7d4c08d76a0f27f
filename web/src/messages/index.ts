import { core } from './core';
import { analytics } from './analytics';

// One catalogue per language. A new area adds its import and one line to each list.
export const en = {
  ...core.en,
  ...analytics.en,
};

export const zh: Record<keyof typeof en, string> = {
  ...core.zh,
  ...analytics.zh,
};
