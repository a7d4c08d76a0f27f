// Shapes of the analysis APIs these pages read (GET /goals/progress, /measure-targets/progress,
// /measure-tasks, /unit-figures, /bulletins/:period; see /api/v1/openapi.json).

import type { UnitKind } from '../../units';

export interface GoalYear {
  year: number;
  actual: number | null;
  cumulative: number | null;
  completion: number | null;
  timeElapsed: number;
}

export interface Goal {
  key: string;
  name: string;
  target: number;
  due: string;
  actual: number | null;
  completion: number | null;
  note: string;
  years: GoalYear[];
}

export interface GoalsProgress {
  plan: { id: string; title: string; periodFrom: string; periodTo: string };
  asOf: string;
  goals: Goal[];
}

export interface SubTargetProgress {
  measureId: string;
  measureNo: string;
  name: string;
  target: number;
  per: 'plan' | 'year';
  actual: number;
  share: number | null;
  byYear: { year: number; actual: number; target: number | null; cumulative: number }[];
}

export interface MeasureTaskSummary {
  id: string;
  measureId: string;
  no: string;
  title: string;
  leadUnitId: string;
  coUnitIds: string[];
}

export interface Achievement {
  id: string;
  subTarget: string;
  count: number;
  achievedOn: string;
  unitId: string;
  enterpriseId: string | null;
  evidence: string;
  reference: string | null;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface UnitFigures {
  unitId: string;
  unitName: string;
  unitKind: Exclude<UnitKind, 'commission' | 'external'>;
  assigned: number;
  signOnTime: Ratio;
  completion: Ratio;
  onTime: Ratio;
  overdue: Ratio;
  satisfaction: Ratio | null;
  extensions: number;
  /** 往期超期未办结: items assigned before the period, still open and overdue at asOf. */
  carriedOverdue: number;
  rank: number | null;
}

export interface UnitFiguresReport {
  period: { key: string; label: string; from: string; to: string };
  asOf: string;
  units: UnitFigures[];
  redList: UnitFigures[];
  blackList: UnitFigures[];
  notes: string[];
}

export interface Bulletin extends UnitFiguresReport {
  title: string;
  definitions: Record<string, string>;
  subTargets: SubTargetProgress[];
}
