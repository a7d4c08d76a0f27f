import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, zh } from './messages';
import { interpolate } from './interpolate';

// Chinese by default; English for visitors. Each area of the app keeps its texts in
// web/src/messages/<area>.ts (English and Chinese side by side). Chinese texts that come from the
// API (state labels, messages) are shown as they are, except the state names below.

export type MessageKey = keyof typeof en;

export type Locale = 'zh' | 'en';

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
}

const LocaleContext = createContext<LocaleState | null>(null);

const storageKey = 'srdi.locale';

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh'));
  // The page's language follows the stored choice from the first render (index.html says zh-CN).
  useEffect(() => {
    document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
  }, [locale]);
  const value = useMemo<LocaleState>(
    () => ({
      locale,
      setLocale(next) {
        localStorage.setItem(storageKey, next);
        document.documentElement.lang = next === 'en' ? 'en' : 'zh-CN';
        setLocaleState(next);
      },
      t(key, values) {
        const template: string = (locale === 'en' ? en : zh)[key];
        return values ? interpolate(template, values) : template;
      },
    }),
    [locale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

const stateNamesEn: Record<string, string> = {
  pending_sign: 'Awaiting sign-off',
  in_progress: 'In progress',
  pending_review: 'Under review',
  completed: 'Completed',
  closed: 'Closed',
  returned: 'Returned',
  halted: 'Halted',
};

/** The state's name: the API's Chinese label, or its English name. */
export const stateName = (locale: Locale, state: string, label?: string) => (locale === 'en' ? (stateNamesEn[state] ?? state) : (label ?? zhStates[state] ?? state));

export const zhStates: Record<string, string> = {
  pending_sign: '待签收',
  in_progress: '办理中',
  pending_review: '待审核',
  completed: '已办结',
  closed: '已销号',
  returned: '已退回',
  halted: '已中止',
};
