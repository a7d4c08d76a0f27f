import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { measureReportItemType, type AchievementRequest, type MeasureCadence, type MeasureReportPlan, type MeasureTaskInput } from '../../domain/measure/measure-task';
import { parsePeriod } from '../../domain/measure/period';
import type { ItemTypePolicy } from '../../domain/supervision/item-type';
import { toDateColumn } from '../../prisma/date-column';
import { appendAudit } from '../audit/audit-log';
import { findItemType } from '../supervision/item-types';

export function createMeasureActivities(db: Db) {
  return {
    /** The task's row, once: a relaunch or a retry finds it and changes nothing. */
    async recordMeasureTask(input: MeasureTaskInput & { workflowId: string; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const created = await tx.measureTask.createMany({
          data: [
            {
              id: input.taskId,
              measureId: input.measureId,
              workflowId: input.workflowId,
              leadUnitId: input.leadUnitId,
              coUnitIds: input.coUnitIds,
              cadence: { ...input.cadence },
              startsOn: toDateColumn(input.startsOn),
              endsOn: input.endsOn ? toDateColumn(input.endsOn) : null,
              launchedBy: input.launchedBy,
              createdAt: new Date(input.at),
            },
          ],
          skipDuplicates: true,
        });
        if (created.count === 0) return;
        await appendAudit(tx, {
          actorId: input.launchedBy,
          action: 'measure.launch',
          subject: `measure-task:${input.taskId}`,
          detail: { measureId: input.measureId, leadUnitId: input.leadUnitId, coUnitIds: input.coUnitIds, cadence: { ...input.cadence }, startsOn: input.startsOn, endsOn: input.endsOn ?? null },
          dedupKey: `measure-task:${input.taskId}:launch`,
          at: new Date(input.at),
        });
      });
    },

    /** 调整报送周期: the task's row shows the new cadence; the change is audited once per change id. */
    async recordMeasureCadence(input: { taskId: string; cadence: MeasureCadence; changedBy: string; reason: string; changeId: string; at: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        const task = await tx.measureTask.findUniqueOrThrow({ where: { id: input.taskId }, select: { cadence: true } });
        await tx.measureTask.update({ where: { id: input.taskId }, data: { cadence: { ...input.cadence } } });
        await appendAudit(tx, {
          actorId: input.changedBy,
          action: 'measure.cadence',
          subject: `measure-task:${input.taskId}`,
          detail: { from: task.cadence, to: { ...input.cadence }, reason: input.reason },
          dedupKey: `measure-task:${input.taskId}:cadence:${input.changeId}`,
          at: new Date(input.at),
        });
      });
    },

    /**
     * Opens a period's report: the row naming its item, and the report item type's policy as it
     * is today. A period already open returns its item with created false.
     */
    async openMeasureReport(plan: MeasureReportPlan): Promise<{ itemId: string; created: boolean; policy: ItemTypePolicy }> {
      const stored = await findItemType(db, measureReportItemType);
      if (!stored) throw new Error(`item type ${measureReportItemType} is not seeded`);
      const period = parsePeriod(plan.period);
      return db.$transaction(async (tx) => {
        const created = await tx.measureReport.createMany({
          data: [{ taskId: plan.taskId, period: plan.period, periodFrom: toDateColumn(period.from), periodTo: toDateColumn(period.to), itemId: plan.itemId, createdAt: new Date(plan.at) }],
          skipDuplicates: true,
        });
        const row = await tx.measureReport.findUniqueOrThrow({ where: { taskId_period: { taskId: plan.taskId, period: plan.period } } });
        if (created.count > 0) {
          await appendAudit(tx, {
            actorId: 'system',
            action: 'measure.report_open',
            subject: `measure-task:${plan.taskId}`,
            detail: { period: plan.period, itemId: row.itemId },
            dedupKey: `measure-task:${plan.taskId}:report:${plan.period}`,
            at: new Date(plan.at),
          });
        }
        return { itemId: row.itemId, created: created.count > 0 && row.itemId === plan.itemId, policy: stored.policy };
      });
    },
  };
}

/**
 * 完成情况: records one achievement toward a sub-target the measure has, in one transaction with
 * its audit event. A retry with the same id returns the recorded achievement.
 */
export async function recordAchievement(db: Db, measureId: string, id: string, request: AchievementRequest, subTargets: readonly string[]) {
  if (!subTargets.includes(request.subTarget)) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'subTarget', message: `本项任务没有该分项目标：${request.subTarget}` }] });
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.measureAchievement.findUnique({ where: { id } });
    if (existing) return existing;
    const at = new Date();
    const achievement = await tx.measureAchievement.create({
      data: {
        id,
        measureId,
        subTarget: request.subTarget,
        count: request.count,
        achievedOn: toDateColumn(request.achievedOn),
        unitId: request.actor.unitId,
        enterpriseId: request.enterpriseId ?? null,
        evidence: request.evidence,
        reference: request.reference ?? null,
        recordedBy: request.actor.userId,
        createdAt: at,
      },
    });
    await appendAudit(tx, {
      actorId: request.actor.userId,
      action: 'measure.achievement',
      subject: `measure:${measureId}`,
      detail: { achievementId: id, subTarget: request.subTarget, count: request.count, achievedOn: request.achievedOn, unitId: request.actor.unitId, enterpriseId: request.enterpriseId ?? null, reference: request.reference ?? null },
      dedupKey: `measure-achievement:${id}`,
      at,
    });
    return achievement;
  });
}

export const newAchievementId = () => randomUUID();
