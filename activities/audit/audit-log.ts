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
// The chain lock; audit_append() (migration audit_append_function) takes the same key.
const auditChainLockKey = 72_101_777;

/** The text a row's hash covers (after the previous row's hash). */
function hashedContent(entry: AuditEntry): string {
  return canonicalJson({ actorId: entry.actorId, action: entry.action, subject: entry.subject, detail: entry.detail, dedupKey: entry.dedupKey, at: entry.at.toISOString() });
}

export function auditHash(prevHash: string, entry: AuditEntry): string {
  return createHash('sha256').update(prevHash).update(hashedContent(entry)).digest('hex');
}

/**
 * The entries as the `audit_append` function takes them (see its migration): it takes the chain
 * lock and inserts each row linked to the newest one, its hash computed by PostgreSQL from the
 * same canonical text as auditHash. A retried entry (same dedupKey) is skipped.
 */
export function auditAppendArgument(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    entries.map((entry) => ({
      at: entry.at.toISOString(),
      actorId: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail,
      dedupKey: entry.dedupKey,
      content: hashedContent(entry),
    })),
  );
}

/**
 * Appends many entries in one statement (a bulk job's thousands of entries would otherwise be
 * thousands of round trips): under the chain lock, skips keys already recorded, links the rest
 * to the chain's head with hashes computed here (the same as auditHash) and inserts them in
 * order. Call it last in an interactive transaction, for the same reason as appendAudit.
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

/**
 * Appends inside the caller's transaction, so the audit row commits with the change it records.
 * Call it last in the transaction: the chain lock is held from here to the commit.
 */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.$queryRaw`SELECT audit_append(${auditAppendArgument([entry])}::jsonb)`;
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
