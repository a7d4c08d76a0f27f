import { useEffect, useState } from 'react';
import { api } from './api';

// Item types' names (GET /item-types), asked for once per page load: screens name a type
// (交办事项, 企业诉求…), never show its code.

let loading: Promise<Map<string, string>> | undefined;

function loadItemTypes(): Promise<Map<string, string>> {
  loading ??= api<{ itemTypes: { type: string; label: string }[] }>('/item-types').then((answer) => new Map(answer.itemTypes.map((entry) => [entry.type, entry.label])));
  // A failed answer is not kept: the next screen asks again.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Type code → its name; empty until loaded (callers fall back to the code meanwhile). */
export function useItemTypes(): Map<string, string> {
  const [types, setTypes] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    let live = true;
    loadItemTypes()
      .then((loaded) => live && setTypes(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return types;
}
