import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { achievementActor, commissionActor } from '../../domain/access/policy';
import { addCalendarDays, compareLocalDate, shanghaiDateOf } from '../../domain/calendar';
import type { MeasureCadence } from '../../domain/measure/measure-task';
import type { SubTarget } from '../../domain/measure/measure-task';
import { fromDateColumn } from '../../prisma/date-column';
import defaultCadence from '../../prisma/seed/measure-cadence.json';
import { newAchievementId, recordAchievement } from '../../activities/measure/measure-activities';
import { subTargetProgressOf } from '../bulletin/figures';
import { idempotencyKeyOf } from '../http/idempotency';
import { actorViewFor, actorViews } from '../organisation/actors';
import { route, type RouteDefinition } from '../http/route';
import { uuidFromKey, type WorkflowClient } from '../workflow-client';
import { achievementBodySchema, cadenceChangeBodySchema, launchBodySchema, measureTaskParamsSchema } from './schemas';

const tag = '重点任务';

/** One task per measure: its id follows from the measure, so a relaunch names the same task. */
export const measureTaskIdOf = (measureId: string) => uuidFromKey('measure-task', measureId);

const measureTitle = (measure: { kind: string; no: string; title: string | null; text: string }) =>
  measure.kind === 'measure' ? `重点任务第${measure.no}项` : `保障机制（${measure.no}）${measure.title ?? ''}`;

async function findTask(db: Db, taskId: string) {
  const task = await db.measureTask.findUnique({ where: { id: taskId }, include: { measure: true, reports: { orderBy: { period: 'asc' } } } });
  if (!task) throw new AppError('NOT_FOUND', { userMessage: '重点任务不存在或尚未启动跟踪' });
  return task;
}

function taskSummary(task: { id: string; measureId: string; leadUnitId: string; coUnitIds: string[]; cadence: unknown; startsOn: Date; endsOn: Date | null; measure: { kind: string; no: string; title: string | null; text: string } }) {
  return {
    id: task.id,
    measureId: task.measureId,
    kind: task.measure.kind,
    no: task.measure.no,
    title: measureTitle(task.measure),
    text: task.measure.text,
    leadUnitId: task.leadUnitId,
    coUnitIds: task.coUnitIds,
    cadence: task.cadence as MeasureCadence,
    startsOn: fromDateColumn(task.startsOn),
    endsOn: task.endsOn ? fromDateColumn(task.endsOn) : null,
  };
}

/** 重点任务: launch tracking, the tasks with each period's report, achievements toward sub-targets. */
export function measureRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  return [
    route({
      operationId: 'measures.tasks.list',
      method: 'get',
      path: '/measure-tasks',
      tag,
      summary: '重点任务（30 项措施与 4 项保障机制）的跟踪情况与最近一期报送',
      access: 'measures.read',
      handle: async () => {
        const tasks = await db.measureTask.findMany({ include: { measure: true, reports: { orderBy: { period: 'desc' }, take: 1 } } });
        const items = new Map(
          (await db.supervisedItem.findMany({ where: { id: { in: tasks.flatMap((task) => task.reports.map((report) => report.itemId)) } }, select: { id: true, state: true, dueOn: true, colour: true, escalation: true } })).map(
            (item) => [item.id, item],
          ),
        );
        const order = (kind: string, no: string) => (kind === 'measure' ? Number(no) : 100 + '一二三四五六七八九十'.indexOf(no));
        return {
          tasks: tasks
            .sort((a, b) => order(a.measure.kind, a.measure.no) - order(b.measure.kind, b.measure.no))
            .map((task) => {
              const latest = task.reports[0];
              const item = latest ? items.get(latest.itemId) : undefined;
              return {
                ...taskSummary(task),
                latestReport: latest
                  ? { period: latest.period, itemId: latest.itemId, state: item?.state ?? null, dueOn: item?.dueOn ? fromDateColumn(item.dueOn) : null, colour: item?.colour ?? null, escalation: item?.escalation ?? null }
                  : null,
              };
            }),
        };
      },
    }),
    route({
      operationId: 'measures.tasks.launch',
      method: 'post',
      path: '/measure-tasks',
      tag,
      summary: '启动重点任务跟踪：按报送周期每期向牵头、配合单位交办进度报送事项',
      access: 'measures.manage',
      body: launchBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ principal, body }) => {
        const today = shanghaiDateOf(new Date());
        const fieldErrors = [];
        // A past start reports every period since at once (补报); a year back at most.
        if (compareLocalDate(body.startsOn, addCalendarDays(today, -400)) < 0 || compareLocalDate(body.startsOn, addCalendarDays(today, 366)) > 0) {
          fieldErrors.push({ path: 'startsOn', message: '开始日期须在 400 天前至一年后之间' });
        }
        if (body.endsOn !== undefined && compareLocalDate(body.endsOn, body.startsOn) < 0) fieldErrors.push({ path: 'endsOn', message: '结束日期不能早于开始日期' });
        const measures = await db.measure.findMany({ where: { id: { in: body.measureIds } } });
        const known = new Set(measures.map((measure) => measure.id));
        // Every measure is checked before any is launched: a refused request launches none.
        body.measureIds.forEach((id, index) => {
          if (!known.has(id)) fieldErrors.push({ path: `measureIds.${index}`, message: `任务不存在：${id}` });
          else if (measures.find((measure) => measure.id === id)!.unitIds.length === 0) fieldErrors.push({ path: `measureIds.${index}`, message: `任务没有责任单位：${id}` });
        });
        if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors });
        const actor = commissionActor(principal);
        const cadence: MeasureCadence = body.cadence ?? { period: defaultCadence.period as MeasureCadence['period'], dueWorkingDay: defaultCadence.dueWorkingDay };
        for (const measure of measures) {
          const [leadUnitId, ...coUnitIds] = measure.unitIds as [string, ...string[]];
          await workflows.launchMeasureTask({
            taskId: measureTaskIdOf(measure.id),
            measureId: measure.id,
            title: measureTitle(measure),
            leadUnitId,
            coUnitIds,
            commissionUnitId: actor.unitId,
            cadence,
            startsOn: body.startsOn,
            ...(body.endsOn ? { endsOn: body.endsOn } : {}),
            launchedBy: actor.userId,
          });
        }
        const tasks = await db.measureTask.findMany({ where: { measureId: { in: body.measureIds } }, include: { measure: true } });
        return { tasks: tasks.map(taskSummary) };
      },
    }),
    route({
      operationId: 'measures.tasks.get',
      method: 'get',
      path: '/measure-tasks/:taskId',
      tag,
      summary: '一项重点任务：各期进度报送（督办事项状态、时限、升级）、分项目标完成情况、完成情况记录',
      access: 'measures.read',
      params: measureTaskParamsSchema,
      handle: async ({ principal, params }) => {
        const task = await findTask(db, params.taskId);
        const [items, achievements, progress] = await Promise.all([
          db.supervisedItem.findMany({
            where: { id: { in: task.reports.map((report) => report.itemId) } },
            select: { id: true, state: true, signDueOn: true, dueOn: true, colour: true, escalation: true, reportedAt: true, completedAt: true, result: true },
          }),
          db.measureAchievement.findMany({ where: { measureId: task.measureId }, orderBy: [{ achievedOn: 'asc' }, { createdAt: 'asc' }] }),
          subTargetProgressOf(db, [task.measureId]),
        ]);
        const byId = new Map(items.map((item) => [item.id, item]));
        const recorders = await actorViews(db, achievements.map((a) => a.recordedBy));
        return {
          ...taskSummary(task),
          reports: task.reports.map((report) => {
            const item = byId.get(report.itemId);
            return {
              period: report.period,
              periodFrom: fromDateColumn(report.periodFrom),
              periodTo: fromDateColumn(report.periodTo),
              itemId: report.itemId,
              item: item
                ? {
                    state: item.state,
                    signDueOn: fromDateColumn(item.signDueOn),
                    dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null,
                    colour: item.colour,
                    escalation: item.escalation,
                    reportedAt: item.reportedAt?.toISOString() ?? null,
                    completedAt: item.completedAt?.toISOString() ?? null,
                    result: item.result,
                  }
                : null,
            };
          }),
          subTargets: progress,
          achievements: achievements.map((a) => ({
            id: a.id,
            subTarget: a.subTarget,
            count: a.count,
            achievedOn: fromDateColumn(a.achievedOn),
            unitId: a.unitId,
            enterpriseId: a.enterpriseId,
            evidence: a.evidence,
            reference: a.reference,
            recordedBy: a.recordedBy,
            recorder: actorViewFor(principal.kind === 'staff', recorders.get(a.recordedBy)),
          })),
        };
      },
    }),
    route({
      operationId: 'measures.tasks.cadence',
      method: 'put',
      path: '/measure-tasks/:taskId/cadence',
      tag,
      summary: '调整报送周期与报送期限（自下一期尚未交办的报送起）',
      access: 'measures.manage',
      params: measureTaskParamsSchema,
      body: cadenceChangeBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        await findTask(db, params.taskId);
        const actor = commissionActor(principal);
        const { reason, ...cadence } = body;
        const state = await workflows.changeMeasureCadence(params.taskId, { cadence, changedBy: actor.userId, reason }, idempotencyKeyOf(req));
        return { ...taskSummary(await findTask(db, params.taskId)), nextPeriod: state.nextPeriod, nextReportAt: state.nextReportAt };
      },
    }),
    route({
      operationId: 'measures.achievements.record',
      method: 'post',
      path: '/measure-tasks/:taskId/achievements',
      tag,
      summary: '填报完成情况（如新认定一个数字化车间），附佐证材料与文号，计入分项目标',
      access: 'measures.report',
      params: measureTaskParamsSchema,
      body: achievementBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, params, body }) => {
        const task = await findTask(db, params.taskId);
        const actor = achievementActor(principal, [task.leadUnitId, ...task.coUnitIds]);
        if (compareLocalDate(body.achievedOn, shanghaiDateOf(new Date())) > 0) {
          throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'achievedOn', message: '完成日期不能晚于今天' }] });
        }
        if (body.enterpriseId !== undefined && !(await db.enterprise.findUnique({ where: { id: body.enterpriseId }, select: { id: true } }))) {
          throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'enterpriseId', message: '企业不存在' }] });
        }
        const key = idempotencyKeyOf(req);
        const subTargets = (task.measure.subTargets as unknown as SubTarget[]).map((subTarget) => subTarget.name);
        const achievement = await recordAchievement(db, task.measureId, key ? uuidFromKey('achievement', key) : newAchievementId(), { actor, ...body }, subTargets);
        const [progress] = (await subTargetProgressOf(db, [task.measureId])).filter((p) => p.name === achievement.subTarget);
        return { id: achievement.id, subTarget: achievement.subTarget, count: achievement.count, achievedOn: fromDateColumn(achievement.achievedOn), unitId: achievement.unitId, progress };
      },
    }),
    route({
      operationId: 'measures.targets.progress',
      method: 'get',
      path: '/measure-targets/progress',
      tag,
      summary: '重点任务分项目标（数字化车间 20 个、智能工厂 4 个、绿色工厂 5 个……）实际完成与目标，分年度',
      access: 'measures.read',
      handle: async () => ({ subTargets: await subTargetProgressOf(db) }),
    }),
  ];
}
