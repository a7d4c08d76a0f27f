import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { type ItemTypePolicy, type ItemTypeRules, changedFields, itemTypeRules, samePolicy } from '../../domain/supervision/item-type';
import { appendAudit } from '../audit/audit-log';

// 事项类型 in PostgreSQL: each type's current policy (item_type) and every version it has had
// (item_type_revision). Plain functions, not Temporal activities: whoever creates an item reads
// the type's current policy here and puts it in the workflow's input, so workflows never look a
// policy up and a running item keeps the one it started with.

export interface StoredItemType {
  policy: ItemTypePolicy;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface StoredItemTypeRevision {
  policy: ItemTypePolicy;
  version: number;
  reason: string;
  changedBy: string;
  changedAt: Date;
}

type Queryable = Db | Prisma.TransactionClient;

type ItemTypeRow = Awaited<ReturnType<Db['itemType']['findUniqueOrThrow']>>;

function storedOf(row: ItemTypeRow): StoredItemType {
  const rules = row.policy as unknown as ItemTypeRules;
  return {
    policy: { type: row.type, label: row.label, process: row.process, ...rules },
    version: row.version,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** Every type, by process (in the order processes are declared) and key. */
export async function listItemTypes(db: Queryable, filter: { process?: ItemTypePolicy['process'] } = {}): Promise<StoredItemType[]> {
  const rows = await db.itemType.findMany({ where: filter.process ? { process: filter.process } : {}, orderBy: [{ process: 'asc' }, { type: 'asc' }] });
  return rows.map(storedOf);
}

/** A type's current policy and version; null when no such type exists. */
export async function findItemType(db: Queryable, type: string): Promise<StoredItemType | null> {
  // Raw: every new item reads its type's policy, and compiling the Prisma query cost more than running it.
  const [row] = await db.$queryRaw<ItemTypeRow[]>`
    SELECT type, label, process::text AS process, policy, version, updated_by AS "updatedBy", updated_at AS "updatedAt"
      FROM item_type WHERE type = ${type}`;
  return row ? storedOf(row) : null;
}

/** A type's versions, newest first. */
export async function listItemTypeRevisions(db: Queryable, type: string): Promise<StoredItemTypeRevision[]> {
  const rows = await db.itemTypeRevision.findMany({ where: { type }, orderBy: { version: 'desc' } });
  return rows.map((row) => ({
    policy: row.policy as unknown as ItemTypePolicy,
    version: row.version,
    reason: row.reason,
    changedBy: row.changedBy,
    changedAt: row.changedAt,
  }));
}

export interface ItemTypeEdit {
  /** Already validated (domain/supervision/item-type.ts, itemTypePolicyErrors). */
  policy: ItemTypePolicy;
  reason: string;
  /** The version the editor saw; 0 for "the type must not exist yet". Checked when given. */
  expectedVersion?: number;
  changedBy: string;
  changedAt: string;
}

export interface ItemTypeEditResult {
  itemType: StoredItemType;
  created: boolean;
  /** False when the policy was already exactly this (a repeated request): nothing was written. */
  changed: boolean;
}

// Serialises edits of one type (with hashtext of the key), so two editors cannot both take the same next version.
const itemTypeLockKey = 72_101_779;

/**
 * Creates or changes a type: the current row, a revision with the reason and a hash-chained audit
 * entry, in one transaction. The same content again is a no-op that returns the current version,
 * whatever version the caller expected, so a retried request neither fails nor adds a revision.
 */
export async function saveItemType(db: Db, edit: ItemTypeEdit): Promise<ItemTypeEditResult> {
  const { policy } = edit;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${itemTypeLockKey}, hashtext(${policy.type}))`;
    const current = await findItemType(tx, policy.type);
    if (current && samePolicy(current.policy, policy)) return { itemType: current, created: false, changed: false };
    if (edit.expectedVersion !== undefined && edit.expectedVersion !== (current?.version ?? 0)) {
      throw new AppError('VERSION_CONFLICT', {
        userMessage: current ? `事项类型已被修改（当前为第 ${current.version} 版），请刷新后重试` : '事项类型不存在，请刷新后重试',
      });
    }
    if (current && current.policy.process !== policy.process) {
      throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'process', message: '事项类型的所属流程创建后不能更改' }] });
    }

    const version = (current?.version ?? 0) + 1;
    const at = new Date(edit.changedAt);
    const row = {
      label: policy.label,
      process: policy.process,
      policy: itemTypeRules(policy) as unknown as Prisma.InputJsonObject,
      version,
      updatedBy: edit.changedBy,
      updatedAt: at,
    };
    const saved = current
      ? await tx.itemType.update({ where: { type: policy.type }, data: row })
      : await tx.itemType.create({ data: { type: policy.type, ...row } });
    await tx.itemTypeRevision.create({
      data: {
        type: policy.type,
        version,
        policy: policy as unknown as Prisma.InputJsonObject,
        reason: edit.reason,
        changedBy: edit.changedBy,
        changedAt: at,
      },
    });
    await appendAudit(tx, {
      actorId: edit.changedBy,
      action: current ? 'item_type.update' : 'item_type.create',
      subject: `item_type:${policy.type}`,
      detail: {
        version,
        previousVersion: current?.version ?? null,
        reason: edit.reason,
        changed: current ? changedFields(current.policy, policy) : [],
      },
      dedupKey: `item_type:${policy.type}:${version}`,
      at,
    });
    return { itemType: storedOf(saved), created: !current, changed: true };
  });
}
