import type { LocalDate } from '../domain/calendar';

// PostgreSQL `date` columns reach Prisma as Date objects at UTC midnight. These two functions are
// the one mapping between such a column and a China-local date ('YYYY-MM-DD').

export function toDateColumn(date: LocalDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function fromDateColumn(value: Date): LocalDate {
  return value.toISOString().slice(0, 10);
}
