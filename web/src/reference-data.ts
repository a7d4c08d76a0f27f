import { useEffect, useState } from 'react';

/**
 * Reference data a page names things with (units, item types): asked for once per page load and
 * shared by every screen. `load` answers the one pending or settled request (a failed one is
 * forgotten, so the next screen asks again); `useValue` is empty until it has arrived, so callers fall
 * back to the code meanwhile.
 */
export function referenceData<K, V>(fetch: () => Promise<Map<K, V>>): { load(): Promise<Map<K, V>>; useValue(): Map<K, V> } {
  let loading: Promise<Map<K, V>> | undefined;
  const load = () => {
    loading ??= fetch();
    loading.catch(() => (loading = undefined));
    return loading;
  };
  const useValue = () => {
    const [value, setValue] = useState<Map<K, V>>(() => new Map());
    useEffect(() => {
      let live = true;
      load()
        .then((loaded) => live && setValue(loaded))
        .catch(() => undefined);
      return () => {
        live = false;
      };
    }, []);
    return value;
  };
  return { load, useValue };
}
