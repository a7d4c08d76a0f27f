import type { Db } from '../../runtime/db';
import type { ItemEventRecord, ItemSnapshot } from '../../domain/supervision/item';
import { appendAudit } from '../audit/audit-log';

const day = (value: string) => new Date(`${value}T00:00:00Z`);

export function createItemActivities(db: Db) {
  return {
    /**
     * Mirrors one workflow event into the read models: the item row, its history and the audit
     * trail, in one transaction. Idempotent: a retry finds the event recorded and the row already
     * at (or past) this version, and changes nothing.
     */
    async recordItemEvent(snapshot: ItemSnapshot, event: ItemEventRecord): Promise<void> {
      const row = {
        workflowId: snapshot.workflowId,
        type: snapshot.type,
        title: snapshot.title,
        sourceKind: snapshot.source.kind,
        sourceId: snapshot.source.id,
        leadUnitId: snapshot.leadUnitId,
        state: snapshot.state,
        budgetDays: snapshot.budgetDays,
        signDueOn: day(snapshot.signDueOn),
        dueOn: day(snapshot.dueOn),
        provisional: snapshot.provisional,
        colour: snapshot.colour,
        signedAt: snapshot.signedAt ? new Date(snapshot.signedAt) : null,
        completedAt: snapshot.completedAt ? new Date(snapshot.completedAt) : null,
        result: snapshot.result ?? null,
        version: snapshot.version,
        createdAt: new Date(snapshot.createdAt),
        updatedAt: new Date(snapshot.updatedAt),
      };
      await db.$transaction(async (tx) => {
        await tx.supervisedItem.createMany({ data: [{ id: snapshot.itemId, ...row }], skipDuplicates: true });
        await tx.supervisedItem.updateMany({ where: { id: snapshot.itemId, version: { lt: snapshot.version } }, data: row });
        await tx.itemEvent.createMany({
          data: [
            {
              itemId: snapshot.itemId,
              seq: event.seq,
              action: event.action,
              fromState: event.fromState,
              toState: event.toState,
              actorId: event.actorId,
              unitId: event.unitId,
              reason: event.reason ?? null,
              at: new Date(event.at),
            },
          ],
          skipDuplicates: true,
        });
        await appendAudit(tx, {
          actorId: event.actorId,
          action: `item.${event.action}`,
          subject: `item:${snapshot.itemId}`,
          detail: { from: event.fromState, to: event.toState, unitId: event.unitId, reason: event.reason, dueOn: snapshot.dueOn },
          dedupKey: `item:${snapshot.itemId}:${event.seq}`,
          at: new Date(event.at),
        });
      });
    },
  };
}
