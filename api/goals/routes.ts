import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { shanghaiDateOf } from '../../domain/calendar';
import { goalProgress } from '../../domain/goals/progress';
import { fromDateColumn } from '../../prisma/date-column';
import { route, type RouteDefinition } from '../http/route';
import { goalActualSources, missingNote, type GoalActualSource } from './actual-sources';

const progressQuerySchema = z.strictObject({ planId: z.string().regex(/^[a-z0-9-]{1,80}$/).optional() });

/** 目标进度: the plan targets, actual against target, cumulative and per year. */
export function goalRoutes(db: Db, sources: readonly GoalActualSource[] = goalActualSources): RouteDefinition[] {
  return [
    route({
      operationId: 'goals.progress',
      method: 'get',
      path: '/goals/progress',
      tag: '目标进度',
      summary: '行动计划目标完成情况：各目标按年度的新增数、累计数、完成率与序时进度',
      access: 'goals.read',
      query: progressQuerySchema,
      handle: async ({ query }) => {
        const plan = query.planId
          ? await db.plan.findUnique({ where: { id: query.planId } })
          : await db.plan.findFirst({ orderBy: [{ periodTo: 'desc' }, { id: 'asc' }] });
        if (!plan) throw new AppError('NOT_FOUND', { userMessage: '行动计划不存在' });
        const period = { from: fromDateColumn(plan.periodFrom), to: fromDateColumn(plan.periodTo) };
        const targets = await db.planTarget.findMany({ where: { planId: plan.id } });
        const today = shanghaiDateOf(new Date());
        const goals = await Promise.all(
          targets.map(async (target) => {
            const source = sources.find((candidate) => candidate.targetKey === target.key);
            return goalProgress({
              target: { key: target.key, name: target.name, target: target.target, due: fromDateColumn(target.due) },
              period,
              today,
              perYear: source ? await source.countPerYear(db, period) : undefined,
              note: source?.note ?? missingNote,
            });
          }),
        );
        const order = new Map(['innovative_sme', 'municipal_srdi', 'national_little_giant', 'new_listed'].map((key, index) => [key, index]));
        goals.sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99) || a.key.localeCompare(b.key));
        return { plan: { id: plan.id, title: plan.title, periodFrom: period.from, periodTo: period.to }, asOf: today, goals };
      },
    }),
  ];
}
