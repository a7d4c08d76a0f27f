import { useLocale, type MessageKey } from './i18n';
import { en } from './messages';

// Labels the API sends in Chinese (states, steps, boards …) sit beside their keys. In Chinese the
// API's label is shown as it is; in English the catalogue's text for `prefix.key`, when it has one.

export function useApiText() {
  const { t, locale } = useLocale();
  return (prefix: string, key: string | null | undefined, label?: string | null): string => {
    const full = `${prefix}.${key}`;
    if (locale === 'en' && key && full in en) return t(full as MessageKey);
    return label ?? key ?? '—';
  };
}
