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
