import { appendAudit, verifyAuditChain } from '../../../activities/audit/audit-log';
import { createItemActivities } from '../../../activities/supervision/item-activities';
import type { ItemEventRecord, ItemSnapshot } from '../../../domain/supervision/item';
import { handlingClock, defaultItemTypePolicy } from '../../../domain/supervision/item-type';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// The audit chain under concurrent writers: item records (one self-committing statement each)
// and interactive transactions appending through audit_append, all at once, must leave one
// unbroken chain with every entry once, and a retried record adds nothing.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 20 });
});

afterAll(async () => {
  await database?.drop();
});

function snapshotOf(itemId: string, version: number): ItemSnapshot {
  const at = new Date(Date.UTC(2026, 10, 2, 2)).toISOString();
  return {
    itemId,
    workflowId: `item-${itemId}`,
    type: 'assignment',
    title: '审计链测试事项',
    source: { kind: 'test', id: itemId },
    leadUnitId: 'kjj',
    coUnits: [],
    state: 'pending_sign',
    clock: handlingClock(defaultItemTypePolicy('assignment'), at),
    signDueOn: '2026-11-03',
    dueOn: '2026-11-10',
    dueAt: '2026-11-10T15:59:59.999Z',
    provisional: false,
    colour: 'green',
    firedSteps: [],
    version,
    createdAt: at,
    updatedAt: at,
  };
}

const event = (seq: number): ItemEventRecord => ({ seq, action: seq === 1 ? 'create' : 'urge', fromState: seq === 1 ? null : 'pending_sign', toState: 'pending_sign', actorId: 'tester', unitId: null, reason: `第 ${seq} 次`, at: new Date(Date.UTC(2026, 10, 2, 2, 0, seq)).toISOString() });

test('concurrent item records and transactions keep one unbroken chain, each entry once', async () => {
  const { recordItemEvents } = createItemActivities(database.db);
  const itemIds = Array.from({ length: 12 }, (_, index) => `00000000-0000-4000-8000-0000000a${String(index).padStart(4, '0')}`);
  await Promise.all([
    ...itemIds.map(async (itemId) => {
      await recordItemEvents(snapshotOf(itemId, 1), [event(1)]);
      await recordItemEvents(snapshotOf(itemId, 3), [event(2), event(3)]);
    }),
    ...Array.from({ length: 12 }, (_, index) =>
      // Twelve transactions queue on the chain lock and the pool: on a busy machine the wait for a
      // connection passes Prisma's default 2 s, which is not what this test is about.
      database.db.$transaction((tx) => appendAudit(tx, { actorId: 'tester', action: 'test.append', subject: `test:${index}`, detail: { index }, dedupKey: `test:${index}`, at: new Date() }), { maxWait: 30_000, timeout: 30_000 }),
    ),
  ]);
  // A retried record (same seq) adds no row.
  await recordItemEvents(snapshotOf(itemIds[0]!, 3), [event(2), event(3)]);

  expect(await database.db.auditEvent.count({ where: { action: { in: ['item.create', 'item.urge'] } } })).toBe(itemIds.length * 3);
  expect(await database.db.auditEvent.count({ where: { action: 'test.append' } })).toBe(12);
  expect(await database.db.itemEvent.count({ where: { itemId: { in: itemIds } } })).toBe(itemIds.length * 3);
  const verification = await verifyAuditChain(database.db);
  expect(verification.brokenAt).toBeUndefined();
  expect(verification.rows).toBe(await database.db.auditEvent.count());
});
