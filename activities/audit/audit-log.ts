import { createHash } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';

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

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function auditHash(prevHash: string, entry: Omit<AuditEntry, 'at'> & { at: Date }): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonical({ actorId: entry.actorId, action: entry.action, subject: entry.subject, detail: entry.detail, dedupKey: entry.dedupKey, at: entry.at.toISOString() }))
    .digest('hex');
}

/** Appends inside the caller's transaction, so the audit row commits with the change it records. */
export async function appendAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${auditChainLockKey})`;
  const existing = await tx.auditEvent.findUnique({ where: { dedupKey: entry.dedupKey }, select: { seq: true } });
  if (existing) return;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const prevHash = last?.hash ?? genesisHash;
  await tx.auditEvent.create({
    data: {
      at: entry.at,
      actorId: entry.actorId,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail as Prisma.InputJsonObject,
      dedupKey: entry.dedupKey,
      prevHash,
      hash: auditHash(prevHash, entry),
    },
  });
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
