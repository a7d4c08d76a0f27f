import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { WorkingCalendar } from '../../domain/calendar';
import type { Actor, ItemSnapshot } from '../../domain/supervision/item';
import type { ItemCommand } from '../../domain/supervision/item';
import { criteriaInForce, figuresYearFor, validUntilOf, workingDaysBefore, type CriteriaCheck, type RecognitionInput, type StepDecision, type TierGrant } from '../../domain/recognition/recognition';
import { actUpdate, itemSnapshotQuery } from '../../workflows/supervision/messages';
import { fromDateColumn, toDateColumn } from '../../prisma/date-column';
import { appendAudit } from '../audit/audit-log';
import { createCalendarActivities } from '../calendar/calendar-activities';

export function createRecognitionActivities(db: Db) {
  const { loadCalendar } = createCalendarActivities(db);

  /** Validity and the re-check day, by the published calendar (weekdays in years not yet published). */
  async function grantFor(tier: RecognitionInput['tier'], recognisedOn: string, validityYears: number, reminderDays: number): Promise<TierGrant> {
    const validUntil = validUntilOf(recognisedOn, validityYears);
    const year = Number(validUntil.slice(0, 4));
    const calendar = WorkingCalendar.from(await loadCalendar({ fromYear: year - 1, toYear: year }));
    return { tier, recognisedOn, validUntil, recheckOn: workingDaysBefore(validUntil, reminderDays, (day) => calendar.isWorkingDay(day)) };
  }

  return {
    /** The application as the enterprise filed it, once; a retry finds it and changes nothing. */
    async registerApplication(input: RecognitionInput & { workflowId: string; criteriaCheck: CriteriaCheck }): Promise<void> {
      await db.$transaction(async (tx) => {
        const existing = await tx.recognitionApplication.findUnique({ where: { id: input.applicationId }, select: { id: true } });
        if (existing) return;
        await tx.recognitionApplication.create({
          data: {
            id: input.applicationId,
            batchId: input.batchId,
            enterpriseId: input.enterpriseId,
            tier: input.tier,
            state: 'in_review',
            currentStep: input.steps[0]?.kind ?? null,
            criteriaCheck: input.criteriaCheck as unknown as Prisma.InputJsonObject,
            workflowId: input.workflowId,
            appliedBy: input.appliedBy,
            appliedAt: new Date(input.appliedAt),
            updatedAt: new Date(input.appliedAt),
          },
        });
        await appendAudit(tx, {
          actorId: input.appliedBy,
          action: 'recognition.apply',
          subject: `recognition:${input.applicationId}`,
          detail: { batchId: input.batchId, enterpriseId: input.enterpriseId, tier: input.tier, criteriaVersion: input.criteriaCheck.criteriaVersion },
          dedupKey: `recognition:${input.applicationId}:apply`,
          at: new Date(input.appliedAt),
        });
      });
    },

    /** A step begins: its row, and the application's current step. */
    async startRecognitionStep(input: { applicationId: string; seq: number; kind: string; at: string }): Promise<void> {
      await db.$transaction([
        db.recognitionStep.createMany({ data: [{ applicationId: input.applicationId, seq: input.seq, kind: input.kind, startedAt: new Date(input.at) }], skipDuplicates: true }),
        db.recognitionApplication.updateMany({ where: { id: input.applicationId, state: 'in_review' }, data: { currentStep: input.kind, updatedAt: new Date(input.at) } }),
      ]);
    },

    async linkRecognitionStepItem(input: { applicationId: string; seq: number; itemId: string }): Promise<void> {
      await db.recognitionStep.updateMany({ where: { applicationId: input.applicationId, seq: input.seq, itemId: null }, data: { itemId: input.itemId } });
    },

    /**
     * A step's decision, in one transaction with what follows from it: a refusal ends the
     * application; the last step's pass recognises the enterprise (its enterprise_tier row).
     * Guarded by the step being undecided, so a retry writes nothing twice.
     */
    async recordRecognitionDecision(input: {
      application: Pick<RecognitionInput, 'applicationId' | 'enterpriseId' | 'batchId' | 'tier' | 'validityYears' | 'recheckReminderDays'>;
      seq: number;
      final: boolean;
      decision: StepDecision;
      recognisedOn: string;
      actorId: string;
      at: string;
    }): Promise<{ grant?: TierGrant; tierId?: string }> {
      const { application, decision } = input;
      const recognised = input.final && decision.decision === 'pass';
      const grant = recognised ? await grantFor(application.tier, input.recognisedOn, application.validityYears, application.recheckReminderDays) : undefined;
      const tierId = `tier-${application.applicationId}`;
      await db.$transaction(async (tx) => {
        const detail = { publicityFrom: decision.publicityFrom, publicityTo: decision.publicityTo, documentNo: decision.documentNo, recognisedOn: decision.recognisedOn };
        const moved = await tx.recognitionStep.updateMany({
          where: { applicationId: application.applicationId, seq: input.seq, decision: null },
          data: { decision: decision.decision, comment: decision.comment, detail: JSON.parse(JSON.stringify(detail)) as Prisma.InputJsonObject, decidedBy: input.actorId, decidedAt: new Date(input.at) },
        });
        if (moved.count === 0) return;
        const state = decision.decision === 'reject' ? 'rejected' : recognised ? 'recognised' : 'in_review';
        await tx.recognitionApplication.update({
          where: { id: application.applicationId },
          data: { state, ...(state === 'in_review' ? {} : { decidedAt: new Date(input.at) }), updatedAt: new Date(input.at) },
        });
        if (grant) {
          await tx.enterpriseTier.create({
            data: {
              id: tierId,
              enterpriseId: application.enterpriseId,
              tier: application.tier,
              recognisedOn: toDateColumn(grant.recognisedOn),
              validUntil: toDateColumn(grant.validUntil),
              recheckOn: toDateColumn(grant.recheckOn),
              batchId: application.batchId,
              applicationId: application.applicationId,
              source: 'application',
            },
          });
        }
        await appendAudit(tx, {
          actorId: input.actorId,
          action: `recognition.${decision.step}`,
          subject: `recognition:${application.applicationId}`,
          detail: { seq: input.seq, decision: decision.decision, comment: decision.comment, ...detail, state, ...(grant ? { grant } : {}) },
          dedupKey: `recognition:${application.applicationId}:step:${input.seq}`,
          at: new Date(input.at),
        });
      });
      return grant ? { grant, tierId } : {};
    },

    /**
     * Ends a step's supervised item as the person who decided the step (the commission, which is
     * the item's lead unit): sign, report the decision, approve, close. Each action has a fixed
     * update id, so a retried activity continues where it stopped and never acts twice.
     */
    async finishRecognitionStepItem(input: { itemId: string; actor: Actor; result: string }): Promise<void> {
      const handle = Context.current().client.workflow.getHandle(`item-${input.itemId}`);
      const steps: Partial<Record<ItemSnapshot['state'], ItemCommand>> = {
        pending_sign: { action: 'sign' },
        in_progress: { action: 'report', result: input.result },
        pending_review: { action: 'approve', comment: input.result },
        completed: { action: 'close' },
      };
      for (let turn = 0; turn < 6; turn += 1) {
        const snapshot = await handle.query(itemSnapshotQuery);
        const command = snapshot && steps[snapshot.state];
        if (!command) return;
        try {
          await handle.executeUpdate(actUpdate, { args: [{ actor: input.actor, command }], updateId: `recognition-${input.itemId}-${command.action}` });
        } catch (error) {
          // A person moved the item meanwhile (another state): read it again and go on from there.
          if (!(error instanceof WorkflowUpdateFailedError)) throw error;
        }
      }
    },

    /**
     * 设立认定批次, once per id: the criteria version in force when it opens is pinned to it.
     * Returns null when no criteria version is in force on the opening day.
     */
    async createRecognitionBatch(input: { id: string; tier: RecognitionInput['tier']; title: string; opensOn: string; cutoffOn: string; actorId: string; at: string }) {
      const existing = await db.recognitionBatch.findUnique({ where: { id: input.id } });
      if (existing) return existing;
      const versions = await db.recognitionCriteria.findMany({ where: { tier: input.tier } });
      const criteria = criteriaInForce(versions.map((row) => ({ version: row.version, effectiveFrom: fromDateColumn(row.effectiveFrom) })), input.opensOn);
      if (!criteria) return null;
      return db.$transaction(async (tx) => {
        const created = await tx.recognitionBatch.create({
          data: {
            id: input.id,
            tier: input.tier,
            title: input.title,
            opensOn: toDateColumn(input.opensOn),
            cutoffOn: toDateColumn(input.cutoffOn),
            criteriaVersion: criteria.version,
            figuresYear: figuresYearFor(input.opensOn),
            createdBy: input.actorId,
            createdAt: new Date(input.at),
          },
        });
        await appendAudit(tx, {
          actorId: input.actorId,
          action: 'recognition.batch.create',
          subject: `recognition-batch:${input.id}`,
          detail: { tier: input.tier, title: input.title, opensOn: input.opensOn, cutoffOn: input.cutoffOn, criteriaVersion: criteria.version },
          dedupKey: `recognition-batch:${input.id}:create`,
          at: new Date(input.at),
        });
        return created;
      });
    },

    /**
     * 批量导入历史认定 (e.g. the district's list of recognitions before the system): one
     * transaction, one audit event; rows that exist are skipped.
     */
    async importTierRecords(input: { rows: { enterpriseId: string; tier: RecognitionInput['tier']; recognisedOn: string; validityYears: number; recheckReminderDays: number }[]; note: string; actorId: string; at: string }): Promise<number> {
      const years = input.rows.map((row) => Number(row.recognisedOn.slice(0, 4)) + row.validityYears);
      if (years.length === 0) return 0;
      const calendar = WorkingCalendar.from(await loadCalendar({ fromYear: Math.min(...years) - 1, toYear: Math.max(...years) }));
      const data = input.rows.map((row) => {
        const validUntil = validUntilOf(row.recognisedOn, row.validityYears);
        return {
          id: `tier-${row.enterpriseId}-${row.tier}-${row.recognisedOn}`,
          enterpriseId: row.enterpriseId,
          tier: row.tier,
          recognisedOn: toDateColumn(row.recognisedOn),
          validUntil: toDateColumn(validUntil),
          recheckOn: toDateColumn(workingDaysBefore(validUntil, row.recheckReminderDays, (day) => calendar.isWorkingDay(day))),
          source: 'record',
          note: input.note,
        };
      });
      return db.$transaction(async (tx) => {
        const created = await tx.enterpriseTier.createMany({ data, skipDuplicates: true });
        if (created.count > 0) {
          await appendAudit(tx, { actorId: input.actorId, action: 'recognition.importTiers', subject: 'enterprise-tiers', detail: { rows: created.count, note: input.note }, dedupKey: `tiers:import:${input.note}:${data.length}`, at: new Date(input.at) });
        }
        return created.count;
      });
    },

    async linkRecheckItem(input: { tierId: string; itemId: string }): Promise<void> {
      await db.enterpriseTier.updateMany({ where: { id: input.tierId, recheckItemId: null }, data: { recheckItemId: input.itemId } });
    },

    /**
     * 录入历史认定: a recognition the enterprise obtained before this system (or outside it),
     * recorded with its validity; the same enterprise, tier and day is recorded once.
     */
    async recordTierFromRecords(input: { enterpriseId: string; tier: RecognitionInput['tier']; recognisedOn: string; validityYears: number; recheckReminderDays: number; note: string; actorId: string; at: string }): Promise<{ id: string; created: boolean }> {
      const grant = await grantFor(input.tier, input.recognisedOn, input.validityYears, input.recheckReminderDays);
      const id = `tier-${input.enterpriseId}-${input.tier}-${input.recognisedOn}`;
      return db.$transaction(async (tx) => {
        const created = await tx.enterpriseTier.createMany({
          data: [
            {
              id,
              enterpriseId: input.enterpriseId,
              tier: input.tier,
              recognisedOn: toDateColumn(grant.recognisedOn),
              validUntil: toDateColumn(grant.validUntil),
              recheckOn: toDateColumn(grant.recheckOn),
              source: 'record',
              note: input.note,
            },
          ],
          skipDuplicates: true,
        });
        if (created.count === 0) return { id, created: false };
        await appendAudit(tx, { actorId: input.actorId, action: 'recognition.recordTier', subject: `enterprise:${input.enterpriseId}`, detail: { ...grant, note: input.note }, dedupKey: `tier:${id}`, at: new Date(input.at) });
        return { id, created: true };
      });
    },
  };
}

export const tierDates = (row: { recognisedOn: Date; validUntil: Date; recheckOn: Date }) => ({
  recognisedOn: fromDateColumn(row.recognisedOn),
  validUntil: fromDateColumn(row.validUntil),
  recheckOn: fromDateColumn(row.recheckOn),
});
