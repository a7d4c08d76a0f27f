import type { Db } from '../../runtime/db';
import type { ItemEventRecord, ItemRecalculationRecord, ItemSnapshot } from '../../domain/supervision/item';
import { recalculationAuditKey, systemActorId } from '../../domain/supervision/item';
import type { DeadlinePolicy } from '../../domain/supervision/deadlines';
import { isOpenState, itemActionLabels, undatedSortKey } from '../../domain/supervision/item-state';
import { auditAppendArgument, type AuditEntry } from '../audit/audit-log';

const instant = (value: string | null | undefined) => (value ? new Date(value) : null);

const eventRow = (event: ItemEventRecord) => ({
  seq: event.seq,
  action: event.action,
  from_state: event.fromState,
  to_state: event.toState,
  actor_id: event.actorId,
  unit_id: event.unitId,
  reason: event.reason ?? null,
  detail: event.detail ?? {},
  at: event.at,
});

/** The audit entry of a recalculation, the same from the bulk recompute and from the workflow. */
export function recalculationAuditEntry(itemId: string, recalculation: ItemRecalculationRecord): AuditEntry {
  return {
    actorId: systemActorId,
    action: 'item.recalculate',
    subject: `item:${itemId}`,
    detail: { label: itemActionLabels.recalculate, reason: recalculation.reason, revision: recalculation.revision, ...recalculation.detail },
    dedupKey: recalculationAuditKey(itemId, recalculation.revision),
    at: new Date(recalculation.at),
  };
}

export function createItemActivities(db: Db) {
  return {
    /**
     * Mirrors workflow events into the read models: the item row (as of the last event), the
     * per-unit assignments (inboxes), the history and the audit trail, in one statement that
     * commits on its own (it runs on every action and every deadline: one round trip, and the
     * audit chain's lock is never held while the worker is busy elsewhere). Several
     * events come together when timers fall due at once. Idempotent and ordered: the item
     * row and its assignments only move forward in version; the event and the audit entry are
     * keyed by sequence, so a retried call adds nothing.
     *
     * `also.deadlinePolicy` comes with the item's first record (the read model keeps it so a
     * calendar publication can recompute deadlines in bulk); `also.recalculation` with a
     * recalculation after a calendar publication, which is keyed by the publication and written
     * once whether the bulk recompute or the workflow gets there first.
     */
    async recordItemEvents(
      snapshot: ItemSnapshot,
      events: ItemEventRecord[],
      also: { deadlinePolicy?: DeadlinePolicy; recalculation?: ItemRecalculationRecord } = {},
    ): Promise<void> {
      const assignments = [
        { unit_id: snapshot.leadUnitId, role: 'lead', due_on: snapshot.dueOn, reported_at: snapshot.reportedAt ?? null, report: snapshot.result ?? null },
        ...snapshot.coUnits.map((part) => ({ unit_id: part.unitId, role: 'co', due_on: part.dueOn, reported_at: part.reportedAt ?? null, report: part.report ?? null })),
      ];
      const escalation = snapshot.firedSteps[snapshot.firedSteps.length - 1] ?? null;
      const audit: AuditEntry[] = events.map((event) => ({
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
      }));
      const recalculation = also.recalculation;
      if (recalculation) audit.push(recalculationAuditEntry(snapshot.itemId, recalculation));
      // The item row moves only forward (version guard); when it does, its assignments follow
      // it (a transfer drops the old lead's row). The event is keyed by seq. The audit entries
      // are appended last, once the rows are written (the final SELECT reads every write's
      // count first), so this takes row locks before the chain lock, as every writer does.
      await db.$queryRaw`
        WITH item AS (
          INSERT INTO supervised_item (id, workflow_id, type, title, source_kind, source_id, lead_unit_id, state, budget_days, clock,
                                       sign_due_on, due_on, due_at, provisional, colour, extension_pending, escalation,
                                       signed_at, reported_at, completed_at, closed_at, result, deadline_policy, version, created_at, updated_at)
          VALUES (${snapshot.itemId}, ${snapshot.workflowId}, ${snapshot.type}, ${snapshot.title}, ${snapshot.source.kind}, ${snapshot.source.id},
                  ${snapshot.leadUnitId}, ${snapshot.state}::item_state, ${snapshot.clock.budget}, ${JSON.stringify(snapshot.clock)}::jsonb,
                  ${snapshot.signDueOn}::date, ${snapshot.dueOn}::date, ${instant(snapshot.dueAt)}::timestamptz, ${snapshot.provisional},
                  ${snapshot.colour}::item_colour, ${snapshot.extensionRequest !== undefined}, ${escalation},
                  ${instant(snapshot.signedAt)}::timestamptz, ${instant(snapshot.reportedAt)}::timestamptz, ${instant(snapshot.completedAt)}::timestamptz,
                  ${instant(snapshot.closedAt)}::timestamptz, ${snapshot.result ?? null},
                  ${also.deadlinePolicy ? JSON.stringify(also.deadlinePolicy) : null}::jsonb, ${snapshot.version},
                  ${new Date(snapshot.createdAt)}::timestamptz, ${new Date(snapshot.updatedAt)}::timestamptz)
          ON CONFLICT (id) DO UPDATE SET
            lead_unit_id = EXCLUDED.lead_unit_id, state = EXCLUDED.state, budget_days = EXCLUDED.budget_days, clock = EXCLUDED.clock,
            sign_due_on = EXCLUDED.sign_due_on, due_on = EXCLUDED.due_on, due_at = EXCLUDED.due_at, provisional = EXCLUDED.provisional,
            colour = EXCLUDED.colour, extension_pending = EXCLUDED.extension_pending, escalation = EXCLUDED.escalation,
            signed_at = EXCLUDED.signed_at, reported_at = EXCLUDED.reported_at, completed_at = EXCLUDED.completed_at,
            closed_at = EXCLUDED.closed_at, result = EXCLUDED.result, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
            deadline_policy = coalesce(EXCLUDED.deadline_policy, supervised_item.deadline_policy)
          WHERE supervised_item.version < EXCLUDED.version
          RETURNING id
        ),
        parts AS (
          SELECT * FROM jsonb_to_recordset(${JSON.stringify(assignments)}::jsonb)
            AS part(unit_id text, role text, due_on date, reported_at timestamptz, report text)
        ),
        dropped AS (
          DELETE FROM item_assignment a USING item
           WHERE a.item_id = item.id AND a.unit_id NOT IN (SELECT unit_id FROM parts)
          RETURNING 1
        ),
        assigned AS (
          INSERT INTO item_assignment (item_id, unit_id, role, type, state, open, due_on, sort_on, colour, reported_at, report, version)
          SELECT item.id, part.unit_id, part.role::assignment_role, ${snapshot.type}, ${snapshot.state}::item_state, ${isOpenState(snapshot.state)},
                 part.due_on, coalesce(part.due_on, ${undatedSortKey}::date), ${snapshot.colour}::item_colour,
                 part.reported_at, part.report, ${snapshot.version}
            FROM item, parts AS part
          ON CONFLICT (item_id, unit_id) DO UPDATE SET
            role = EXCLUDED.role, type = EXCLUDED.type, state = EXCLUDED.state, open = EXCLUDED.open, due_on = EXCLUDED.due_on, sort_on = EXCLUDED.sort_on,
            colour = EXCLUDED.colour, reported_at = EXCLUDED.reported_at, report = EXCLUDED.report, version = EXCLUDED.version
          RETURNING 1
        ),
        recorded AS (
          INSERT INTO item_event (item_id, seq, action, from_state, to_state, actor_id, unit_id, reason, detail, at)
          SELECT ${snapshot.itemId}, event.seq, event.action, event.from_state::item_state, event.to_state::item_state, event.actor_id,
                 event.unit_id, event.reason, coalesce(event.detail, '{}'::jsonb), event.at
            FROM jsonb_to_recordset(${JSON.stringify(events.map(eventRow))}::jsonb)
              AS event(seq int, action text, from_state text, to_state text, actor_id text, unit_id text, reason text, detail jsonb, at timestamptz)
          ON CONFLICT (item_id, seq) DO NOTHING
          RETURNING 1
        ),
        recalculated AS (
          INSERT INTO item_recalculation (item_id, revision, reason, detail, at)
          SELECT ${snapshot.itemId}, r.revision, r.reason, r.detail, r.at
            FROM jsonb_to_recordset(${JSON.stringify(recalculation ? [recalculation] : [])}::jsonb)
              AS r(revision text, reason text, detail jsonb, at timestamptz)
          ON CONFLICT (item_id, revision) DO NOTHING
          RETURNING 1
        )
        SELECT audit_append(${auditAppendArgument(audit)}::jsonb)
          FROM (SELECT count(*) FROM item) AS i, (SELECT count(*) FROM dropped) AS d,
               (SELECT count(*) FROM assigned) AS a, (SELECT count(*) FROM recorded) AS r, (SELECT count(*) FROM recalculated) AS c`;
    },
  };
}
