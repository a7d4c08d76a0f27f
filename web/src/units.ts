import { useEffect, useState } from 'react';
import { api } from './api';

// The units' names (GET /units), asked for once per page load: screens name a unit, never show its id.

export type UnitKind = 'commission' | 'department' | 'park' | 'town' | 'external';

export interface UnitInfo {
  id: string;
  name: string;
  kind: UnitKind;
}

let loading: Promise<Map<string, UnitInfo>> | undefined;

export function loadUnits(): Promise<Map<string, UnitInfo>> {
  loading ??= api<{ units: UnitInfo[] }>('/units').then((answer) => new Map(answer.units.map((unit) => [unit.id, unit])));
  // A failed answer is not kept: the next screen asks again.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** The units by id; empty until loaded (callers fall back to the id meanwhile). */
export function useUnits(): Map<string, UnitInfo> {
  const [units, setUnits] = useState<Map<string, UnitInfo>>(() => new Map());
  useEffect(() => {
    let live = true;
    loadUnits()
      .then((loaded) => live && setUnits(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return units;
}

export const unitName = (units: Map<string, UnitInfo>, unitId: string) => units.get(unitId)?.name ?? unitId;
