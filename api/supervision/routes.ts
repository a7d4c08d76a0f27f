import { Router } from 'express';
import type { Db } from '../../runtime/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { actorOf, requireUnitAccess } from '../http/actor';
import { idempotencyKeyOf } from '../http/idempotency';
import { parseInput } from '../http/validate';
import type { WorkflowClient } from '../workflow-client';
import { findItem, itemDetailView, listUnitItems } from './read-model';
import { completeBodySchema, inboxQuerySchema, itemParamsSchema, signBodySchema, unitParamsSchema } from './schemas';

export function supervisionRoutes(db: Db, workflows: WorkflowClient): Router {
  const router = Router();

  router.get('/units/:unitId/items', async (req, res) => {
    const actor = actorOf(req);
    const { unitId } = parseInput(unitParamsSchema, req.params);
    requireUnitAccess(actor, unitId);
    const query = parseInput(inboxQuerySchema, req.query);
    res.json(await listUnitItems(db, unitId, query, shanghaiDateOf(new Date())));
  });

  router.get('/items/:itemId', async (req, res) => {
    const actor = actorOf(req);
    const { itemId } = parseInput(itemParamsSchema, req.params);
    const item = await findItem(db, itemId);
    requireUnitAccess(actor, item.leadUnitId);
    res.json(itemDetailView(item));
  });

  router.post('/items/:itemId/sign', async (req, res) => {
    const actor = actorOf(req);
    const { itemId } = parseInput(itemParamsSchema, req.params);
    parseInput(signBodySchema, req.body);
    const key = idempotencyKeyOf(req);
    const item = await findItem(db, itemId);
    requireUnitAccess(actor, item.leadUnitId);
    await workflows.signItem(item.workflowId, actor, key);
    res.json(itemDetailView(await findItem(db, itemId)));
  });

  router.post('/items/:itemId/complete', async (req, res) => {
    const actor = actorOf(req);
    const { itemId } = parseInput(itemParamsSchema, req.params);
    const { result } = parseInput(completeBodySchema, req.body);
    const key = idempotencyKeyOf(req);
    const item = await findItem(db, itemId);
    requireUnitAccess(actor, item.leadUnitId);
    await workflows.completeItem(item.workflowId, actor, result, key);
    res.json(itemDetailView(await findItem(db, itemId)));
  });

  return router;
}
