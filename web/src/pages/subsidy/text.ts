import { useLocale, type MessageKey } from '../../i18n';
import { en } from '../../messages';

// Shared by the process pages (subsidy, recognition, listing, measure): a text for an API key
// (a state, a step, an event) when the catalogue has one, else the API's own label.

export function useKeyedText() {
  const { t } = useLocale();
  return (prefix: string, key: string | null | undefined, fallback?: string | null): string => {
    if (!key) return fallback ?? '—';
    const full = `${prefix}.${key}`;
    return full in en ? t(full as MessageKey) : (fallback ?? key);
  };
}

export { errorText } from '../../api';
