import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { AppError, isErrorCode } from '../../domain/errors';
import type { Actor, ItemCommand } from '../../domain/supervision/item';
import type { ApplicationEventRecord, ApplicationSnapshot, ItemGoal, SubsidyApplicationInput, SubsidyApplicationRequest } from '../../domain/subsidy/subsidy';
import { prepareSubsidyApplication } from './prepare-application';
import { findOpenSubsidyRound, type OpenRound } from './rounds';
import { appendAuditBatch } from '../audit/audit-log';
import { actUpdate, itemSnapshotQuery, receiptOf, type ItemReceipt } from '../../workflows/supervision/messages';

const json = (value: unknown) => value as Prisma.InputJsonValue;

export interface DriveItemRequest {
  workflowId: string;
  /** The responsible unit's actor: signs for and reports the step. */
  actor: Actor;
  /** The commission: reviews and closes the step item, suspends and resumes its clock. */
  commission: Actor;
  /** Prefix of the item Update ids: a retried activity repeats no action. */
  key: string;
  request: ItemGoal;
}

export function createSubsidyActivities(db: Db, temporal?: Client) {
  function client(): Client {
    if (!temporal) throw ApplicationFailure.nonRetryable('worker has no Temporal client for subsidy items', 'INTERNAL');
    return temporal;
  }

  /** One item action; the item's own refusal becomes a non-retryable failure with its code. */
  async function act(workflowId: string, actor: Actor, command: ItemCommand, updateId: string): Promise<ItemReceipt> {
    try {
      return await client().workflow.getHandle(workflowId).executeUpdate(actUpdate, { args: [{ actor, command }], updateId });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type && isErrorCode(error.cause.type)) {
        throw ApplicationFailure.create({ type: error.cause.type, message: error.cause.message, nonRetryable: true });
      }
      throw error;
    }
  }

  return {
    /**
     * For another process's workflow (上市分阶段奖励): checks the request against its round and
     * resolves it, as the API does; a refusal (逾期不再受理, not eligible …) is a non-retryable
     * failure with the error code as its type. Start subsidyApplicationWorkflow with the result
     * (workflow id: subsidyApplicationWorkflowId, application id of the caller's choosing).
     */
    async prepareSubsidyApplication(request: SubsidyApplicationRequest): Promise<Omit<SubsidyApplicationInput, 'applicationId'>> {
      try {
        return await prepareSubsidyApplication(db, request);
      } catch (error) {
        if (error instanceof AppError) throw ApplicationFailure.create({ type: error.code, message: error.userMessage, nonRetryable: true });
        throw error;
      }
    },

    /** The round of a measure open on a China-local day, or null (for 上市分阶段奖励: which round a claim goes to). */
    async findOpenSubsidyRound(measureId: string, on: string): Promise<OpenRound | null> {
      return (await findOpenSubsidyRound(db, measureId, on)) ?? null;
    },

    /** The application row and its first event (申报), once; a retry changes nothing. */
    async registerSubsidyApplication(input: SubsidyApplicationInput, workflowId: string, event: ApplicationEventRecord): Promise<void> {
      await db.$transaction(async (tx) => {
        const created = await tx.subsidyApplication.createMany({
          data: [
            {
              id: input.applicationId,
              roundId: input.roundId,
              enterpriseId: input.enterpriseId,
              workflowId,
              applicantId: input.applicantId,
              state: event.toState,
              requestedAmount: input.requestedAmount,
              materials: json(input.materials),
              originKind: input.origin?.kind ?? null,
              originId: input.origin?.id ?? null,
              submittedAt: new Date(input.submittedAt),
              updatedAt: new Date(input.submittedAt),
            },
          ],
          skipDuplicates: true,
        });
        if (created.count === 0) return;
        await tx.subsidyApplicationEvent.createMany({ data: [eventRow(input.applicationId, event)], skipDuplicates: true });
        await appendAuditBatch(tx, [auditOf(input.applicationId, event)]);
      });
    },

    /** Mirrors the workflow's snapshot and appends its events; versions only move forward. */
    async recordSubsidyChange(snapshot: ApplicationSnapshot, events: ApplicationEventRecord[]): Promise<void> {
      const at = new Date(events.at(-1)?.at ?? Date.now());
      await db.$transaction(async (tx) => {
        await tx.subsidyApplication.updateMany({
          where: { id: snapshot.applicationId, version: { lt: snapshot.version } },
          data: {
            state: snapshot.state,
            currentItemId: snapshot.currentItemId,
            stepItems: json(snapshot.stepItems),
            approvedAmount: snapshot.approvedAmount,
            paidAmount: snapshot.paidAmount,
            notice: snapshot.notice ? json(snapshot.notice) : undefined,
            publicity: snapshot.publicity ? json(snapshot.publicity) : undefined,
            objections: json(snapshot.objections),
            outcomeReason: snapshot.outcomeReason,
            version: snapshot.version,
            updatedAt: at,
          },
        });
        if (events.length === 0) return;
        await tx.subsidyApplicationEvent.createMany({ data: events.map((event) => eventRow(snapshot.applicationId, event)), skipDuplicates: true });
        await appendAuditBatch(tx, events.map((event) => auditOf(snapshot.applicationId, event)));
      });
    },

    /**
     * Moves a step's supervised item through its own actions (so its history, clock and read
     * model stay the item's): close = 签收 → 反馈 by the unit, 审核通过 → 销号 by the commission,
     * from wherever it stands. Each action has a fixed Update id, so a retry repeats nothing.
     */
    async driveSubsidyItem({ workflowId, actor, commission, key, request }: DriveItemRequest): Promise<ItemReceipt> {
      const handle = client().workflow.getHandle(workflowId);
      if (request.goal === 'suspend') {
        // The reviewer has read the application: signed for, then the clock stops for 补正.
        if ((await handle.query(itemSnapshotQuery))?.state === 'pending_sign') await act(workflowId, actor, { action: 'sign' }, `${key}-sign`);
        return act(workflowId, commission, { action: 'suspend', reason: request.reason, legalBasis: request.legalBasis }, `${key}-suspend`);
      }
      if (request.goal === 'resume') return act(workflowId, commission, { action: 'resume' }, `${key}-resume`);
      if (request.goal === 'halt') return act(workflowId, commission, { action: 'halt', reason: request.reason }, `${key}-halt`);
      for (let turn = 0; turn < 8; turn += 1) {
        const snapshot = await handle.query(itemSnapshotQuery);
        if (!snapshot) throw new Error('item not yet registered');
        switch (snapshot.state) {
          case 'pending_sign':
            await act(workflowId, actor, { action: 'sign' }, `${key}-sign`);
            break;
          case 'in_progress':
            await act(workflowId, actor, { action: 'report', result: request.result }, `${key}-report`);
            break;
          case 'pending_review':
            await act(workflowId, commission, { action: 'approve', comment: '申报流程进入下一环节' }, `${key}-approve`);
            break;
          case 'completed':
            await act(workflowId, commission, { action: 'close' }, `${key}-close`);
            break;
          case 'closed':
            return receiptOf(snapshot);
          default:
            throw ApplicationFailure.create({ type: 'INVALID_STATE', message: '本环节事项已退回或中止，请区经济信息委先转办', nonRetryable: true });
        }
      }
      throw new Error(`item ${workflowId} did not close`);
    },
  };
}

function eventRow(applicationId: string, event: ApplicationEventRecord) {
  return {
    applicationId,
    seq: event.seq,
    action: event.action,
    step: event.step,
    fromState: event.fromState,
    toState: event.toState,
    actorId: event.actorId,
    reason: event.reason ?? null,
    detail: event.detail ? json(event.detail) : undefined,
    at: new Date(event.at),
  };
}

function auditOf(applicationId: string, event: ApplicationEventRecord) {
  return {
    actorId: event.actorId,
    action: `subsidy.${event.action}`,
    subject: `subsidy_application:${applicationId}`,
    detail: { step: event.step, from: event.fromState, to: event.toState, reason: event.reason ?? null, ...(event.detail ?? {}) },
    dedupKey: `subsidy_application:${applicationId}:${event.seq}`,
    at: new Date(event.at),
  };
}
