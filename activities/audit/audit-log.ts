import { createHash } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { canonicalJson } from '../../domain/canonical-json';

// Append-only audit trail, hash-chained: each row's hash covers its content and the previous
// row's hash, so editing or deleting any row breaks the chain from that row on.

export interface AuditEntry {
  actorId: string;
  action: string;
  subject: string;
  detail: Record<string, unknown>;
  /** Same key, same event: a retried writer records it once. */
  dedupKey: string;
  at: Date;
}

type Tx = Prisma.TransactionClient;

const genesisHash = '0'.repeat(64);
// Serialises appends so that each row links to the row truly before it.
const auditChainLockKey = 72_101_777;

/** The text a row's hash covers (after the previous row's hash). */
function hashedContent(entry: AuditEntry): string {
  return canonicalJson({ actorId: entry.actorId, action: entry.action, subject: entry.subject, detail: entry.detail, dedupKey: entry.dedupKey, at: entry.at.toISOString() });
}

export function auditHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(hashedContent(entry)).digest('hex');
}

/**
 * The statements that append entries: take the chain lock, then insert each row linked to the
 * newest one, its hash computed by PostgreSQL from the same canonical text as auditHash. They run
 * in the caller's transaction (interactive or batched) and must come last in it, so the lock is
 * held only for the inserts and the commit. The inserts are statements of their own, after the
 * lock, because each must read the chain's head with a snapshot taken after the previous one.
 */
export function auditAppendQueries(client: Tx | Db, entries: readonly AuditEntry[]) {
  return [
    client.$executeRaw`SELECT pg_advisory_xact_lock(${auditChainLockKey})`,
    ...entries.map((entry) => {
      const content = hashedContent(entry);
      return client.$executeRaw`
        INSERT INTO audit_event (at, actor_id, action, subject, detail, dedup_key, prev_hash, hash)
        SELECT ${entry.at}::timestamptz, ${entry.actorId}, ${entry.action}, ${entry.subject}, ${JSON.stringify(entry.detail)}::jsonb, ${entry.dedupKey},
               head.hash, encode(sha256(convert_to(head.hash || ${content}, 'UTF8')), 'hex')
          FROM (SELECT coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), ${genesisHash}) AS hash) AS head
        ON CONFLICT (dedup_key) DO NOTHING`;
    }),
  ];
}

/**
 * Appends many entries in one statement (a bulk job's thousands of entries would otherwise be
 * thousands of round trips): under the chain lock, skips keys already recorded, links the rest
 * to the chain's head with hashes computed here (the same as auditHash) and inserts them in
 * order. Call it last in an interactive transaction, for the same reason as auditAppendQueries.
 */
export async function appendAuditBatch(tx: Tx, entries: readonly AuditEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${auditChainLockKey})`;
  const keys = entries.map((entry) => entry.dedupKey);
  const recorded = await tx.$queryRaw<{ dedup_key: string }[]>`SELECT dedup_key FROM audit_event WHERE dedup_key = ANY(${keys}::text[])`;
  const seen = new Set(recorded.map((row) => row.dedup_key));
  const [head] = await tx.$queryRaw<{ hash: string }[]>`SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1`;
  let prevHash = head?.hash ?? genesisHash;
  const rows = [];
  for (const entry of entries) {
    if (seen.has(entry.dedupKey)) continue;
    seen.add(entry.dedupKey);
    const hash = auditHash(prevHash, entry);
    rows.push({ n: rows.length, at: entry.at.toISOString(), actor_id: entry.actorId, action: entry.action, subject: entry.subject, detail: entry.detail, dedup_key: entry.dedupKey, prev_hash: prevHash, hash });
    prevHash = hash;
  }
  if (rows.length === 0) return 0;
  // seq is assigned in the order the rows are inserted, which ORDER BY fixes: the chain's order.
  await tx.$executeRaw`
    INSERT INTO audit_event (at, actor_id, action, subject, detail, dedup_key, prev_hash, hash)
    SELECT r.at, r.actor_id, r.action, r.subject, r.detail, r.dedup_key, r.prev_hash, r.hash
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(n int, at timestamptz, actor_id text, action text, subject text, detail jsonb, dedup_key text, prev_hash text, hash text)
     ORDER BY r.n`;
  return rows.length;
}

/** Appends inside the caller's transaction, so the audit row commits with the change it records. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  for (const query of auditAppendQueries(tx, [entry])) await query;
}

export interface AuditVerification {
  rows: number;
  /** The first row whose hash or link does not match, if any. */
  brokenAt?: { seq: string; reason: 'edited' | 'deleted_before' };
}

/** Walks the chain in order; reports the first edited row or the first gap left by a deletion. */
export async function verifyAuditChain(db: Db, batchSize = 5000): Promise<AuditVerification> {
  let prevHash = genesisHash;
  let cursor: bigint | undefined;
  let rows = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: cursor === undefined ? {} : { seq: { gt: cursor } },
      orderBy: { seq: 'asc' },
      take: batchSize,
    });
    if (batch.length === 0) return { rows };
    for (const row of batch) {
      rows += 1;
      if (row.prevHash !== prevHash) return { rows, brokenAt: { seq: row.seq.toString(), reason: 'deleted_before' } };
      const expected = auditHash(row.prevHash, { ...row, detail: row.detail as Record<string, unknown> });
      if (row.hash !== expected) return { rows, brokenAt: { seq: row.seq.toString(), reason: 'edited' } };
      prevHash = row.hash;
    }
    cursor = batch[batch.length - 1]!.seq;
  }
}
