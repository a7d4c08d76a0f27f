import type { Db } from '../../runtime/db';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { AppError } from '../../domain/errors';
import { canActForEnterprise, canSeeEnterpriseCase, commissionActor, isServiceOfficerOf, seesEveryUnit } from '../../domain/access/policy';
import { actorViewFor, actorViews, withoutStaffIds } from '../organisation/actors';
import { difficultyCategories, type DifficultyCategory } from '../../domain/difficulty/categories';
import { ratingCauseLabels, type RatingPolicy } from '../../domain/difficulty/difficulty';
import ratingRules from '../../prisma/seed/difficulty-rating.json';
import { idempotencyKeyOf, unlessRetried } from '../http/idempotency';
import { route, type RouteDefinition } from '../http/route';
import { checkAssignedUnits, itemTypePolicyFor } from '../supervision/assignment';
import { clockSummaries } from '../supervision/clock-summary';
import { findItem, itemDetailView, itemView, unitsOf } from '../supervision/read-model';
import type { WorkflowClient } from '../workflow-client';
import {
  classifyDifficultyBodySchema,
  difficultyParamsSchema,
  enterpriseParamsSchema,
  listDifficultiesQuerySchema,
  raiseDifficultyBodySchema,
  rateDifficultyBodySchema,
  submitDifficultyBodySchema,
} from './schemas';

const tag = '企业诉求';

/** The rating rules in force (data: prisma/seed/difficulty-rating.json); each difficulty keeps the ones it was raised under. */
export const currentRatingPolicy = (): RatingPolicy => ({
  reopenAtOrBelow: ratingRules.reopenAtOrBelow,
  ratingWorkingDays: ratingRules.ratingWorkingDays,
  maxReopens: ratingRules.maxReopens,
});

const stateLabels = { awaiting_classification: '待分类交办', assigned: '办理中', awaiting_rating: '待评价', resolved: '已办结' } as const;

function enterpriseOf(principal: Principal): string {
  if (principal.kind !== 'enterprise') throw new AppError('FORBIDDEN', { userMessage: '仅企业联系人可执行此操作' });
  return principal.enterpriseId;
}

export function difficultyRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  /** The difficulty with what the caller may see of it, or the denial the caller gets. */
  async function visibleDifficulty(principal: Principal, difficultyId: string) {
    const difficulty = await db.difficulty.findUnique({ where: { id: difficultyId }, include: { enterprise: true } });
    if (!difficulty) throw new AppError('NOT_FOUND', { userMessage: '诉求不存在' });
    const items = await db.supervisedItem.findMany({
      where: { sourceKind: 'difficulty', sourceId: difficultyId },
      include: { leadUnit: true, assignments: { include: { unit: true } } },
      orderBy: { createdAt: 'asc' },
    });
    if (!canSeeEnterpriseCase(principal, difficulty.enterpriseId, items.flatMap(unitsOf), difficulty.enterprise.serviceOfficerId)) {
      throw new AppError(principal.kind === 'enterprise' ? 'FORBIDDEN' : 'WRONG_UNIT');
    }
    return { difficulty, items };
  }

  async function detailView(principal: Principal, difficultyId: string) {
    const { difficulty, items } = await visibleDifficulty(principal, difficultyId);
    const [clocks, ratings, events] = await Promise.all([
      clockSummaries(db, items),
      db.difficultyRating.findMany({ where: { difficultyId }, orderBy: [{ round: 'asc' }, { role: 'desc' }, { unitId: 'asc' }] }),
      db.difficultyEvent.findMany({ where: { difficultyId }, orderBy: { seq: 'asc' } }),
    ]);
    const actors = await actorViews(db, [difficulty.raisedBy, ...events.map((event) => event.actorId)]);
    const viewerIsStaff = principal.kind === 'staff';
    const view = {
      id: difficulty.id,
      enterprise: { id: difficulty.enterprise.id, name: difficulty.enterprise.name },
      category: difficulty.category,
      categoryLabel: difficultyCategories[difficulty.category as DifficultyCategory] ?? difficulty.category,
      title: difficulty.title,
      description: difficulty.description,
      state: difficulty.state,
      stateLabel: stateLabels[difficulty.state],
      origin: difficulty.origin,
      leadUnitId: difficulty.leadUnitId,
      coUnitIds: difficulty.coUnitIds,
      reopenCount: difficulty.reopenCount,
      ratingDueAt: difficulty.ratingDueAt?.toISOString() ?? null,
      raisedBy: difficulty.raisedBy,
      // Who raised it: the enterprise's contact, its service officer for it, or the commission.
      raisedByActor: actorViewFor(viewerIsStaff, actors.get(difficulty.raisedBy)),
      createdAt: difficulty.createdAt.toISOString(),
      // Each round's legal clock as the enterprise may read it (budget, used, suspensions with reasons).
      items: items.map((item) => ({ ...itemView(item), clock: clocks.get(item.id) ?? null })),
      ratings: ratings.map((row) => ({
        round: row.round,
        itemId: row.itemId,
        unitId: row.unitId,
        role: row.role,
        outcome: row.outcome,
        score: row.score,
        cause: row.cause,
        causeLabel: row.cause ? ratingCauseLabels[row.cause as keyof typeof ratingCauseLabels] : null,
        comment: row.comment,
        reopened: row.reopened,
        at: row.at.toISOString(),
      })),
      // The enterprise portal's timeline: the difficulty's own state changes (each item's history is on the item).
      timeline: events.map((row) => ({
        seq: row.seq,
        action: row.action,
        fromState: row.fromState,
        toState: row.toState,
        actorId: row.actorId,
        actor: actorViewFor(viewerIsStaff, actors.get(row.actorId)),
        detail: row.detail,
        at: row.at.toISOString(),
      })),
    };
    // An enterprise reads the acting unit, never a staff member's id (as on its other cases).
    return viewerIsStaff ? view : withoutStaffIds(view, actors);
  }

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
          { ...body, policy, commissionUnitId: actor.unitId, raisedBy: actor.userId, raisedAt: new Date().toISOString(), origin: 'commission', rating: currentRatingPolicy() },
          key,
        );
        const item = await findItem(db, registration.item.itemId);
        return { difficultyId: registration.difficultyId, item: itemDetailView(item) };
      },
    }),
    // 企业提出诉求: the enterprise's contact raises it for their own enterprise; the commission classifies and assigns it.
    route({
      operationId: 'difficulties.submit',
      method: 'post',
      path: '/enterprises/:enterpriseId/difficulties',
      tag,
      summary: '企业提出诉求（企业联系人，或该企业的服务专员代为提出；待区经济信息委分类交办）',
      access: 'difficulties.submit',
      params: enterpriseParamsSchema,
      body: submitDifficultyBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, params, body }) => {
        const [enterprise, commission] = await Promise.all([
          db.enterprise.findUnique({ where: { id: params.enterpriseId }, select: { id: true, serviceOfficerId: true } }),
          db.unit.findFirst({ where: { kind: 'commission' }, select: { id: true } }),
        ]);
        if (!enterprise) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        if (!canActForEnterprise(principal, params.enterpriseId, enterprise.serviceOfficerId)) {
          throw new AppError('FORBIDDEN', { userMessage: principal.kind === 'enterprise' ? '只能为本企业提出诉求' : '只有该企业的服务专员可以代企业提出诉求' });
        }
        if (!commission) throw new AppError('INTERNAL');
        const { difficultyId } = await workflows.submitDifficulty(
          {
            enterpriseId: params.enterpriseId,
            category: body.category,
            title: body.title,
            description: body.description,
            commissionUnitId: commission.id,
            // Who raised it, as the audit names people: the contact (account:<username>), or the
            // service officer (their staff id) who raised it for the enterprise.
            raisedBy: auditActorOf(principal),
            raisedAt: new Date().toISOString(),
            origin: 'enterprise',
            rating: currentRatingPolicy(),
          },
          idempotencyKeyOf(req),
        );
        return detailView(principal, difficultyId);
      },
    }),
    route({
      operationId: 'difficulties.list',
      method: 'get',
      path: '/difficulties',
      tag,
      summary: '诉求列表（企业看本企业，责任单位看交办本单位的，区经济信息委看全部）',
      access: 'difficulties.read',
      query: listDifficultiesQuerySchema,
      handle: async ({ principal, query }) => {
        let enterpriseId = query.enterpriseId;
        let unitIds: string[] | undefined;
        if (principal.kind === 'enterprise') {
          if (enterpriseId && enterpriseId !== principal.enterpriseId) throw new AppError('FORBIDDEN', { userMessage: '只能查看本企业的诉求' });
          enterpriseId = principal.enterpriseId;
        } else if (principal.kind === 'staff' && !seesEveryUnit(principal)) {
          unitIds = principal.memberships.map((m) => m.unitId);
        } else if (principal.kind !== 'staff') {
          throw new AppError('FORBIDDEN');
        }
        // A unit sees the difficulties it has (or had) an item of.
        const assignedIds = unitIds
          ? (
              await db.$queryRaw<{ source_id: string }[]>`
                SELECT DISTINCT i.source_id FROM supervised_item i JOIN item_assignment a ON a.item_id = i.id
                 WHERE i.source_kind = 'difficulty' AND a.unit_id = ANY(${unitIds}::text[])`
            ).map((row) => row.source_id)
          : undefined;
        // …and a service officer those of the enterprises they follow.
        const serving = principal.kind === 'staff' && isServiceOfficerOf(principal, principal.staffMemberId);
        const visible = assignedIds ? (serving ? { OR: [{ id: { in: assignedIds } }, { enterprise: { serviceOfficerId: principal.staffMemberId } }] } : { id: { in: assignedIds } }) : {};
        const rows = await db.difficulty.findMany({
          where: { ...(enterpriseId ? { enterpriseId } : {}), ...(query.state ? { state: query.state } : {}), ...visible },
          include: { enterprise: { select: { id: true, name: true } } },
          orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
          take: query.limit,
        });
        return {
          difficulties: rows.map((row) => ({
            id: row.id,
            enterprise: row.enterprise,
            category: row.category,
            title: row.title,
            state: row.state,
            stateLabel: stateLabels[row.state],
            origin: row.origin,
            leadUnitId: row.leadUnitId,
            coUnitIds: row.coUnitIds,
            reopenCount: row.reopenCount,
            ratingDueAt: row.ratingDueAt?.toISOString() ?? null,
            createdAt: row.createdAt.toISOString(),
            updatedAt: row.updatedAt.toISOString(),
          })),
        };
      },
    }),
    route({
      operationId: 'difficulties.get',
      method: 'get',
      path: '/difficulties/:difficultyId',
      tag,
      summary: '诉求详情：各轮承办事项、满意度评价与办理时间线',
      access: 'difficulties.read',
      params: difficultyParamsSchema,
      handle: ({ principal, params }) => detailView(principal, params.difficultyId),
    }),
    // 分门别类并交办: the commission confirms or changes the category and assigns lead and co-units.
    route({
      operationId: 'difficulties.classify',
      method: 'post',
      path: '/difficulties/:difficultyId/classify',
      tag,
      summary: '诉求分类并交办牵头、配合单位',
      access: 'difficulties.classify',
      params: difficultyParamsSchema,
      body: classifyDifficultyBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const actor = commissionActor(principal);
        const difficulty = await db.difficulty.findUnique({ where: { id: params.difficultyId }, select: { state: true, workflowId: true } });
        if (!difficulty) throw new AppError('NOT_FOUND', { userMessage: '诉求不存在' });
        const [policy] = await Promise.all([itemTypePolicyFor(db, body.itemType, 'difficulty', 'itemType'), checkAssignedUnits(db, body.leadUnitId, body.coUnitIds)]);
        const key = idempotencyKeyOf(req);
        const registration = await unlessRetried(difficulty.state === 'awaiting_classification', key, new AppError('INVALID_STATE', { userMessage: '诉求已分类交办' }), () =>
          workflows.classifyDifficulty(
            difficulty.workflowId,
            {
              classifiedBy: actor.userId,
              assignment: { category: body.category, leadUnitId: body.leadUnitId, coUnitIds: body.coUnitIds, itemType: body.itemType, policy },
              comment: body.comment,
              at: new Date().toISOString(),
            },
            key,
          ),
        );
        return { ...(await detailView(principal, params.difficultyId)), item: itemDetailView(await findItem(db, registration.item.itemId)) };
      },
    }),
    // 回访满意度: the enterprise confirms and rates a closed round.
    route({
      operationId: 'difficulties.rate',
      method: 'post',
      path: '/difficulties/:difficultyId/rating',
      tag,
      summary: '企业确认办理结果并评价满意度（1–5 分）',
      access: 'difficulties.rate',
      params: difficultyParamsSchema,
      body: rateDifficultyBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const enterpriseId = enterpriseOf(principal);
        const difficulty = await db.difficulty.findUnique({ where: { id: params.difficultyId }, select: { state: true, workflowId: true, enterpriseId: true } });
        if (!difficulty) throw new AppError('NOT_FOUND', { userMessage: '诉求不存在' });
        if (difficulty.enterpriseId !== enterpriseId) throw new AppError('FORBIDDEN', { userMessage: '只能评价本企业的诉求' });
        const key = idempotencyKeyOf(req);
        const refusal = new AppError('INVALID_STATE', { userMessage: difficulty.state === 'resolved' ? '诉求已办结并评价' : '诉求尚未办结销号，暂不能评价' });
        const outcome = await unlessRetried(difficulty.state === 'awaiting_rating', key, refusal, () =>
          workflows.rateDifficulty(difficulty.workflowId, { ratedBy: principal.accountId, enterpriseId, score: body.score, cause: body.cause, comment: body.comment }, key),
        );
        return { decision: outcome.decision, ...(await detailView(principal, params.difficultyId)) };
      },
    }),
  ];
}
