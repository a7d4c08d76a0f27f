import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { WorkingCalendar, yearOf, type LocalDate } from '../../domain/calendar';
import { expectedBy, type ListingEventRecord, type ListingMilestoneDef, type ListingRecord } from '../../domain/listing/listing';
import { openItemStates } from '../../domain/supervision/item-state';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { toDateColumn } from '../../prisma/date-column';
import { appendAuditBatch } from '../audit/audit-log';
import { createCalendarActivities } from '../calendar/calendar-activities';
import { findItemType } from '../supervision/item-types';

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function createListingActivities(db: Db) {
  const calendars = createCalendarActivities(db);
  return {
    /**
     * Mirrors the case and appends its new events, in one transaction. Guarded by the version: a
     * retried or late write of an older state changes nothing; events and audit rows are keyed by
     * the case's event seq, so a retry records each once.
     */
    async recordListing(record: ListingRecord, events: ListingEventRecord[]): Promise<void> {
      const { state } = record;
      const current = state.reached[state.reached.length - 1]!;
      const row = {
        officerId: state.officer.staffId,
        officerUnitId: state.officer.unitId,
        currentMilestone: current.key,
        nextMilestone: record.nextMilestone,
        nextDueOn: state.nextDueOn ? toDateColumn(state.nextDueOn) : null,
        reached: json(state.reached),
        pendingEvidence: json(state.pendingEvidence),
        stallEscalations: json(state.stallEscalations),
        rewardClaims: json(state.rewardClaims),
        openCheckIns: json(state.openCheckIns),
        listedOn: state.listedOn ? toDateColumn(state.listedOn) : null,
        version: state.version,
        updatedAt: new Date(events[events.length - 1]?.at ?? Date.now()),
      };
      await db.$transaction(async (tx) => {
        await tx.listingCase.createMany({
          data: [
            {
              id: state.caseId,
              enterpriseId: state.enterpriseId,
              workflowId: record.workflowId,
              enrolledOn: toDateColumn(record.enrolledOn),
              enrolKey: record.enrolKey ?? null,
              ...row,
              createdAt: row.updatedAt,
            },
          ],
          skipDuplicates: true,
        });
        await tx.listingCase.updateMany({ where: { id: state.caseId, version: { lt: state.version } }, data: row });
        if (events.length === 0) return;
        await tx.listingEvent.createMany({
          data: events.map((event) => ({
            caseId: state.caseId,
            seq: event.seq,
            action: event.action,
            milestone: event.milestone ?? null,
            actorId: event.actorId,
            detail: json(event.detail),
            at: new Date(event.at),
          })),
          skipDuplicates: true,
        });
        await appendAuditBatch(
          tx,
          events.map((event) => ({
            actorId: event.actorId,
            action: `listing.${event.action}`,
            subject: `listing:${state.caseId}`,
            detail: { enterpriseId: state.enterpriseId, ...(event.milestone ? { milestone: event.milestone } : {}), ...event.detail },
            dedupKey: `listing:${state.caseId}:${event.seq}`,
            at: new Date(event.at),
          })),
        );
      });
    },

    /** The current policy of an item type the case starts items of (check-in, stall, reward claim). */
    async listingItemPolicy(type: string): Promise<ItemTypePolicy> {
      const stored = await findItemType(db, type);
      if (!stored) throw new Error(`listing: item type ${type} is missing from item_type`);
      return stored.policy;
    },

    /** When a milestone is expected, from the day the previous one was reached (working days need the calendar). */
    async listingExpectedBy(from: LocalDate, milestone: ListingMilestoneDef): Promise<LocalDate | null> {
      if (!milestone.expected) return null;
      const fromYear = yearOf(from);
      const calendar = WorkingCalendar.from(await calendars.loadCalendar({ fromYear, toYear: fromYear + 3 }));
      return expectedBy(from, milestone.expected, calendar);
    },

    /** The case's check-in items still open, from the read model (carried across continue-as-new). */
    async openListingCheckIns(caseId: string, itemIds: string[]): Promise<string[]> {
      if (itemIds.length === 0) return [];
      const rows = await db.supervisedItem.findMany({
        where: { id: { in: itemIds }, sourceKind: 'listing', sourceId: caseId, state: { in: [...openItemStates] as never } },
        select: { id: true },
      });
      return rows.map((row) => row.id);
    },
  };
}

