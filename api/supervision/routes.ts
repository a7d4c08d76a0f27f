import { Router } from 'express';
import type { Db } from '../../runtime/db';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { explainDeadline, type Clock } from '../../domain/supervision/clock';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import type { ItemCommand } from '../../domain/supervision/item';
import { actorOf, requireCommission, requireUnitAccess } from '../http/actor';
import { idempotencyKeyOf } from '../http/idempotency';
import { parseInput } from '../http/validate';
import type { WorkflowClient } from '../workflow-client';
import { findItem, findItemAccess, itemDetailView, listUnitItems, supervisionOverview, unitsOf } from './read-model';
import { checkAssignedUnits, itemTypePolicyFor } from './assignment';
import { actionBodySchemas, actionParamsSchema, assignItemBodySchema, commandNameOf, inboxQuerySchema, itemParamsSchema, unitParamsSchema } from './schemas';

export function supervisionRoutes(db: Db, workflows: WorkflowClient): Router {
  const router = Router();
  const calendars = createCalendarActivities(db);

  router.get('/units/:unitId/items', async (req, res) => {
    const actor = await actorOf(db, req);
    const { unitId } = parseInput(unitParamsSchema, req.params);
    requireUnitAccess(actor, unitId);
    const query = parseInput(inboxQuerySchema, req.query);
    res.json(await listUnitItems(db, unitId, query, shanghaiDateOf(new Date())));
  });

  // 交办: the commission assigns an item to a lead unit (and co-organisers) on a type's time limits.
  router.post('/items', async (req, res) => {
    const actor = await actorOf(db, req);
    requireCommission(actor);
    const body = parseInput(assignItemBodySchema, req.body ?? {});
    const key = idempotencyKeyOf(req);
    const [policy] = await Promise.all([itemTypePolicyFor(db, body.type, 'general', 'type'), checkAssignedUnits(db, body.leadUnitId, body.coUnitIds)]);
    const snapshot = await workflows.assignItem(
      {
        title: body.title,
        leadUnitId: body.leadUnitId,
        coUnitIds: body.coUnitIds,
        commissionUnitId: actor.unitId,
        policy,
        assignedAt: new Date().toISOString(),
        createdBy: actor.userId,
      },
      key,
    );
    res.status(201).json(itemDetailView(await findItem(db, snapshot.itemId)));
  });

  router.get('/supervision/overview', async (req, res) => {
    requireCommission(await actorOf(db, req));
    res.json(await supervisionOverview(db, shanghaiDateOf(new Date())));
  });

  router.get('/items/:itemId', async (req, res) => {
    const actor = await actorOf(db, req);
    const { itemId } = parseInput(itemParamsSchema, req.params);
    const item = await findItem(db, itemId);
    requireUnitAccess(actor, unitsOf(item));
    res.json(itemDetailView(item));
  });

  // 时限说明: how the deadline follows from the budget, suspensions, extensions and the calendar.
  router.get('/items/:itemId/deadline/explain', async (req, res) => {
    const actor = await actorOf(db, req);
    const { itemId } = parseInput(itemParamsSchema, req.params);
    const item = await findItem(db, itemId);
    requireUnitAccess(actor, unitsOf(item));
    const clock = item.clock as unknown as Clock;
    const startYear = Number(clock.startedAt.slice(0, 4));
    const calendar = WorkingCalendar.from(await calendars.loadCalendar({ fromYear: startYear, toYear: startYear + 2 }));
    res.json({ itemId, state: item.state, ...explainDeadline(clock, calendar, new Date()) });
  });

  // Every action on an item: POST /items/:itemId/<action>, e.g. sign, report, request-extension.
  router.post('/items/:itemId/:action', async (req, res) => {
    const actor = await actorOf(db, req);
    const { itemId, action } = parseInput(actionParamsSchema, req.params);
    const body = parseInput(actionBodySchemas[action], req.body ?? {});
    const key = idempotencyKeyOf(req);
    const item = await findItemAccess(db, itemId);
    requireUnitAccess(actor, item.unitIds);
    const command = { action: commandNameOf(action), ...body } as ItemCommand;
    await workflows.act(item.workflowId, actor, command, key);
    res.json(itemDetailView(await findItem(db, itemId)));
  });

  return router;
}
