import { itemWorkflowId, uuidFromKey } from '../../api/workflow-client';
import { measureTaskIdOf } from '../../api/measure/routes';
import { recordAchievement } from '../../activities/measure/measure-activities';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { MeasureCadence, SubTarget } from '../../domain/measure/measure-task';
import { periodContaining, previousPeriod } from '../../domain/measure/period';
import defaultCadence from '../../prisma/seed/measure-cadence.json';
import type { DemoContext } from './context';

// 重点任务: every measure and mechanism tracked from today (first reports due after this month);
// two tracked from earlier months so that reports exist: 保障机制三 (monthly, by the 20th working
// day) with last month's report done; 保障机制四 (monthly, by the 5th) with the report of three
// months back done and the month before last's missing, overdue and escalated whatever today's
// date (last month's may not be due yet early in a month); and achievements
// toward measure 7's sub-targets (数字化车间, 智能工厂, 绿色工厂). All fictitious.

const plan = 'jiangjin-srdi-2022-2025';

async function reportItemOf(ctx: DemoContext, measureId: string, period: string): Promise<string> {
  const taskId = measureTaskIdOf(measureId);
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const report = await ctx.db.measureReport.findUnique({ where: { taskId_period: { taskId, period } } });
    if (report && (await ctx.db.supervisedItem.findUnique({ where: { id: report.itemId }, select: { id: true } }))) return report.itemId;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo: the ${period} report of ${measureId} did not appear`);
}

export async function seedMeasuresDemo(ctx: DemoContext): Promise<void> {
  const officer = await ctx.actorOf('staff-jxw-officer-1');
  const today = shanghaiDateOf(ctx.now);
  const thisMonth = periodContaining(today, 'month');
  const lastMonth = previousPeriod(thisMonth);
  const monthBefore = previousPeriod(lastMonth);
  const threeMonthsBack = previousPeriod(monthBefore);
  const measures = await ctx.db.measure.findMany({ where: { planId: plan } });

  const started: Record<string, { startsOn: string; cadence: MeasureCadence }> = {
    [`${plan}/mechanism/三`]: { startsOn: lastMonth.from, cadence: { period: 'month', dueWorkingDay: 20 } },
    [`${plan}/mechanism/四`]: { startsOn: threeMonthsBack.from, cadence: { period: 'month', dueWorkingDay: 5 } },
  };
  for (const measure of measures) {
    const [leadUnitId, ...coUnitIds] = measure.unitIds;
    if (!leadUnitId) continue;
    const early = started[measure.id];
    await ctx.workflows.launchMeasureTask({
      taskId: measureTaskIdOf(measure.id),
      measureId: measure.id,
      title: measure.kind === 'measure' ? `重点任务第${measure.no}项` : `保障机制（${measure.no}）${measure.title ?? ''}`,
      leadUnitId,
      coUnitIds,
      commissionUnitId: officer.unitId,
      cadence: early?.cadence ?? { period: defaultCadence.period as MeasureCadence['period'], dueWorkingDay: defaultCadence.dueWorkingDay },
      startsOn: early?.startsOn ?? today,
      launchedBy: officer.userId,
    });
  }

  // 保障机制三 (区经济信息委 leads, 区统计局 co-organises): last month's report, done.
  const m3 = await reportItemOf(ctx, `${plan}/mechanism/三`, lastMonth.key);
  const steps3 = [
    { by: 'staff-jxw-liaison', command: { action: 'sign' as const } },
    { by: 'staff-tjj-liaison', command: { action: 'coReport' as const, report: '已完成规上专精特新企业运行监测月报（演示数据）。' } },
    { by: 'staff-jxw-liaison', command: { action: 'report' as const, result: '本月完成运行监测分析 1 期，第三方评估方案已起草（演示数据）。' } },
    { by: 'staff-jxw-officer-1', command: { action: 'approve' as const, comment: '同意。' } },
  ];
  for (const [index, step] of steps3.entries()) await ctx.workflows.act(itemWorkflowId(m3), await ctx.actorOf(step.by), step.command, `demo-measures-m3-${index}`);

  // 保障机制四 (区委宣传部 leads, 区经济信息委 co-organises): the oldest report done, the next missing.
  const m4 = await reportItemOf(ctx, `${plan}/mechanism/四`, threeMonthsBack.key);
  await reportItemOf(ctx, `${plan}/mechanism/四`, monthBefore.key);
  const steps4 = [
    { by: 'staff-xcb-liaison', command: { action: 'sign' as const } },
    { by: 'staff-jxw-liaison', command: { action: 'coReport' as const, report: '已提供优秀专精特新企业候选名单（演示数据）。' } },
    { by: 'staff-xcb-liaison', command: { action: 'report' as const, result: '发布政策解读 2 篇、企业风采报道 3 篇（演示数据）。' } },
    { by: 'staff-jxw-officer-1', command: { action: 'approve' as const, comment: '同意。' } },
  ];
  for (const [index, step] of steps4.entries()) await ctx.workflows.act(itemWorkflowId(m4), await ctx.actorOf(step.by), step.command, `demo-measures-m4-${index}`);

  // Measure 7's sub-targets: achievements recorded by its co-units.
  const measure7 = measures.find((measure) => measure.id === `${plan}/measure/7`);
  if (!measure7) return;
  const names = (measure7.subTargets as unknown as SubTarget[]).map((subTarget) => subTarget.name);
  const achievements = [
    { key: 'demo-measures-a1', by: 'staff-park-shuangfu-liaison', subTarget: '数字化车间', count: 2, daysAgo: 300, enterpriseId: 'ent-001', reference: '演示〔2025〕1号' },
    { key: 'demo-measures-a2', by: 'staff-park-degan-liaison', subTarget: '数字化车间', count: 1, daysAgo: 40, enterpriseId: 'ent-002', reference: '演示〔2026〕7号' },
    { key: 'demo-measures-a3', by: 'staff-kjj-liaison', subTarget: '智能工厂', count: 1, daysAgo: 60, enterpriseId: 'ent-003', reference: '演示〔2026〕12号' },
    { key: 'demo-measures-a4', by: 'staff-sthjj-liaison', subTarget: '绿色工厂', count: 1, daysAgo: 20, enterpriseId: 'ent-004', reference: '演示〔2026〕15号' },
  ];
  for (const achievement of achievements) {
    await recordAchievement(
      ctx.db,
      measure7.id,
      uuidFromKey('achievement', achievement.key),
      {
        actor: await ctx.actorOf(achievement.by),
        subTarget: achievement.subTarget,
        count: achievement.count,
        achievedOn: addCalendarDays(today, -achievement.daysAgo),
        enterpriseId: achievement.enterpriseId,
        evidence: `${achievement.subTarget}认定文件（虚构，演示数据）`,
        reference: achievement.reference,
      },
      names,
    );
  }
  ctx.log(`重点任务: ${measures.length} tasks tracked, reports of 保障机制三/四, 4 achievements toward measure 7`);
}
