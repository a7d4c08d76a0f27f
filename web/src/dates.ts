// Every date is shown as it is in Asia/Shanghai, whatever the browser's time zone. Deadlines
// (dueOn) are already Shanghai calendar dates; instants are formatted in that zone.

const zone = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of an instant in Shanghai. */
export const shanghaiDate = (instant: Date | string): string => dateParts.format(typeof instant === 'string' ? new Date(instant) : instant);

export const todayInShanghai = () => shanghaiDate(new Date());

/** YYYY-MM-DD HH:mm in Shanghai. */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  return dateTimeFormat.format(new Date(instant)).replace(/\//g, '-');
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

const addDays = (date: string, days: number) => {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
};

/** Which days are off: weekends unless a make-up working day; holidays and closures. */
export class WorkingDays {
  constructor(private readonly special: ReadonlyMap<string, string>) {}

  isWorkingDay(date: string): boolean {
    const kind = this.special.get(date);
    if (kind === 'makeup_workday') return true;
    if (kind !== undefined) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  /** The n-th working day after `date` (not counted), as a deadline counts them. */
  add(date: string, n: number): string {
    let day = date;
    for (let counted = 0, guard = 0; counted < n && guard < 3660; guard += 1) {
      day = addDays(day, 1);
      if (this.isWorkingDay(day)) counted += 1;
    }
    return day;
  }

  /**
   * Working days from today (not counted) to the deadline (counted): 0 when due today, negative
   * when the deadline has passed (the working days since, today counted).
   */
  left(today: string, dueOn: string): number {
    if (dueOn === today) return 0;
    const forward = dueOn > today;
    let count = 0;
    let date = forward ? today : dueOn;
    const end = forward ? dueOn : today;
    // Bounded walk: deadlines are weeks away, not years.
    for (let guard = 0; date < end && guard < 3660; guard += 1) {
      date = addDays(date, 1);
      if (this.isWorkingDay(date)) count += 1;
    }
    return forward ? count : -count;
  }
}
