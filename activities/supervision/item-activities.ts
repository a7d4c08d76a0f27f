import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import type { ItemEventRecord, ItemSnapshot } from '../../domain/supervision/item';
import { itemActionLabels } from '../../domain/supervision/item-state';
import { appendAudit } from '../audit/audit-log';
import { toDateColumn } from '../../prisma/date-column';

const day = (value: string | null) => (value ? toDateColumn(value) : null);
const instant = (value: string | null | undefined) => (value ? new Date(value) : null);

export function createItemActivities(db: Db) {
  return {
    /**
     * Mirrors one workflow event into the read models: the item row, the per-unit assignments
     * (inboxes), the history and the audit trail, in one transaction. Idempotent and ordered:
     * rows only move forward in version, and the event and audit entry are keyed by sequence.
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
        budgetDays: snapshot.clock.budget,
        clock: snapshot.clock as unknown as Prisma.InputJsonObject,
        signDueOn: day(snapshot.signDueOn)!,
        dueOn: day(snapshot.dueOn),
        dueAt: instant(snapshot.dueAt),
        provisional: snapshot.provisional,
        colour: snapshot.colour,
        extensionPending: snapshot.extensionRequest !== undefined,
        escalation: snapshot.firedSteps[snapshot.firedSteps.length - 1] ?? null,
        signedAt: instant(snapshot.signedAt),
        reportedAt: instant(snapshot.reportedAt),
        completedAt: instant(snapshot.completedAt),
        closedAt: instant(snapshot.closedAt),
        result: snapshot.result ?? null,
        version: snapshot.version,
        createdAt: new Date(snapshot.createdAt),
        updatedAt: new Date(snapshot.updatedAt),
      };
      const assignments = [
        { unitId: snapshot.leadUnitId, role: 'lead' as const, dueOn: day(snapshot.dueOn), reportedAt: instant(snapshot.reportedAt), report: snapshot.result ?? null },
        ...snapshot.coUnits.map((part) => ({ unitId: part.unitId, role: 'co' as const, dueOn: day(part.dueOn), reportedAt: instant(part.reportedAt), report: part.report ?? null })),
      ];
      await db.$transaction(async (tx) => {
        const inserted = await tx.supervisedItem.createMany({ data: [{ id: snapshot.itemId, ...row }], skipDuplicates: true });
        const moved = await tx.supervisedItem.updateMany({ where: { id: snapshot.itemId, version: { lt: snapshot.version } }, data: row });
        if (inserted.count > 0 || moved.count > 0) {
          // This write is the newest: the assignments follow it (a transfer drops the old lead).
          await tx.itemAssignment.deleteMany({ where: { itemId: snapshot.itemId, unitId: { notIn: assignments.map((entry) => entry.unitId) } } });
          for (const entry of assignments) {
            const data = { role: entry.role, state: snapshot.state, dueOn: entry.dueOn, colour: snapshot.colour, reportedAt: entry.reportedAt, report: entry.report, version: snapshot.version };
            await tx.itemAssignment.upsert({
              where: { itemId_unitId: { itemId: snapshot.itemId, unitId: entry.unitId } },
              create: { itemId: snapshot.itemId, unitId: entry.unitId, ...data },
              update: data,
            });
          }
        }
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
              detail: (event.detail ?? {}) as Prisma.InputJsonObject,
              at: new Date(event.at),
            },
          ],
          skipDuplicates: true,
        });
        await appendAudit(tx, {
          actorId: event.actorId,
          action: `item.${event.action}`,
          subject: `item:${snapshot.itemId}`,
          detail: {
            label: itemActionLabels[event.action],
            from: event.fromState,
            to: event.toState,
            unitId: event.unitId,
            reason: event.reason,
            dueOn: snapshot.dueOn,
            ...(event.detail ?? {}),
          },
          dedupKey: `item:${snapshot.itemId}:${event.seq}`,
          at: new Date(event.at),
        });
      });
    },
  };
}
