import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, prefetch, setCsrfToken, unauthenticatedEvent } from './api';
import { WorkingDays, todayInShanghai } from './dates';
import type { CalendarYear, Principal, Session } from './types';

interface SessionState {
  /** undefined while loading; null when signed out. */
  session: Session | null | undefined;
  setSession(session: Session | null): void;
  refresh(): Promise<Session | null>;
  signOut(): Promise<void>;
  /** The working-day calendar (this year and next) for "working days left"; weekends only until loaded. */
  workingDays: WorkingDays;
}

const SessionContext = createContext<SessionState | null>(null);

/** Asked for as the script starts, before React renders: the page's data waits on it. */
let firstSession: Promise<Session> | undefined = api<Session>('/auth/session');
// Opening the inbox itself: its first page is asked for as soon as the session names the unit,
// while the page's code still loads and renders.
firstSession
  .then((session) => {
    const unit = inboxUnitsOf(session.principal)[0];
    if (session.stage === 'active' && unit && window.location.pathname === '/inbox' && !window.location.search) prefetch(`/units/${unit}/items?limit=30`);
  })
  .catch(() => undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSessionState] = useState<Session | null | undefined>(undefined);
  const [workingDays, setWorkingDays] = useState(() => new WorkingDays(new Map()));

  const setSession = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrfToken ?? '');
    setSessionState(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const pending = firstSession ?? api<Session>('/auth/session');
      firstSession = undefined;
      const next = await pending;
      setSession(next);
      return next;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setSession(null);
        return null;
      }
      throw error;
    }
  }, [setSession]);

  const signOut = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setSession(null);
  }, [setSession]);

  useEffect(() => {
    void refresh().catch(() => setSession(null));
    const onSignedOut = () => setSession(null);
    window.addEventListener(unauthenticatedEvent, onSignedOut);
    return () => window.removeEventListener(unauthenticatedEvent, onSignedOut);
  }, [refresh, setSession]);

  // Staff and the system administrator may read the calendar; others count weekends only.
  const canReadCalendar = session?.stage === 'active' && (session.principal.kind === 'staff' || session.principal.adminRole === 'system');
  useEffect(() => {
    if (!canReadCalendar) return;
    const year = Number(todayInShanghai().slice(0, 4));
    Promise.all([year - 1, year, year + 1].map((y) => api<CalendarYear>(`/calendar/years/${y}`)))
      .then((years) => setWorkingDays(new WorkingDays(new Map(years.flatMap((y) => y.days.map((day) => [day.date, day.kind] as const))))))
      .catch(() => undefined);
  }, [canReadCalendar]);

  const value = useMemo(() => ({ session, setSession, refresh, signOut, workingDays }), [session, setSession, refresh, signOut, workingDays]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The roles a page is shown to; the API enforces the same rules again. */
export type Audience = 'unitStaff' | 'commission' | 'leader' | 'staff' | 'enterprise' | 'systemAdmin' | 'securityAdmin' | 'auditAdmin';

const hasRole = (principal: Principal, roles: string[]) => principal.memberships?.some((m) => m.roles.some((role) => roles.includes(role))) ?? false;

export function audiencesOf(principal: Principal): Set<Audience> {
  const result = new Set<Audience>();
  if (principal.kind === 'staff') {
    result.add('staff');
    if (hasRole(principal, ['liaison', 'unit_leader'])) result.add('unitStaff');
    if (hasRole(principal, ['commission_officer', 'commission_head'])) result.add('commission');
    if (hasRole(principal, ['district_leader'])) result.add('leader');
  } else if (principal.kind === 'enterprise') result.add('enterprise');
  else if (principal.adminRole === 'system') result.add('systemAdmin');
  else if (principal.adminRole === 'security') result.add('securityAdmin');
  else if (principal.adminRole === 'audit') result.add('auditAdmin');
  return result;
}

/** Units whose inbox the person works: liaison or unit leader memberships first. */
export function inboxUnitsOf(principal: Principal): string[] {
  return (principal.memberships ?? []).filter((m) => m.roles.some((role) => role === 'liaison' || role === 'unit_leader')).map((m) => m.unitId);
}
