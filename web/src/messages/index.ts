import { core } from './core';
import { processes } from './processes';

// One catalogue per language. A new area adds its import and one line to each list.
export const en = {
  ...core.en,
  ...processes.en,
};

export const zh: Record<keyof typeof en, string> = {
  ...core.zh,
  ...processes.zh,
};
