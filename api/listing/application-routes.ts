import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { appendAudit } from '../../activities/audit/audit-log';
import { listingCommissionActor, seesEveryUnit } from '../../domain/access/policy';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { shanghaiDateOf } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { intendedBoards, listingApplicationStates, type IntendedBoard, type ListingApplicationState } from '../../domain/listing/application';
import type { ListingProgramme } from '../../domain/listing/listing';
import { idempotencyKeyOf } from '../http/idempotency';
import { route, type RouteDefinition } from '../http/route';
import { uuidFromKey, type WorkflowClient } from '../workflow-client';
import { enrolInPool } from './enrol';
import { listingAcceptBodySchema, listingApplicationListQuerySchema, listingApplicationParamsSchema, listingApplyBodySchema, listingDeclineBodySchema } from './schemas';

// 入库申请: the enterprise's side of joining the district pool. The commission's acceptance enrols
// the enterprise through the same path as its direct enrolment (enrolInPool), so the case, its
// workflow and its audit are the same whichever way the enterprise came in.

const tag = '上市培育';

type ApplicationRow = Prisma.ListingApplicationGetPayload<{ include: { enterprise: { select: { name: true; serviceOfficerId: true } } } }>;

/**
 * An enterprise sees who decided only as the commission: staff members' ids stay with staff. Staff
 * see the enterprise's service officer, whom an acceptance proposes as the case's officer.
 */
function applicationView(row: ApplicationRow, viewer?: Principal) {
  const state = row.state as ListingApplicationState;
  return {
    id: row.id,
    enterprise: { id: row.enterpriseId, name: row.enterprise.name, ...(viewer?.kind === 'staff' ? { serviceOfficerId: row.enterprise.serviceOfficerId } : {}) },
    state,
    stateLabel: listingApplicationStates[state] ?? row.state,
    intendedBoard: row.intendedBoard,
    intendedBoardLabel: intendedBoards[row.intendedBoard as IntendedBoard] ?? row.intendedBoard,
    targetYear: row.targetYear,
    plan: row.plan,
    documents: row.documents,
    appliedBy: row.appliedBy,
    appliedAt: row.appliedAt.toISOString(),
    decidedBy: viewer?.kind === 'enterprise' ? null : row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reason: row.reason,
    caseId: row.caseId,
  };
}

const include = { enterprise: { select: { name: true, serviceOfficerId: true } } } as const;

async function visibleApplication(db: Db, principal: Principal, applicationId: string): Promise<ApplicationRow> {
  const row = await db.listingApplication.findUnique({ where: { id: applicationId }, include });
  if (!row) throw new AppError('NOT_FOUND', { userMessage: '入库申请不存在' });
  const allowed = principal.kind === 'enterprise' ? principal.enterpriseId === row.enterpriseId : seesEveryUnit(principal);
  if (!allowed) throw new AppError('FORBIDDEN', { userMessage: '只能查看本企业的入库申请' });
  return row;
}

const decidedError = (row: ApplicationRow) => new AppError('INVALID_STATE', { userMessage: `该入库申请已处理（${listingApplicationStates[row.state as ListingApplicationState] ?? row.state}）` });

export function listingApplicationRoutes(db: Db, workflows: WorkflowClient, programme: ListingProgramme): RouteDefinition[] {
  const reload = async (id: string) => applicationView(await db.listingApplication.findUniqueOrThrow({ where: { id }, include }));

  return [
    route({
      operationId: 'listing.officers.list',
      method: 'get',
      path: '/listing-officers',
      tag,
      summary: '可担任服务专员的人员（在职的联络员、分管领导与督办员），供纳入培育库时选择',
      access: 'listing.manage',
      handle: async () => {
        const rows = await db.staffMember.findMany({
          where: { active: true, roles: { hasSome: ['liaison', 'unit_leader', 'commission_officer'] } },
          include: { unit: { select: { name: true } } },
          orderBy: [{ unitId: 'asc' }, { id: 'asc' }],
        });
        return { officers: rows.map((row) => ({ id: row.id, name: row.name, unitId: row.unitId, unitName: row.unit.name })) };
      },
    }),
    route({
      operationId: 'listing.applications.apply',
      method: 'post',
      path: '/listing-applications',
      tag,
      summary: '企业申请纳入区级上市培育库（拟上市板块、计划申报年份、时间安排、申请材料）',
      access: 'listing.apply',
      body: listingApplyBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        if (principal.kind !== 'enterprise') throw new AppError('FORBIDDEN');
        const enterpriseId = principal.enterpriseId;
        const key = idempotencyKeyOf(req);
        const applyKey = key === undefined ? null : `${enterpriseId}:${key}`;
        if (applyKey) {
          const retried = await db.listingApplication.findFirst({ where: { enterpriseId, applyKey }, select: { id: true } });
          if (retried) return reload(retried.id);
        }
        const year = Number(shanghaiDateOf(new Date()).slice(0, 4));
        if (body.targetYear < year || body.targetYear > year + 10) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'targetYear', message: `计划申报年份须在 ${year} 至 ${year + 10} 年之间` }] });
        const [enrolled, pending] = await Promise.all([
          db.listingCase.findUnique({ where: { enterpriseId }, select: { id: true } }),
          db.listingApplication.findFirst({ where: { enterpriseId, state: 'pending' }, select: { id: true } }),
        ]);
        if (enrolled) throw new AppError('ALREADY_ENROLLED', { userMessage: '本企业已纳入上市培育，无需再次申请' });
        if (pending) throw new AppError('ALREADY_APPLIED', { userMessage: '本企业已有一份待审核的入库申请，请等待区经济信息委审核' });
        const id = applyKey ? uuidFromKey('listing-application', applyKey) : randomUUID();
        const now = new Date();
        const actorId = auditActorOf(principal);
        try {
          await db.$transaction(async (tx) => {
            await tx.listingApplication.create({
              data: { id, enterpriseId, state: 'pending', intendedBoard: body.intendedBoard, targetYear: body.targetYear, plan: body.plan, documents: body.documents, appliedBy: actorId, appliedAt: now, applyKey },
            });
            await appendAudit(tx, { actorId, action: 'listing.application.submit', subject: `listing-application:${id}`, detail: { enterpriseId, ...body }, dedupKey: `listing-application:${id}:submit`, at: now });
          });
        } catch (error) {
          // The pool admits one pending application per enterprise (a partial unique index): a
          // concurrent submission lost the race.
          const raced = await db.listingApplication.findFirst({ where: { enterpriseId, OR: [{ state: 'pending' }, ...(applyKey ? [{ applyKey }] : [])] }, select: { id: true, applyKey: true } });
          if (raced && applyKey && raced.applyKey === applyKey) return reload(raced.id);
          if (raced) throw new AppError('ALREADY_APPLIED', { userMessage: '本企业已有一份待审核的入库申请，请等待区经济信息委审核' });
          throw error;
        }
        return reload(id);
      },
    }),
    route({
      operationId: 'listing.applications.list',
      method: 'get',
      path: '/listing-applications',
      tag,
      summary: '入库申请列表（企业看本企业的；区经济信息委与区领导看全部，可按状态筛选）',
      access: 'listing.applications.read',
      query: listingApplicationListQuerySchema,
      handle: async ({ principal, query }) => {
        const where: Prisma.ListingApplicationWhereInput = { ...(query.state ? { state: query.state } : {}) };
        if (principal.kind === 'enterprise') where.enterpriseId = principal.enterpriseId;
        const rows = await db.listingApplication.findMany({ where, include, orderBy: [{ appliedAt: 'desc' }, { id: 'asc' }], take: 200 });
        return { applications: rows.map((row) => applicationView(row, principal)) };
      },
    }),
    route({
      operationId: 'listing.applications.get',
      method: 'get',
      path: '/listing-applications/:applicationId',
      tag,
      summary: '一份入库申请及其审核结果',
      access: 'listing.applications.read',
      params: listingApplicationParamsSchema,
      handle: async ({ principal, params }) => applicationView(await visibleApplication(db, principal, params.applicationId), principal),
    }),
    route({
      operationId: 'listing.applications.accept',
      method: 'post',
      path: '/listing-applications/:applicationId/acceptance',
      tag,
      summary: '同意纳入区级培育库：指定服务专员，按申请材料纳入（启动上市培育流程）',
      access: 'listing.manage',
      params: listingApplicationParamsSchema,
      body: listingAcceptBodySchema,
      idempotent: true,
      handle: async ({ principal, params, body }) => {
        const actor = listingCommissionActor(principal);
        const row = await visibleApplication(db, principal, params.applicationId);
        if (row.state === 'accepted') return applicationView(row);
        if (row.state === 'declined') throw decidedError(row);
        if (row.state === 'pending') {
          // Reserved before enrolling: a decline arriving meanwhile finds it taken and is refused, so
          // an enterprise is never enrolled while its application reads declined.
          const { count } = await db.listingApplication.updateMany({ where: { id: row.id, state: 'pending' }, data: { state: 'accepting', decidedBy: actor.userId, decidedAt: new Date() } });
          if (count === 0) {
            const now = await reload(row.id);
            if (now.state === 'accepted') return now;
            if (now.state === 'declined') throw new AppError('INVALID_STATE', { userMessage: `该入库申请已处理（${now.stateLabel}）` });
          }
        }
        // 'accepting' from here: this call's reservation, or an earlier one that did not finish (a
        // retry carries on; the enrolment's key makes it find the case it made).
        let caseId: string;
        let enrolledBefore = false;
        try {
          caseId = await enrolInPool(db, workflows, programme, {
            actor,
            enterpriseId: row.enterpriseId,
            officerId: body.officerId,
            enrolledOn: body.enrolledOn ?? shanghaiDateOf(new Date()),
            documents: row.documents as { title: string; reference?: string }[],
            key: `listing-application:${row.id}`,
          });
        } catch (error) {
          if (error instanceof AppError && error.code === 'ALREADY_ENROLLED') {
            // Enrolled directly while the application waited: the application is answered by that case.
            caseId = workflows.listingCaseId(row.enterpriseId);
            enrolledBefore = true;
          } else {
            // Refused on its merits (officer, date): nothing was enrolled, so it waits for a decision again.
            if (error instanceof AppError) await db.listingApplication.updateMany({ where: { id: row.id, state: 'accepting' }, data: { state: 'pending', decidedBy: null, decidedAt: null } });
            throw error;
          }
        }
        const now = new Date();
        await db.$transaction(async (tx) => {
          const { count } = await tx.listingApplication.updateMany({ where: { id: row.id, state: 'accepting' }, data: { state: 'accepted', decidedBy: actor.userId, decidedAt: now, reason: body.comment ?? null, caseId } });
          if (count === 0) return;
          await appendAudit(tx, {
            actorId: actor.userId,
            action: 'listing.application.accept',
            subject: `listing-application:${row.id}`,
            detail: { enterpriseId: row.enterpriseId, caseId, officerId: body.officerId, comment: body.comment ?? null, enrolledBefore },
            dedupKey: `listing-application:${row.id}:decision`,
            at: now,
          });
        });
        return reload(row.id);
      },
    }),
    route({
      operationId: 'listing.applications.decline',
      method: 'post',
      path: '/listing-applications/:applicationId/decline',
      tag,
      summary: '不予纳入区级培育库（须说明理由，企业可见）',
      access: 'listing.manage',
      params: listingApplicationParamsSchema,
      body: listingDeclineBodySchema,
      idempotent: true,
      handle: async ({ principal, params, body }) => {
        const actor = listingCommissionActor(principal);
        const row = await visibleApplication(db, principal, params.applicationId);
        if (row.state !== 'pending') {
          if (row.state === 'declined' && row.reason === body.reason) return applicationView(row);
          throw decidedError(row);
        }
        const now = new Date();
        const changed = await db.$transaction(async (tx) => {
          const { count } = await tx.listingApplication.updateMany({ where: { id: row.id, state: 'pending' }, data: { state: 'declined', decidedBy: actor.userId, decidedAt: now, reason: body.reason } });
          if (count === 0) return false;
          await appendAudit(tx, { actorId: actor.userId, action: 'listing.application.decline', subject: `listing-application:${row.id}`, detail: { enterpriseId: row.enterpriseId, reason: body.reason }, dedupKey: `listing-application:${row.id}:decision`, at: now });
          return true;
        });
        const after = await reload(row.id);
        if (!changed && !(after.state === 'declined' && after.reason === body.reason)) throw new AppError('INVALID_STATE', { userMessage: `该入库申请已处理（${after.stateLabel}）` });
        return after;
      },
    }),
  ];
}
