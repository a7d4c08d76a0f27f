import type { Db } from '../../runtime/db';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { explainDeadline, type Clock } from '../../domain/supervision/clock';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import type { ItemCommand } from '../../domain/supervision/item';
import type { UserAction } from '../../domain/supervision/item-state';
import { actorForAction, commissionActor, requireUnitsVisible } from '../../domain/access/policy';
import type { Principal } from '../../domain/access/principal';
import { idempotencyKeyOf } from '../http/idempotency';
import { route, type RouteDefinition } from '../http/route';
import type { WorkflowClient } from '../workflow-client';
import { findItem, findItemAccess, itemDetailView, listUnitItems, supervisionOverview, unitsOf } from './read-model';
import { checkAssignedUnits, itemTypePolicyFor } from './assignment';
import { actionBodySchemas, actionPaths, actionSummaries, assignItemBodySchema, commandNameOf, inboxQuerySchema, itemParamsSchema, unitParamsSchema } from './schemas';

const tag = '督办事项';

export function supervisionRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  const calendars = createCalendarActivities(db);
  /** The item with its history, if the principal's units may see it. */
  const visibleItem = async (principal: Principal, itemId: string) => {
    const item = await findItem(db, itemId);
    requireUnitsVisible(principal, unitsOf(item));
    return item;
  };

  // Every action on an item: POST /items/:itemId/<action>, e.g. sign, report, request-extension.
  const actionRoutes = actionPaths.map((action) =>
    route({
      operationId: `items.${commandNameOf(action)}`,
      method: 'post',
      path: `/items/:itemId/${action}`,
      tag,
      summary: actionSummaries[action],
      access: 'items.act',
      params: itemParamsSchema,
      body: actionBodySchemas[action] as (typeof actionBodySchemas)['sign'],
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const key = idempotencyKeyOf(req);
        const item = await findItemAccess(db, params.itemId);
        const command = { action: commandNameOf(action), ...body } as ItemCommand;
        // Who acts for which unit is decided here from the session; the workflow checks it again.
        const actor = actorForAction(principal, item, command.action as UserAction);
        await workflows.act(item.workflowId, actor, command, key);
        return itemDetailView(await findItem(db, params.itemId));
      },
    }),
  );

  return [
    route({
      operationId: 'inbox.list',
      method: 'get',
      path: '/units/:unitId/items',
      tag,
      summary: '单位待办：本单位牵头或配合的事项，按期限排序，可筛选、分页',
      access: 'inbox.read',
      params: unitParamsSchema,
      query: inboxQuerySchema,
      handle: async ({ principal, params, query }) => {
        requireUnitsVisible(principal, [params.unitId]);
        return listUnitItems(db, params.unitId, query, shanghaiDateOf(new Date()));
      },
    }),
    // 交办: the commission assigns an item to a lead unit (and co-organisers) on a type's time limits.
    route({
      operationId: 'items.assign',
      method: 'post',
      path: '/items',
      tag,
      summary: '交办督办事项',
      access: 'items.assign',
      body: assignItemBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const key = idempotencyKeyOf(req);
        const actor = commissionActor(principal);
        const [policy] = await Promise.all([itemTypePolicyFor(db, body.type, 'general', 'type'), checkAssignedUnits(db, body.leadUnitId, body.coUnitIds)]);
        const snapshot = await workflows.assignItem(
          { title: body.title, leadUnitId: body.leadUnitId, coUnitIds: body.coUnitIds, commissionUnitId: actor.unitId, policy, assignedAt: new Date().toISOString(), createdBy: actor.userId },
          key,
        );
        return itemDetailView(await findItem(db, snapshot.itemId));
      },
    }),
    route({
      operationId: 'items.overview',
      method: 'get',
      path: '/supervision/overview',
      tag,
      summary: '全区督办总览：各单位按颜色统计',
      access: 'items.overview',
      handle: async () => supervisionOverview(db, shanghaiDateOf(new Date())),
    }),
    route({
      operationId: 'items.get',
      method: 'get',
      path: '/items/:itemId',
      tag,
      summary: '事项详情与办理记录',
      access: 'items.read',
      params: itemParamsSchema,
      handle: async ({ principal, params }) => itemDetailView(await visibleItem(principal, params.itemId)),
    }),
    // 时限说明: how the deadline follows from the budget, suspensions, extensions and the calendar.
    route({
      operationId: 'items.explainDeadline',
      method: 'get',
      path: '/items/:itemId/deadline/explain',
      tag,
      summary: '时限说明：时限、已用工作日、中止与延期、适用的日历',
      access: 'items.read',
      params: itemParamsSchema,
      handle: async ({ principal, params }) => {
        const item = await visibleItem(principal, params.itemId);
        const clock = item.clock as unknown as Clock;
        const startYear = Number(clock.startedAt.slice(0, 4));
        const calendar = WorkingCalendar.from(await calendars.loadCalendar({ fromYear: startYear, toYear: startYear + 2 }));
        return { itemId: params.itemId, state: item.state, ...explainDeadline(clock, calendar, new Date()) };
      },
    }),
    ...actionRoutes,
  ];
}
