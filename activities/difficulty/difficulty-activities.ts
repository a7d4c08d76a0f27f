import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import type { DifficultyAssignment, DifficultyInput, DifficultyState, RatingDecision, RatingRequest } from '../../domain/difficulty/difficulty';
import { WorkingCalendar, shanghaiDateOf, shanghaiDayEnd, yearOf } from '../../domain/calendar';
import { appendAudit } from '../audit/audit-log';
import { createCalendarActivities } from '../calendar/calendar-activities';

type Tx = Prisma.TransactionClient;

interface TimelineEntry {
  difficultyId: string;
  action: string;
  fromState: DifficultyState | null;
  toState: DifficultyState;
  actorId: string;
  detail: Record<string, unknown>;
  at: string;
  /** Unique per state change: a retried activity records nothing twice. */
  dedupKey: string;
}

/**
 * One state change of a difficulty: its timeline row and the audit entry, in the caller's
 * transaction. The audit dedup key makes a retry a no-op; the timeline row is written only when
 * the audit entry is new.
 */
async function recordChange(tx: Tx, entry: TimelineEntry): Promise<void> {
  const seen = await tx.auditEvent.findFirst({ where: { dedupKey: entry.dedupKey }, select: { seq: true } });
  if (seen) return;
  const last = await tx.difficultyEvent.findFirst({ where: { difficultyId: entry.difficultyId }, orderBy: { seq: 'desc' }, select: { seq: true } });
  await tx.difficultyEvent.create({
    data: {
      difficultyId: entry.difficultyId,
      seq: (last?.seq ?? 0) + 1,
      action: entry.action,
      fromState: entry.fromState,
      toState: entry.toState,
      actorId: entry.actorId,
      detail: entry.detail as Prisma.InputJsonValue,
      at: new Date(entry.at),
    },
  });
  await appendAudit(tx, {
    actorId: entry.actorId,
    action: `difficulty.${entry.action}`,
    subject: `difficulty:${entry.difficultyId}`,
    detail: { fromState: entry.fromState, toState: entry.toState, ...entry.detail },
    dedupKey: entry.dedupKey,
    at: new Date(entry.at),
  });
}

export function createDifficultyActivities(db: Db) {
  const calendar = createCalendarActivities(db);
  return {
    /** Inserts the difficulty row once; a retry finds it and only re-checks the audit entry. */
    async registerDifficulty(input: DifficultyInput, workflowId: string): Promise<void> {
      const state: DifficultyState = input.leadUnitId ? 'assigned' : 'awaiting_classification';
      await db.$transaction(async (tx) => {
        await tx.difficulty.createMany({
          data: [
            {
              id: input.difficultyId,
              enterpriseId: input.enterpriseId,
              category: input.category,
              title: input.title,
              description: input.description,
              state,
              raisedBy: input.raisedBy,
              workflowId,
              createdAt: new Date(input.raisedAt),
              origin: input.origin ?? 'commission',
              leadUnitId: input.leadUnitId ?? null,
              coUnitIds: input.coUnitIds ?? [],
              ...(input.rating ? { ratingPolicy: input.rating as unknown as Prisma.InputJsonValue } : {}),
            },
          ],
          skipDuplicates: true,
        });
        const detail = { enterpriseId: input.enterpriseId, category: input.category, origin: input.origin ?? 'commission', ...(input.leadUnitId ? { leadUnitId: input.leadUnitId, coUnitIds: input.coUnitIds ?? [] } : {}) };
        await recordChange(tx, { difficultyId: input.difficultyId, action: 'raise', fromState: null, toState: state, actorId: input.raisedBy, detail, at: input.raisedAt, dedupKey: `difficulty:${input.difficultyId}:raise` });
      });
    },

    /** 分门别类并交办: guarded on awaiting_classification, so a retry changes nothing. */
    async classifyDifficulty(request: { difficultyId: string; classifiedBy: string; assignment: DifficultyAssignment; comment?: string; at: string }): Promise<void> {
      const { assignment } = request;
      await db.$transaction(async (tx) => {
        const before = await tx.difficulty.findUniqueOrThrow({ where: { id: request.difficultyId }, select: { category: true } });
        await tx.difficulty.updateMany({
          where: { id: request.difficultyId, state: 'awaiting_classification' },
          data: { state: 'assigned', category: assignment.category, leadUnitId: assignment.leadUnitId, coUnitIds: assignment.coUnitIds },
        });
        await recordChange(tx, {
          difficultyId: request.difficultyId,
          action: 'classify',
          fromState: 'awaiting_classification',
          toState: 'assigned',
          actorId: request.classifiedBy,
          detail: { previousCategory: before.category, category: assignment.category, leadUnitId: assignment.leadUnitId, coUnitIds: assignment.coUnitIds, itemType: assignment.itemType, ...(request.comment ? { comment: request.comment } : {}) },
          at: request.at,
          dedupKey: `difficulty:${request.difficultyId}:classify`,
        });
      });
    },

    /**
     * The round's item is closed: the enterprise is asked to rate it within N working days (the
     * last day ends at midnight, Shanghai). Returns that instant and the units the item ended
     * with (the lead after any transfer), which the rating rows and a reopening use.
     */
    async requestRating(request: { difficultyId: string; round: number; itemId: string; ratingWorkingDays: number; at: string }): Promise<{ dueAt: string; unitsOfRound: { leadUnitId: string; coUnitIds: string[] } }> {
      const today = shanghaiDateOf(new Date(request.at));
      const data = await calendar.loadCalendar({ fromYear: yearOf(today), toYear: yearOf(today) + 1 });
      const dueAt = shanghaiDayEnd(WorkingCalendar.from(data).addWorkingDays(today, request.ratingWorkingDays).date).toISOString();
      const item = await db.supervisedItem.findUniqueOrThrow({ where: { id: request.itemId }, select: { leadUnitId: true, assignments: { select: { unitId: true, role: true } } } });
      const unitsOfRound = { leadUnitId: item.leadUnitId, coUnitIds: item.assignments.filter((row) => row.role === 'co').map((row) => row.unitId).sort() };
      await db.$transaction(async (tx) => {
        await tx.difficulty.updateMany({ where: { id: request.difficultyId, state: 'assigned' }, data: { state: 'awaiting_rating', ratingDueAt: new Date(dueAt) } });
        await recordChange(tx, {
          difficultyId: request.difficultyId,
          action: 'requestRating',
          fromState: 'assigned',
          toState: 'awaiting_rating',
          actorId: 'system',
          detail: { round: request.round, itemId: request.itemId, ratingDueAt: dueAt },
          at: request.at,
          dedupKey: `difficulty:${request.difficultyId}:${request.round}:requestRating`,
        });
      });
      return { dueAt, unitsOfRound };
    },

    /**
     * 回访满意度: one rating row per unit of the round (no score when the enterprise did not rate in
     * time), then the difficulty moves on: reopened (assigned again, its count raised) or resolved.
     */
    async recordRating(request: {
      difficultyId: string;
      round: number;
      itemId: string;
      units: { leadUnitId: string; coUnitIds: string[] };
      rating?: RatingRequest;
      decision: RatingDecision | 'no_rating';
      reopenCount: number;
      at: string;
    }): Promise<void> {
      const { rating, decision } = request;
      const reopened = decision === 'reopen';
      const toState: DifficultyState = reopened ? 'assigned' : 'resolved';
      const units = [
        { unitId: request.units.leadUnitId, role: 'lead' },
        ...request.units.coUnitIds.map((unitId) => ({ unitId, role: 'co' })),
      ];
      await db.$transaction(async (tx) => {
        await tx.difficultyRating.createMany({
          data: units.map((unit) => ({
            id: randomUUID(),
            difficultyId: request.difficultyId,
            round: request.round,
            itemId: request.itemId,
            unitId: unit.unitId,
            role: unit.role,
            outcome: rating ? 'rated' : 'no_rating',
            score: rating?.score ?? null,
            cause: rating?.cause ?? null,
            comment: rating?.comment ?? null,
            reopened,
            ratedBy: rating?.ratedBy ?? null,
            at: new Date(request.at),
          })),
          // (difficulty, round, unit) is unique: a retried activity adds nothing.
          skipDuplicates: true,
        });
        await tx.difficulty.updateMany({
          where: { id: request.difficultyId, state: 'awaiting_rating' },
          data: { state: toState, ratingDueAt: null, reopenCount: request.reopenCount },
        });
        await recordChange(tx, {
          difficultyId: request.difficultyId,
          action: rating ? 'rate' : 'ratingLapsed',
          fromState: 'awaiting_rating',
          toState,
          actorId: rating?.ratedBy ?? 'system',
          detail: { round: request.round, itemId: request.itemId, decision, ...(rating ? { score: rating.score, cause: rating.cause ?? null, comment: rating.comment } : {}) },
          at: request.at,
          dedupKey: `difficulty:${request.difficultyId}:${request.round}:rate`,
        });
        if (reopened) {
          await recordChange(tx, {
            difficultyId: request.difficultyId,
            action: 'reopen',
            fromState: 'assigned',
            toState: 'assigned',
            actorId: 'system',
            detail: { round: request.round + 1, reopenCount: request.reopenCount, leadUnitId: request.units.leadUnitId, coUnitIds: request.units.coUnitIds },
            at: request.at,
            dedupKey: `difficulty:${request.difficultyId}:${request.round}:reopen`,
          });
        }
      });
    },

    /** Guarded: only an open difficulty moves to resolved. */
    async resolveDifficulty(difficultyId: string, at: string, detail: Record<string, unknown> = {}): Promise<void> {
      await db.$transaction(async (tx) => {
        const { count } = await tx.difficulty.updateMany({ where: { id: difficultyId, state: 'assigned' }, data: { state: 'resolved' } });
        if (count === 0) {
          // Still audited once, as before (a retry after the update).
          await appendAudit(tx, { actorId: 'system', action: 'difficulty.resolve', subject: `difficulty:${difficultyId}`, detail, dedupKey: `difficulty:${difficultyId}:resolve`, at: new Date(at) });
          return;
        }
        await recordChange(tx, { difficultyId, action: 'resolve', fromState: 'assigned', toState: 'resolved', actorId: 'system', detail, at, dedupKey: `difficulty:${difficultyId}:resolve` });
      });
    },
  };
}
