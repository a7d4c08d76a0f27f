import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../domain/errors';
import { actorForAction, canSeeEnterpriseCase, commissionActor, seesEveryUnit } from '../../domain/access/policy';
import { serviceOfficerIdOf } from '../../activities/enterprise/service-officer';
import { auditActorOf, type Principal } from '../../domain/access/principal';
import { shanghaiDateOf } from '../../domain/calendar';
import { applicationStateLabels, finalApplicationStates, type ApplicationState, type ObjectionState, type StepDecision } from '../../domain/subsidy/subsidy';
import { displayFileName, attachmentContentTypes } from '../../domain/supervision/attachment';
import { fromDateColumn } from '../../prisma/date-column';
import { openSubsidyRound } from '../../activities/subsidy/rounds';
import { saveAttachment, type AttachmentStore } from '../../activities/supervision/attachments';
import { prepareSubsidyApplication } from '../../activities/subsidy/prepare-application';
import { idempotencyKeyOf, unlessRetried } from '../http/idempotency';
import { actorViewFor, actorViews, withoutStaffIds } from '../organisation/actors';
import { route, type RouteDefinition } from '../http/route';
import { checkAssignedUnits } from '../supervision/assignment';
import { clockSummaries } from '../supervision/clock-summary';
import { uuidFromKey, type WorkflowClient } from '../workflow-client';
import {

  applicationListQuerySchema,
  applicationParamsSchema,
  applyBodySchema,
  decisionBodySchema,
  objectionBodySchema,
  objectionParamsSchema,
  openRoundBodySchema,
  resolutionBodySchema,
  roundParamsSchema,
  supplementBodySchema,
} from './schemas';

/** Where the applicant may still add materials: before the formal review ends, and during 补正. */
const materialStates: readonly string[] = ['town_review', 'formal_review', 'awaiting_supplement'];
const tag = '资金补助';

function roundView(round: { id: string; measureId: string; title: string; opensOn: Date; closesOn: Date; eligibility: unknown; materials: unknown; maxAmount: Prisma.Decimal; supplementDays: number; publicityDays: number; openedBy: string; createdAt: Date }) {
  const today = shanghaiDateOf(new Date());
  const opensOn = fromDateColumn(round.opensOn);
  const closesOn = fromDateColumn(round.closesOn);
  return {
    id: round.id,
    measureId: round.measureId,
    title: round.title,
    opensOn,
    closesOn,
    status: today < opensOn ? 'upcoming' : today > closesOn ? 'closed' : 'open',
    eligibility: round.eligibility,
    materials: round.materials,
    maxAmount: Number(round.maxAmount),
    supplementDays: round.supplementDays,
    publicityDays: round.publicityDays,
    openedBy: round.openedBy,
    createdAt: round.createdAt.toISOString(),
  };
}

/** The units a staff member must belong to to see an application: every unit any of its step items went to. */
async function applicationUnits(db: Db, applicationId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ unit_id: string }[]>`
    SELECT DISTINCT a.unit_id FROM supervised_item i JOIN item_assignment a ON a.item_id = i.id
     WHERE i.source_kind = 'subsidy' AND i.source_id = ${applicationId}`;
  return rows.map((row) => row.unit_id);
}

async function visibleApplication(db: Db, principal: Principal, applicationId: string) {
  const application = await db.subsidyApplication.findUnique({ where: { id: applicationId }, include: { round: true, events: { orderBy: { seq: 'asc' } } } });
  if (!application) throw new AppError('NOT_FOUND', { userMessage: '补助申请不存在' });
  const scoped = principal.kind === 'staff' && !seesEveryUnit(principal);
  const [units, officerId] = scoped ? await Promise.all([applicationUnits(db, applicationId), serviceOfficerIdOf(db, application.enterpriseId)]) : [[], null];
  if (!canSeeEnterpriseCase(principal, application.enterpriseId, units, officerId)) throw new AppError('FORBIDDEN', { userMessage: '无权查看该补助申请' });
  return application;
}

/**
 * 补助申请详情: status, the timeline, each step's item with its legal clock (working days used,
 * suspensions with their reasons), the one-time missing list and the objections.
 */
async function applicationView(db: Db, principal: Principal, application: Awaited<ReturnType<typeof visibleApplication>>) {
  const actors = await actorViews(db, application.events.map((event) => event.actorId));
  const items = await db.supervisedItem.findMany({ where: { sourceKind: 'subsidy', sourceId: application.id }, orderBy: { createdAt: 'asc' } });
  const clocks = await clockSummaries(db, items);
  const stepItems = application.stepItems as Record<string, string>;
  const objections = application.objections as unknown as ObjectionState[];
  const stepOfItem = new Map<string, string>([...Object.entries(stepItems).map(([step, itemId]) => [itemId, step] as [string, string]), ...objections.map((o) => [o.itemId, 'objection'] as [string, string])]);
  const state = application.state as ApplicationState;
  const view = {
    id: application.id,
    roundId: application.roundId,
    roundTitle: application.round.title,
    enterpriseId: application.enterpriseId,
    state,
    stateLabel: applicationStateLabels[state] ?? state,
    requestedAmount: Number(application.requestedAmount),
    approvedAmount: application.approvedAmount === null ? null : Number(application.approvedAmount),
    paidAmount: application.paidAmount === null ? null : Number(application.paidAmount),
    materials: application.materials,
    currentItemId: application.currentItemId,
    notice: application.notice,
    publicity: application.publicity,
    objections,
    outcomeReason: application.outcomeReason,
    origin: application.originKind ? { kind: application.originKind, id: application.originId } : null,
    submittedAt: application.submittedAt.toISOString(),
    steps: items.map((item) => {
      const clock = clocks.get(item.id)!;
      return {
        step: stepOfItem.get(item.id) ?? null,
        itemId: item.id,
        type: item.type,
        leadUnitId: item.leadUnitId,
        itemState: item.state,
        dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null,
        colour: item.colour,
        clock: {
          budget: clock.budget,
          used: clock.used,
          running: clock.running,
          suspendedDays: clock.suspendedDays,
          suspensions: clock.suspensions,
        },
        result: item.result,
      };
    }),
    timeline: application.events.map((event) => ({
      seq: event.seq,
      action: event.action,
      step: event.step,
      fromState: event.fromState,
      toState: event.toState,
      // An enterprise sees the unit behind a staff action, never the person's id.
      ...(principal.kind !== 'enterprise' ? { actorId: event.actorId } : {}),
      actor: actorViewFor(principal.kind === 'staff', actors.get(event.actorId)),
      reason: event.reason,
      detail: event.detail,
      at: event.at.toISOString(),
    })),
  };
  // An enterprise reads the acting unit, never a staff member's id (also inside step details).
  return principal.kind === 'enterprise' ? withoutStaffIds(view, actors) : view;
}

async function findApplication(db: Db, principal: Principal, applicationId: string) {
  return applicationView(db, principal, await visibleApplication(db, principal, applicationId));
}

/** The actor for a step of `leadUnitId`: the commission's staff for its own steps, the unit's liaison or leader otherwise. */
function stepActor(principal: Principal, leadUnitId: string, commissionUnitId: string) {
  if (leadUnitId === commissionUnitId) return commissionActor(principal);
  return actorForAction(principal, { leadUnitId, coUnitIds: [] }, 'report');
}

async function commissionUnitId(db: Db): Promise<string> {
  const unit = await db.unit.findFirst({ where: { kind: 'commission' }, orderBy: { sortOrder: 'asc' }, select: { id: true } });
  if (!unit) throw new AppError('INTERNAL', { internalMessage: 'no commission unit' });
  return unit.id;
}

/** 资金补助: rounds (申报批次) and applications; each step of an application is a supervised item. */
export function subsidyRoutes(db: Db, workflows: WorkflowClient, store: AttachmentStore, maxBytes: number): RouteDefinition[] {
  return [
    route({
      operationId: 'subsidy.rounds.list',
      method: 'get',
      path: '/subsidy-rounds',
      tag,
      summary: '申报批次列表（申报条件、材料清单、起止日期）',
      access: 'subsidy.read',
      handle: async () => ({ rounds: (await db.subsidyRound.findMany({ orderBy: [{ opensOn: 'desc' }, { createdAt: 'desc' }], take: 100 })).map(roundView) }),
    }),
    route({
      operationId: 'subsidy.rounds.get',
      method: 'get',
      path: '/subsidy-rounds/:roundId',
      tag,
      summary: '一个申报批次',
      access: 'subsidy.read',
      params: roundParamsSchema,
      handle: async ({ params }) => {
        const round = await db.subsidyRound.findUnique({ where: { id: params.roundId } });
        if (!round) throw new AppError('NOT_FOUND', { userMessage: '申报批次不存在' });
        return roundView(round);
      },
    }),
    route({
      operationId: 'subsidy.rounds.open',
      method: 'post',
      path: '/subsidy-rounds',
      tag,
      summary: '发布申报批次（属于行动计划的一项措施；申报条件、材料清单、起止日期为北京时间）',
      access: 'subsidy.manage',
      body: openRoundBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const actor = commissionActor(principal);
        const measure = await db.measure.findUnique({ where: { id: body.measureId }, select: { id: true, kind: true } });
        if (!measure || measure.kind !== 'measure') throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'measureId', message: `行动计划中没有这项措施：${body.measureId}` }] });
        const key = idempotencyKeyOf(req);
        const id = key ? uuidFromKey('subsidy-round', key) : randomUUID();
        const round = await openSubsidyRound(db, id, body, actor.userId);
        return roundView(round);
      },
    }),
    route({
      operationId: 'subsidy.applications.apply',
      method: 'post',
      path: '/subsidy-applications',
      tag,
      summary: '企业申报补助（在申报期内，符合申报条件，材料齐全；逾期不再受理）',
      access: 'subsidy.apply',
      body: applyBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        if (principal.kind !== 'enterprise') throw new AppError('FORBIDDEN', { userMessage: '仅企业联系人可以申报' });
        const input = await prepareSubsidyApplication(db, { ...body, enterpriseId: principal.enterpriseId, applicantId: auditActorOf(principal) });
        const key = idempotencyKeyOf(req);
        const snapshot = await workflows.applyForSubsidy(input, key && `${principal.enterpriseId}:${key}`);
        return findApplication(db, principal, snapshot.applicationId);
      },
    }),
    route({
      operationId: 'subsidy.applications.list',
      method: 'get',
      path: '/subsidy-applications',
      tag,
      summary: '补助申请列表：企业看本企业的，责任单位看交给本单位办理过的，区经济信息委看全部',
      access: 'subsidy.read',
      query: applicationListQuerySchema,
      handle: async ({ principal, query }) => {
        let where: Prisma.SubsidyApplicationWhereInput = {};
        if (principal.kind === 'enterprise') where = { enterpriseId: principal.enterpriseId };
        else if (principal.kind === 'staff' && !seesEveryUnit(principal)) {
          const unitIds = principal.memberships.map((m) => m.unitId);
          const rows = await db.$queryRaw<{ source_id: string }[]>`
            SELECT DISTINCT i.source_id FROM supervised_item i JOIN item_assignment a ON a.item_id = i.id
             WHERE i.source_kind = 'subsidy' AND a.unit_id = ANY(${unitIds}::text[])`;
          where = { id: { in: rows.map((row) => row.source_id) } };
        }
        // The filters narrow what the viewer may see (AND), so they never widen access.
        const filters: Prisma.SubsidyApplicationWhereInput[] = [where];
        if (query.roundId) filters.push({ roundId: query.roundId });
        if (query.state) filters.push({ state: query.state === 'active' ? { notIn: [...finalApplicationStates] } : query.state });
        const rows = await db.subsidyApplication.findMany({ where: { AND: filters }, orderBy: { submittedAt: 'desc' }, take: 200, include: { round: { select: { title: true } } } });
        const enterprises = await db.enterprise.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.enterpriseId))] } }, select: { id: true, name: true } });
        const enterpriseNames = new Map(enterprises.map((enterprise) => [enterprise.id, enterprise.name]));
        return {
          applications: rows.map((row) => ({
            id: row.id,
            roundId: row.roundId,
            roundTitle: row.round.title,
            enterpriseId: row.enterpriseId,
            enterpriseName: enterpriseNames.get(row.enterpriseId) ?? null,
            state: row.state,
            stateLabel: applicationStateLabels[row.state as ApplicationState] ?? row.state,
            requestedAmount: Number(row.requestedAmount),
            approvedAmount: row.approvedAmount === null ? null : Number(row.approvedAmount),
            currentItemId: row.currentItemId,
            submittedAt: row.submittedAt.toISOString(),
          })),
        };
      },
    }),
    route({
      operationId: 'subsidy.applications.get',
      method: 'get',
      path: '/subsidy-applications/:applicationId',
      tag,
      summary: '补助申请详情：状态、办理过程、各环节法定时限（已用工作日、中止计时及理由）、一次性告知清单、公示异议',
      access: 'subsidy.read',
      params: applicationParamsSchema,
      handle: async ({ principal, params }) => findApplication(db, principal, params.applicationId),
    }),
    route({
      operationId: 'subsidy.applications.decide',
      method: 'post',
      path: '/subsidy-applications/:applicationId/decision',
      tag,
      summary: '环节结论（本环节的责任单位）：通过 / 不通过（说明理由）/ 需补正（形式审查，一次性告知全部缺少的材料）；审定填写核定金额与公示起始日，拨付填写拨付金额',
      access: 'subsidy.decide',
      params: applicationParamsSchema,
      body: decisionBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const application = await visibleApplication(db, principal, params.applicationId);
        if (!application.currentItemId) throw new AppError('INVALID_STATE', { userMessage: '申请当前没有待办理的环节' });
        const item = await db.supervisedItem.findUnique({ where: { id: application.currentItemId }, select: { leadUnitId: true } });
        // The step's item is recorded with the step; until then there is nothing to decide on.
        if (!item) throw new AppError('INVALID_STATE', { userMessage: '本环节的督办事项尚在登记，请稍后再试' });
        const actor = stepActor(principal, item.leadUnitId, await commissionUnitId(db));
        const decision: StepDecision = { outcome: body.outcome, reason: body.reason, missing: body.missing, amount: body.amount, publicityFrom: body.publicityFrom };
        // A 公示 already posted may be recorded afterwards (one already over goes on to 拨付: its
        // objection period passed outside the system), but not dated before the round opened.
        const opensOn = fromDateColumn(application.round.opensOn);
        if (body.publicityFrom !== undefined && body.publicityFrom < opensOn) {
          throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'publicityFrom', message: `公示起始日不能早于本批次申报开始日 ${opensOn}` }] });
        }
        await workflows.decideSubsidyStep(application.workflowId, { actor, step: body.step, decision }, idempotencyKeyOf(req));
        return findApplication(db, principal, params.applicationId);
      },
    }),
    route({
      operationId: 'subsidy.applications.supply',
      method: 'post',
      path: '/subsidy-applications/:applicationId/supplement',
      tag,
      summary: '企业补正后重新提交（补正期限内）；形式审查恢复计时',
      access: 'subsidy.apply',
      params: applicationParamsSchema,
      body: supplementBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const application = await visibleApplication(db, principal, params.applicationId);
        if (principal.kind !== 'enterprise') throw new AppError('FORBIDDEN');
        const key = idempotencyKeyOf(req);
        await unlessRetried(application.state === 'awaiting_supplement', key, new AppError('INVALID_STATE', { userMessage: '申请当前无需补正' }), () =>
          workflows.supplySubsidyMaterials(application.workflowId, { actorId: auditActorOf(principal), enterpriseId: principal.enterpriseId, note: body.note }, key),
        );
        return findApplication(db, principal, params.applicationId);
      },
    }),
    route({
      operationId: 'subsidy.applications.attachments.add',
      method: 'post',
      path: '/subsidy-applications/:applicationId/attachments',
      tag,
      summary: `企业上传申报或补正材料（文件本身为请求体，文件名放在 X-File-Name 头；不超过 ${Math.round(maxBytes / 1024 / 1024)} MB），附在当前环节的事项上`,
      access: 'subsidy.apply',
      params: applicationParamsSchema,
      upload: { contentTypes: attachmentContentTypes, maxBytes },
      status: 201,
      handle: async ({ req, principal, params, file }) => {
        const application = await visibleApplication(db, principal, params.applicationId);
        if (!application.currentItemId) throw new AppError('INVALID_STATE', { userMessage: '申请已办结，不能再上传材料' });
        // Materials belong to the application and its completion (补正); once it is under review
        // proper (核查 onward) the file is closed to the applicant.
        if (!materialStates.includes(application.state)) throw new AppError('INVALID_STATE', { userMessage: '申请已进入核查及以后环节，不能再上传材料' });
        const saved = await saveAttachment(db, store, {
          itemId: application.currentItemId,
          fileName: displayFileName(req.header('x-file-name')),
          contentType: file!.contentType,
          bytes: file!.bytes,
          uploadedBy: auditActorOf(principal),
          unitId: '',
        });
        return { ...saved, createdAt: saved.createdAt.toISOString() };
      },
    }),
    route({
      operationId: 'subsidy.applications.object',
      method: 'post',
      path: '/subsidy-applications/:applicationId/objections',
      tag,
      summary: '登记公示期间收到的异议；异议交办为督办事项，处理完毕前不进入拨付',
      access: 'subsidy.manage',
      params: applicationParamsSchema,
      body: objectionBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, params, body }) => {
        const actor = commissionActor(principal);
        const application = await visibleApplication(db, principal, params.applicationId);
        if (application.state !== 'publicity') throw new AppError('INVALID_STATE', { userMessage: '申请当前不在公示期' });
        const leadUnitId = body.leadUnitId ?? actor.unitId;
        await checkAssignedUnits(db, leadUnitId, []);
        await workflows.objectToSubsidy(application.workflowId, { actor, text: body.text, leadUnitId }, idempotencyKeyOf(req));
        return findApplication(db, principal, params.applicationId);
      },
    }),
    route({
      operationId: 'subsidy.applications.resolveObjection',
      method: 'post',
      path: '/subsidy-applications/:applicationId/objections/:objectionId/resolution',
      tag,
      summary: '异议处理结论（承办单位）：异议成立则申请不予补助，不成立则公示期满后进入拨付',
      access: 'subsidy.decide',
      params: objectionParamsSchema,
      body: resolutionBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const application = await visibleApplication(db, principal, params.applicationId);
        const objection = (application.objections as unknown as ObjectionState[]).find((entry) => entry.id === params.objectionId);
        if (!objection) throw new AppError('NOT_FOUND', { userMessage: '异议不存在' });
        if (!objection.open || application.state !== 'publicity') throw new AppError('INVALID_STATE', { userMessage: '该异议已处理' });
        const actor = stepActor(principal, objection.leadUnitId, await commissionUnitId(db));
        await workflows.resolveSubsidyObjection(application.workflowId, { actor, objectionId: objection.id, upheld: body.upheld, conclusion: body.conclusion }, idempotencyKeyOf(req));
        return findApplication(db, principal, params.applicationId);
      },
    }),
  ];
}
