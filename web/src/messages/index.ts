import { admin } from './admin';
import { core } from './core';
import { notifications } from './notifications';
import { processes } from './processes';
import { analytics } from './analytics';
import { portal } from './portal';
import { roles } from './roles';
import { board } from './board';
import { item } from './item';
import { labels } from './labels';
import { enterprises } from './enterprises';
import { meetings } from './meetings';

// One catalogue per language. A new area adds its import and one line to each list.
export const en = {
  ...core.en,
  ...notifications.en,
  ...processes.en,
  ...analytics.en,
  ...portal.en,
  ...admin.en,
  ...roles.en,
  ...board.en,
  ...item.en,
  ...labels.en,
  ...enterprises.en,
  ...meetings.en,
};

export const zh: Record<keyof typeof en, string> = {
  ...core.zh,
  ...notifications.zh,
  ...processes.zh,
  ...analytics.zh,
  ...portal.zh,
  ...admin.zh,
  ...roles.zh,
  ...board.zh,
  ...item.zh,
  ...labels.zh,
  ...enterprises.zh,
  ...meetings.zh,
};
