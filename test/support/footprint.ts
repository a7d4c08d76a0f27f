import type { Db } from '../../runtime/db';

// "Nothing was written": a digest of every table's rows, taken before and after requests that
// must not change anything. Left out: session (every signed-in request may touch last_seen_at),
// the migrations table, and security.* audit events (a denied or failed request is meant to
// leave one). A digest, not a count, so that an UPDATE shows as well as an INSERT.

let tables: Promise<string[]> | undefined;

function businessTables(db: Db): Promise<string[]> {
  tables ??= db
    .$queryRaw<{ name: string }[]>`
      SELECT table_name::text AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
         AND table_name NOT IN ('_prisma_migrations', 'session', 'audit_event')
       ORDER BY table_name`
    .then((rows) => rows.map((row) => row.name));
  return tables;
}

// A failed sign-in or TOTP code is meant to count towards the lockout: those counters may move.
const accountWithoutCounters = `(SELECT id, username, display_name, kind, staff_member_id, enterprise_id, admin_role, password_hash, password_changed_at,
  must_change_password, totp_secret, totp_enabled, active, created_at FROM account) t`;

const digestOf = (from: string) => `(SELECT count(*)::int || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ${from})`;

/** table → "rows:md5"; audit_event without security.* events is `audit_event`. */
export async function footprint(db: Db): Promise<Record<string, string>> {
  const names = await businessTables(db);
  // Table names come from the catalogue, not from input: safe to splice into one statement.
  const columns = [
    ...names.map((name) => `${digestOf(name === 'account' ? accountWithoutCounters : `"${name}" t`)} AS "${name}"`),
    `${digestOf(`(SELECT * FROM audit_event WHERE action NOT LIKE 'security.%') t`)} AS audit_event`,
  ];
  const [row] = await db.$queryRawUnsafe<Record<string, string>[]>(`SELECT ${columns.join(', ')}`);
  return row!;
}

/** The tables whose digest differs between two footprints. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}

/** Waits until background work (workflows finishing their activities) has stopped writing. */
export async function settledFootprint(db: Db, quietMs = 400, timeoutMs = 15_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = await footprint(db);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const next = await footprint(db);
    if (changedTables(last, next).length === 0) return next;
    if (Date.now() > deadline) throw new Error(`database still changing after ${timeoutMs} ms: ${changedTables(last, next).join(', ')}`);
    last = next;
  }
}
