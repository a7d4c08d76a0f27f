import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../../api';

/** A staff member who may serve as an enterprise's or a listing case's 服务专员. */
export interface EligibleOfficer {
  id: string;
  name: string;
  unitName: string;
}

/**
 * Who may serve (GET /listing-officers: active liaisons, unit leaders and commission officers),
 * asked for once `wanted` holds; undefined until it has arrived. The API re-checks the choice.
 */
export function useEligibleOfficers(wanted: boolean, onError: (message: string) => void): EligibleOfficer[] | undefined {
  const [officers, setOfficers] = useState<EligibleOfficer[]>();
  // The latest handler, without asking again whenever the caller passes a new function.
  const reportError = useRef(onError);
  reportError.current = onError;
  useEffect(() => {
    if (!wanted || officers) return;
    api<{ officers: EligibleOfficer[] }>('/listing-officers')
      .then((result) => setOfficers(result.officers))
      .catch((e: unknown) => reportError.current(errorText(e)));
  }, [wanted, officers]);
  return officers;
}
