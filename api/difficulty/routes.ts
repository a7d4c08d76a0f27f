import { Router } from 'express';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { actorOf, isCommission, requireCommission } from '../http/actor';
import { idempotencyKeyOf } from '../http/idempotency';
import { parseInput } from '../http/validate';
import { checkAssignedUnits, itemTypePolicyFor } from '../supervision/assignment';
import { findItem, itemDetailView, itemView, unitsOf } from '../supervision/read-model';
import type { WorkflowClient } from '../workflow-client';
import { difficultyParamsSchema, raiseDifficultyBodySchema } from './schemas';

export function difficultyRoutes(db: Db, workflows: WorkflowClient): Router {
  const router = Router();

  // 诉求交办: the commission records an enterprise's difficulty and assigns its lead unit.
  router.post('/difficulties', async (req, res) => {
    const actor = await actorOf(db, req);
    requireCommission(actor);
    const body = parseInput(raiseDifficultyBodySchema, req.body);
    const key = idempotencyKeyOf(req);
    const [enterprise, policy] = await Promise.all([
      db.enterprise.findUnique({ where: { id: body.enterpriseId }, select: { id: true } }),
      itemTypePolicyFor(db, body.itemType, 'difficulty', 'itemType'),
      checkAssignedUnits(db, body.leadUnitId, body.coUnitIds),
    ]);
    if (!enterprise) throw new AppError('UNKNOWN_ENTERPRISE', { fieldErrors: [{ path: 'enterpriseId', message: '企业不存在' }] });
    const registration = await workflows.raiseDifficulty(
      { ...body, policy, commissionUnitId: actor.unitId, raisedBy: actor.userId, raisedAt: new Date().toISOString() },
      key,
    );
    const item = await findItem(db, registration.item.itemId);
    res.status(201).json({ difficultyId: registration.difficultyId, item: itemDetailView(item) });
  });

  router.get('/difficulties/:difficultyId', async (req, res) => {
    const actor = await actorOf(db, req);
    const { difficultyId } = parseInput(difficultyParamsSchema, req.params);
    const difficulty = await db.difficulty.findUnique({ where: { id: difficultyId }, include: { enterprise: true } });
    if (!difficulty) throw new AppError('NOT_FOUND', { userMessage: '诉求不存在' });
    const items = await db.supervisedItem.findMany({
      where: { sourceKind: 'difficulty', sourceId: difficultyId },
      include: { leadUnit: true, assignments: { include: { unit: true } } },
      orderBy: { createdAt: 'asc' },
    });
    if (!isCommission(actor) && !items.some((item) => unitsOf(item).includes(actor.unitId))) throw new AppError('WRONG_UNIT');
    res.json({
      id: difficulty.id,
      enterprise: { id: difficulty.enterprise.id, name: difficulty.enterprise.name },
      category: difficulty.category,
      title: difficulty.title,
      description: difficulty.description,
      state: difficulty.state,
      raisedBy: difficulty.raisedBy,
      createdAt: difficulty.createdAt.toISOString(),
      items: items.map(itemView),
    });
  });

  return router;
}
