import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { canSeeEnterpriseCase, commissionActor } from '../../domain/access/policy';
import { idempotencyKeyOf } from '../http/idempotency';
import { route, type RouteDefinition } from '../http/route';
import { checkAssignedUnits, itemTypePolicyFor } from '../supervision/assignment';
import { findItem, itemDetailView, itemView, unitsOf } from '../supervision/read-model';
import type { WorkflowClient } from '../workflow-client';
import { difficultyParamsSchema, raiseDifficultyBodySchema } from './schemas';

const tag = '企业诉求';

export function difficultyRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  return [
    // 诉求交办: the commission records an enterprise's difficulty and assigns its lead unit.
    route({
      operationId: 'difficulties.raise',
      method: 'post',
      path: '/difficulties',
      tag,
      summary: '登记企业诉求并交办责任单位',
      access: 'difficulties.raise',
      body: raiseDifficultyBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const key = idempotencyKeyOf(req);
        const actor = commissionActor(principal);
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
        return { difficultyId: registration.difficultyId, item: itemDetailView(item) };
      },
    }),
    route({
      operationId: 'difficulties.get',
      method: 'get',
      path: '/difficulties/:difficultyId',
      tag,
      summary: '诉求详情与各承办事项进度',
      access: 'difficulties.read',
      params: difficultyParamsSchema,
      handle: async ({ principal, params }) => {
        const difficulty = await db.difficulty.findUnique({ where: { id: params.difficultyId }, include: { enterprise: true } });
        if (!difficulty) throw new AppError('NOT_FOUND', { userMessage: '诉求不存在' });
        const items = await db.supervisedItem.findMany({
          where: { sourceKind: 'difficulty', sourceId: params.difficultyId },
          include: { leadUnit: true, assignments: { include: { unit: true } } },
          orderBy: { createdAt: 'asc' },
        });
        if (!canSeeEnterpriseCase(principal, difficulty.enterpriseId, items.flatMap(unitsOf))) {
          throw new AppError(principal.kind === 'enterprise' ? 'FORBIDDEN' : 'WRONG_UNIT');
        }
        return {
          id: difficulty.id,
          enterprise: { id: difficulty.enterprise.id, name: difficulty.enterprise.name },
          category: difficulty.category,
          title: difficulty.title,
          description: difficulty.description,
          state: difficulty.state,
          raisedBy: difficulty.raisedBy,
          createdAt: difficulty.createdAt.toISOString(),
          items: items.map(itemView),
        };
      },
    }),
  ];
}
