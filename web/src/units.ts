import { api } from './api';
import { referenceData } from './reference-data';

// The units' names (GET /units), asked for once per page load: screens name a unit, never show its id.

export type UnitKind = 'commission' | 'department' | 'park' | 'town' | 'external';

export interface UnitInfo {
  id: string;
  name: string;
  kind: UnitKind;
}

const units = referenceData(() => api<{ units: UnitInfo[] }>('/units').then((answer) => new Map(answer.units.map((unit) => [unit.id, unit]))));

export const loadUnits = units.load;

/** The units by id; empty until loaded (callers fall back to the id meanwhile). */
export const useUnits = units.useValue;

export const unitName = (units: Map<string, UnitInfo>, unitId: string) => units.get(unitId)?.name ?? unitId;
