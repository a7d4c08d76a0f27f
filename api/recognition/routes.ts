import { randomUUID } from 'node:crypto';
import type { Db } from '../../runtime/db';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../domain/errors';
import { canSeeEnterprise, canSeeEnterpriseFigures, canSeeUnits, commissionActor, isServiceOfficerOf, seesEveryUnit } from '../../domain/access/policy';
import { serviceOfficerIdOf } from '../../activities/enterprise/service-officer';
import type { Principal } from '../../domain/access/principal';
import { WorkingCalendar, addCalendarDays, compareLocalDate, shanghaiDateOf } from '../../domain/calendar';
import {
  applicationStateLabels,
  checkCriteria,
  stepLabels,
  tierLabels,
  type CriteriaCheck,
  type CriteriaVersion,
  type CriterionRule,
  type StepKind,
  type TierKey,
} from '../../domain/recognition/recognition';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { createRecognitionActivities, tierDates } from '../../activities/recognition/recognition-activities';
import { fromDateColumn, toDateColumn } from '../../prisma/date-column';
import { appendAudit } from '../../activities/audit/audit-log';
import { canonicalJson } from '../../domain/canonical-json';
import { idempotencyKeyOf } from '../http/idempotency';
import { actorViewFor, actorViews, withoutStaffIds } from '../organisation/actors';
import { route, type RouteDefinition } from '../http/route';
import { itemTypePolicyFor } from '../supervision/assignment';
import { clockSummaries } from '../supervision/clock-summary';
import { uuidFromKey, type WorkflowClient } from '../workflow-client';
import {
  applicationListQuerySchema,
  applicationParamsSchema,
  applyBodySchema,
  batchListQuerySchema,
  batchParamsSchema,
  criteriaBodySchema,
  criteriaParamsSchema,
  createBatchBodySchema,
  decisionBodySchema,
  eligibilityQuerySchema,
  enterpriseParamsSchema,
  recordTierBodySchema,
} from './schemas';
import { tierConfig } from './tier-config';

const tag = '梯度培育认定';
const today = () => shanghaiDateOf(new Date());

type BatchRow = Awaited<ReturnType<Db['recognitionBatch']['findUniqueOrThrow']>>;

function batchView(batch: BatchRow) {
  const opensOn = fromDateColumn(batch.opensOn);
  const cutoffOn = fromDateColumn(batch.cutoffOn);
  const now = today();
  return {
    id: batch.id,
    tier: batch.tier,
    tierLabel: tierLabels[batch.tier as TierKey],
    title: batch.title,
    opensOn,
    cutoffOn,
    accepting: compareLocalDate(opensOn, now) <= 0 && compareLocalDate(now, cutoffOn) <= 0,
    criteriaVersion: batch.criteriaVersion,
    figuresYear: batch.figuresYear,
  };
}

async function findBatch(db: Db, batchId: string) {
  const batch = await db.recognitionBatch.findUnique({ where: { id: batchId } });
  if (!batch) throw new AppError('NOT_FOUND', { userMessage: '认定批次不存在' });
  return batch;
}

async function criteriaOf(db: Db, tier: string, version: string): Promise<CriteriaVersion> {
  const row = await db.recognitionCriteria.findUniqueOrThrow({ where: { tier_version: { tier, version } } });
  return { tier: row.tier as TierKey, version: row.version, effectiveFrom: fromDateColumn(row.effectiveFrom), source: row.source, rules: row.rules as unknown as CriterionRule[] };
}

/** The enterprise's figures and tiers checked against the batch's criteria version, as of today. */
async function eligibilityOf(db: Db, batch: BatchRow, enterpriseId: string): Promise<CriteriaCheck> {
  const [criteria, figures, tiers] = await Promise.all([
    criteriaOf(db, batch.tier, batch.criteriaVersion),
    db.enterpriseFigure.findMany({ where: { enterpriseId, year: { in: [batch.figuresYear, batch.figuresYear - 1] } } }),
    db.enterpriseTier.findMany({ where: { enterpriseId } }),
  ]);
  return checkCriteria({
    criteria,
    figuresYear: batch.figuresYear,
    figures: figures.map((figure) => ({ year: figure.year, revenue: Number(figure.revenue), rdExpense: Number(figure.rdExpense), employees: figure.employees, inventionPatents: figure.inventionPatents })),
    heldTiers: tiers.map((row) => ({ tier: row.tier, ...tierDates(row) })),
    asOf: today(),
  });
}

/** Figures are commercial secrets: others see each criterion's outcome without the values. */
function visibleCheck(principal: Principal, enterpriseId: string, check: CriteriaCheck) {
  if (canSeeEnterpriseFigures(principal, enterpriseId)) return check;
  return { ...check, results: check.results.map(({ key, label, outcome }) => ({ key, label, outcome })), figuresHidden: '经营数据仅对企业本身、区经济信息委及区领导可见' };
}

async function findApplication(db: Db, applicationId: string) {
  const application = await db.recognitionApplication.findUnique({
    where: { id: applicationId },
    include: { batch: true, steps: { orderBy: { seq: 'asc' } } },
  });
  if (!application) throw new AppError('NOT_FOUND', { userMessage: '认定申报不存在' });
  return application;
}
type ApplicationRow = Awaited<ReturnType<typeof findApplication>>;

/** The enterprise sees its own; staff the applications whose steps their unit handles (the commission: all), and its service officer. */
async function requireApplicationVisible(db: Db, principal: Principal, application: { id: string; enterpriseId: string }) {
  if (principal.kind === 'enterprise') {
    if (principal.enterpriseId !== application.enterpriseId) throw new AppError('FORBIDDEN', { userMessage: '只能查看本企业的申报' });
    return;
  }
  if (seesEveryUnit(principal) || isServiceOfficerOf(principal, await serviceOfficerIdOf(db, application.enterpriseId))) return;
  const units = await db.supervisedItem.findMany({ where: { sourceKind: 'recognition', sourceId: application.id }, select: { leadUnitId: true }, distinct: ['leadUnitId'] });
  if (!canSeeUnits(principal, units.map((unit) => unit.leadUnitId))) throw new AppError('WRONG_UNIT', { userMessage: '该申报的办理步骤不属于您所在的单位' });
}

async function applicationView(db: Db, principal: Principal, application: ApplicationRow) {
  const itemIds = application.steps.flatMap((step) => (step.itemId ? [step.itemId] : []));
  const [enterprise, items] = await Promise.all([
    db.enterprise.findUnique({ where: { id: application.enterpriseId }, select: { name: true } }),
    db.supervisedItem.findMany({ where: { id: { in: itemIds } }, select: { id: true, state: true, dueOn: true, colour: true, leadUnitId: true, clock: true, reportedAt: true, completedAt: true } }),
  ]);
  const byId = new Map(items.map((item) => [item.id, item]));
  const clocks = await clockSummaries(db, items);
  const actors = await actorViews(db, application.steps.map((step) => step.decidedBy));
  const view = {
    id: application.id,
    batch: batchView(application.batch),
    enterpriseId: application.enterpriseId,
    enterpriseName: enterprise?.name ?? null,
    tier: application.tier,
    state: application.state,
    stateLabel: applicationStateLabels[application.state],
    currentStep: application.state === 'in_review' ? application.currentStep : null,
    criteriaCheck: visibleCheck(principal, application.enterpriseId, application.criteriaCheck as unknown as CriteriaCheck),
    appliedAt: application.appliedAt.toISOString(),
    decidedAt: application.decidedAt?.toISOString() ?? null,
    steps: application.steps.map((step) => {
      const item = step.itemId ? byId.get(step.itemId) : undefined;
      return {
        seq: step.seq,
        kind: step.kind,
        label: stepLabels[step.kind as StepKind] ?? step.kind,
        itemId: step.itemId,
        item: item ? { state: item.state, dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null, colour: item.colour, unitId: item.leadUnitId, clock: clocks.get(item.id) ?? null } : null,
        decision: step.decision,
        comment: step.comment,
        detail: step.detail,
        // An enterprise sees the deciding unit, never the person's id.
        ...(principal.kind !== 'enterprise' ? { decidedBy: step.decidedBy } : {}),
        decider: step.decidedBy ? actorViewFor(principal.kind === 'staff', actors.get(step.decidedBy)) : null,
        decidedAt: step.decidedAt?.toISOString() ?? null,
        startedAt: step.startedAt.toISOString(),
      };
    }),
  };
  // An enterprise reads the acting unit, never a staff member's id (also inside step details).
  return principal.kind === 'enterprise' ? withoutStaffIds(view, actors) : view;
}

function tierStatus(validUntil: string, recheckOn: string, on: string): 'valid' | 'recheck_due' | 'expired' {
  if (compareLocalDate(validUntil, on) < 0) return 'expired';
  return compareLocalDate(recheckOn, on) <= 0 ? 'recheck_due' : 'valid';
}
const tierStatusLabels = { valid: '有效', recheck_due: '临近到期，待复核', expired: '已过期' } as const;

async function commissionUnitId(db: Db): Promise<string> {
  const unit = await db.unit.findFirst({ where: { kind: 'commission' }, select: { id: true }, orderBy: { id: 'asc' } });
  if (!unit) throw new AppError('INTERNAL');
  return unit.id;
}

/**
 * What the application's workflow starts with: the criteria check (refused when a criterion is
 * not met or its figure is missing), the tier's steps with their item types' policies as they are
 * today, and the validity and reminder rules. Shared by the API and the demo seeder.
 */
export async function applicationInput(db: Db, batch: BatchRow, enterpriseId: string, appliedBy: string) {
  const check = await eligibilityOf(db, batch, enterpriseId);
  if (!check.allMet) {
    throw new AppError('CRITERIA_NOT_MET', {
      userMessage: `未达到${tierLabels[batch.tier as TierKey]}认定条件（${batch.criteriaVersion} 版），本次申报不予受理`,
      fieldErrors: check.results.filter((result) => result.outcome !== 'met').map((result) => ({ path: `criteria.${result.key}`, message: result.message })),
    });
  }
  const tier = tierConfig(batch.tier as TierKey);
  const [steps, recheckPolicy, enterprise, commission] = await Promise.all([
    Promise.all(tier.steps.map(async (step, index) => ({ seq: index + 1, kind: step.kind, minWorkingDays: step.minWorkingDays, policy: await itemTypePolicyFor(db, step.itemType, 'recognition', 'tier') }))),
    itemTypePolicyFor(db, 'recognition_recheck', 'recognition', 'tier'),
    db.enterprise.findUniqueOrThrow({ where: { id: enterpriseId }, select: { name: true } }),
    commissionUnitId(db),
  ]);
  return {
    enterpriseId,
    enterpriseName: enterprise.name,
    batchId: batch.id,
    tier: tier.key,
    commissionUnitId: commission,
    appliedBy,
    appliedAt: new Date().toISOString(),
    validityYears: tier.validityYears,
    recheckReminderDays: tier.recheckReminderDays,
    steps,
    recheckPolicy,
    criteriaCheck: check,
  };
}

/** 梯度培育认定: batches, applications and their steps, and each enterprise's tier history. */
export function recognitionRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  const calendar = createCalendarActivities(db);
  const records = createRecognitionActivities(db);
  return [
    route({
      operationId: 'recognition.batches.list',
      method: 'get',
      path: '/recognition/batches',
      tag,
      summary: '认定批次列表（按层级，含截止日期与是否正在受理）',
      access: 'recognition.read',
      query: batchListQuerySchema,
      handle: async ({ query }) => ({
        batches: (await db.recognitionBatch.findMany({ where: query.tier ? { tier: query.tier } : {}, orderBy: [{ cutoffOn: 'desc' }, { id: 'asc' }], take: 100 })).map(batchView),
      }),
    }),
    route({
      operationId: 'recognition.batches.create',
      method: 'post',
      path: '/recognition/batches',
      tag,
      summary: '设立认定批次（层级、受理起止日期；采用开始受理之日有效的认定条件版本）',
      access: 'recognition.manage',
      body: createBatchBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const actor = commissionActor(principal);
        if (compareLocalDate(body.cutoffOn, body.opensOn) < 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'cutoffOn', message: '截止日期不能早于开始受理日期' }] });
        if (compareLocalDate(body.cutoffOn, today()) < 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'cutoffOn', message: '截止日期不能早于今天' }] });
        const key = idempotencyKeyOf(req);
        const batch = await records.createRecognitionBatch({ id: key ? uuidFromKey('recognition-batch', key) : randomUUID(), ...body, actorId: actor.userId, at: new Date().toISOString() });
        if (!batch) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'opensOn', message: '该日期没有有效的认定条件版本' }] });
        return batchView(batch);
      },
    }),
    route({
      operationId: 'recognition.criteria.list',
      method: 'get',
      path: '/recognition/criteria',
      tag,
      summary: '各层级认定条件的全部版本（生效日期、依据、逐条指标）',
      access: 'recognition.read',
      handle: async () => ({
        criteria: (await db.recognitionCriteria.findMany({ orderBy: [{ tier: 'asc' }, { effectiveFrom: 'asc' }] })).map((row) => ({
          tier: row.tier,
          version: row.version,
          effectiveFrom: fromDateColumn(row.effectiveFrom),
          source: row.source,
          rules: row.rules,
        })),
      }),
    }),
    route({
      operationId: 'recognition.criteria.publish',
      method: 'put',
      path: '/recognition/criteria/:tier/:version',
      tag,
      summary: '发布认定条件新版本（如 2026 年修订）；此后开始受理的批次采用新版本，已发布的版本不可修改',
      access: 'recognition.manage',
      params: criteriaParamsSchema,
      body: criteriaBodySchema,
      handle: async ({ res, principal, params, body }) => {
        const actor = commissionActor(principal);
        const find = () => db.recognitionCriteria.findUnique({ where: { tier_version: { tier: params.tier, version: params.version } } });
        const view = { tier: params.tier, version: params.version, ...body };
        // A published version never changes: the same content again is answered, other content refused.
        const answerExisting = (existing: NonNullable<Awaited<ReturnType<typeof find>>>) => {
          const same = fromDateColumn(existing.effectiveFrom) === body.effectiveFrom && existing.source === body.source && canonicalJson(existing.rules) === canonicalJson(JSON.parse(JSON.stringify(body.rules)));
          if (!same) throw new AppError('VERSION_CONFLICT', { userMessage: '该版本已发布，已发布的认定条件不可修改，请发布新版本' });
          return { ...view, changed: false };
        };
        const existing = await find();
        if (existing) return answerExisting(existing);
        // Versions follow each other: a batch already pinned to a version keeps its meaning.
        const latest = await db.recognitionCriteria.findFirst({ where: { tier: params.tier }, orderBy: { effectiveFrom: 'desc' } });
        if (latest?.version === params.version) return answerExisting(latest);
        if (latest && body.effectiveFrom <= fromDateColumn(latest.effectiveFrom)) {
          throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'effectiveFrom', message: `生效日期须晚于现行最新版本（${latest.version}，${fromDateColumn(latest.effectiveFrom)} 起）` }] });
        }
        try {
          await db.$transaction(async (tx) => {
            await tx.recognitionCriteria.create({ data: { tier: params.tier, version: params.version, effectiveFrom: toDateColumn(body.effectiveFrom), source: body.source, rules: body.rules as unknown as Prisma.InputJsonArray } });
            await appendAudit(tx, { actorId: actor.userId, action: 'recognition.criteria.publish', subject: `recognition-criteria:${params.tier}:${params.version}`, detail: view, dedupKey: `recognition-criteria:${params.tier}:${params.version}`, at: new Date() });
          });
        } catch (error) {
          // Published by someone else at the same moment.
          const raced = await find();
          if (raced) return answerExisting(raced);
          throw error;
        }
        res.status(201);
        return { ...view, changed: true };
      },
    }),
    route({
      operationId: 'recognition.batches.get',
      method: 'get',
      path: '/recognition/batches/:batchId',
      tag,
      summary: '认定批次及其认定条件（版本、依据、逐条指标）',
      access: 'recognition.read',
      params: batchParamsSchema,
      handle: async ({ params }) => {
        const batch = await findBatch(db, params.batchId);
        const criteria = await criteriaOf(db, batch.tier, batch.criteriaVersion);
        return { ...batchView(batch), criteria, steps: tierConfig(batch.tier as TierKey).steps.map((step) => ({ kind: step.kind, label: stepLabels[step.kind] })) };
      },
    }),
    route({
      operationId: 'recognition.batches.eligibility',
      method: 'get',
      path: '/recognition/batches/:batchId/eligibility',
      tag,
      summary: '按本批次认定条件逐条核对企业数据（符合 / 不符合 / 缺少数据），不提交申报',
      access: 'recognition.read',
      params: batchParamsSchema,
      query: eligibilityQuerySchema,
      handle: async ({ principal, params, query }) => {
        const enterpriseId = principal.kind === 'enterprise' ? principal.enterpriseId : query.enterpriseId;
        if (!enterpriseId) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'enterpriseId', message: '请指定企业' }] });
        if (!canSeeEnterpriseFigures(principal, enterpriseId)) throw new AppError('FORBIDDEN', { userMessage: '经营数据仅对企业本身、区经济信息委及区领导可见' });
        const batch = await findBatch(db, params.batchId);
        if (!(await db.enterprise.findUnique({ where: { id: enterpriseId }, select: { id: true } }))) throw new AppError('UNKNOWN_ENTERPRISE');
        return eligibilityOf(db, batch, enterpriseId);
      },
    }),
    route({
      operationId: 'recognition.apply',
      method: 'post',
      path: '/recognition/batches/:batchId/applications',
      tag,
      summary: '企业申报（截止日期前；逐条核对认定条件，未达到的不予受理）',
      access: 'recognition.apply',
      params: batchParamsSchema,
      body: applyBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, params }) => {
        if (principal.kind !== 'enterprise') throw new AppError('FORBIDDEN');
        const batch = await findBatch(db, params.batchId);
        const view = batchView(batch);
        const now = today();
        if (compareLocalDate(now, view.opensOn) < 0) throw new AppError('BATCH_NOT_OPEN', { userMessage: `本批次自 ${view.opensOn} 起受理申报` });
        if (compareLocalDate(now, view.cutoffOn) > 0) throw new AppError('BATCH_CLOSED', { userMessage: `本批次申报已于 ${view.cutoffOn} 截止，逾期不再受理` });
        const existing = await db.recognitionApplication.findUnique({ where: { batchId_enterpriseId: { batchId: batch.id, enterpriseId: principal.enterpriseId } }, select: { id: true } });
        if (existing) {
          // A retry (same Idempotency-Key) gets its application; a second submission is refused.
          if (idempotencyKeyOf(req) !== undefined) return applicationView(db, principal, await findApplication(db, existing.id));
          throw new AppError('ALREADY_APPLIED');
        }
        const progress = await workflows.applyForRecognition(await applicationInput(db, batch, principal.enterpriseId, principal.accountId));
        return applicationView(db, principal, await findApplication(db, progress.applicationId));
      },
    }),
    route({
      operationId: 'recognition.applications.list',
      method: 'get',
      path: '/recognition/applications',
      tag,
      summary: '认定申报列表（企业看本企业的；工作人员看本单位办理步骤所涉的；区经济信息委看全部）',
      access: 'recognition.read',
      query: applicationListQuerySchema,
      handle: async ({ principal, query }) => {
        const where: Prisma.RecognitionApplicationWhereInput = { ...(query.batchId ? { batchId: query.batchId } : {}), ...(query.state ? { state: query.state } : {}), ...(query.tier ? { tier: query.tier } : {}) };
        if (principal.kind === 'enterprise') where.enterpriseId = principal.enterpriseId;
        else if (!seesEveryUnit(principal)) {
          const unitIds = principal.kind === 'staff' ? principal.memberships.map((m) => m.unitId) : [];
          const sources = await db.supervisedItem.findMany({ where: { sourceKind: 'recognition', leadUnitId: { in: unitIds } }, select: { sourceId: true }, distinct: ['sourceId'] });
          where.id = { in: sources.map((source) => source.sourceId) };
        }
        const rows = await db.recognitionApplication.findMany({ where, orderBy: [{ appliedAt: 'desc' }, { id: 'asc' }], take: 200, include: { batch: { select: { title: true } } } });
        const names = new Map((await db.enterprise.findMany({ where: { id: { in: rows.map((row) => row.enterpriseId) } }, select: { id: true, name: true } })).map((row) => [row.id, row.name]));
        return {
          applications: rows.map((row) => ({
            id: row.id,
            batchId: row.batchId,
            batchTitle: row.batch.title,
            enterpriseId: row.enterpriseId,
            enterpriseName: names.get(row.enterpriseId) ?? null,
            tier: row.tier,
            state: row.state,
            stateLabel: applicationStateLabels[row.state],
            currentStep: row.state === 'in_review' ? row.currentStep : null,
            appliedAt: row.appliedAt.toISOString(),
          })),
        };
      },
    }),
    route({
      operationId: 'recognition.applications.get',
      method: 'get',
      path: '/recognition/applications/:applicationId',
      tag,
      summary: '认定申报详情：逐条条件核对结果、各步骤（督办事项、时限、决定）',
      access: 'recognition.read',
      params: applicationParamsSchema,
      handle: async ({ principal, params }) => {
        const application = await findApplication(db, params.applicationId);
        await requireApplicationVisible(db, principal, application);
        return applicationView(db, principal, application);
      },
    }),
    route({
      operationId: 'recognition.applications.decide',
      method: 'post',
      path: '/recognition/applications/:applicationId/decisions',
      tag,
      summary: '办理当前步骤：初审、抽查、公示（起止日期）、推荐上报、录入上级认定结果',
      access: 'recognition.manage',
      params: applicationParamsSchema,
      body: decisionBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const actor = commissionActor(principal);
        const application = await findApplication(db, params.applicationId);
        const now = today();
        const fieldErrors: { path: string; message: string }[] = [];
        if (body.step === 'publicity') {
          if (compareLocalDate(body.publicityTo, body.publicityFrom) < 0) fieldErrors.push({ path: 'publicityTo', message: '公示结束日期不能早于开始日期' });
          else if (compareLocalDate(body.publicityTo, now) > 0) fieldErrors.push({ path: 'publicityTo', message: '公示期未满，期满后再录入公示结果' });
          else {
            const minimum = tierConfig(application.tier as TierKey).steps.find((step) => step.kind === 'publicity')?.minWorkingDays ?? 1;
            const from = Number(body.publicityFrom.slice(0, 4));
            const working = WorkingCalendar.from(await calendar.loadCalendar({ fromYear: from, toYear: Number(body.publicityTo.slice(0, 4)) }));
            const days = working.workingDaysInRange(addCalendarDays(body.publicityFrom, -1), body.publicityTo);
            if (days < minimum) fieldErrors.push({ path: 'publicityTo', message: `公示期不少于 ${minimum} 个工作日（所填期间为 ${days} 个工作日）` });
          }
        }
        if (body.step === 'result' && body.decision === 'pass') {
          if (!body.recognisedOn) fieldErrors.push({ path: 'recognisedOn', message: '请填写上级认定日期' });
          else if (compareLocalDate(body.recognisedOn, now) > 0 || compareLocalDate(body.recognisedOn, fromDateColumn(application.batch.opensOn)) < 0) {
            fieldErrors.push({ path: 'recognisedOn', message: '认定日期须在本批次开始受理之后、今天之前' });
          }
        }
        if (fieldErrors.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors });
        if (application.state !== 'in_review') throw new AppError('INVALID_STATE', { userMessage: '该申报已办结，不能再作决定' });
        await workflows.decideRecognitionStep(application.workflowId, { actor, decision: body }, idempotencyKeyOf(req));
        return applicationView(db, principal, await findApplication(db, params.applicationId));
      },
    }),
    route({
      operationId: 'enterprises.tiers.list',
      method: 'get',
      path: '/enterprises/:enterpriseId/tiers',
      tag,
      summary: '企业梯度认定记录：层级、认定日期、有效期至（3 年）、复核提醒日、批次',
      access: 'recognition.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        // Recognitions are published (公示, 公布名单), so every staff member may read an enterprise's
        // tiers; its figures stay with the enterprise, the commission and district leaders.
        if (!canSeeEnterprise(principal, params.enterpriseId)) throw new AppError('FORBIDDEN', { userMessage: '只能查看本企业的认定记录' });
        const enterprise = await db.enterprise.findUnique({ where: { id: params.enterpriseId }, select: { id: true, name: true } });
        if (!enterprise) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        const rows = await db.enterpriseTier.findMany({ where: { enterpriseId: params.enterpriseId }, orderBy: [{ recognisedOn: 'desc' }, { tier: 'asc' }] });
        const batches = new Map((await db.recognitionBatch.findMany({ where: { id: { in: rows.flatMap((row) => (row.batchId ? [row.batchId] : [])) } }, select: { id: true, title: true } })).map((b) => [b.id, b.title]));
        const now = today();
        return {
          enterpriseId: enterprise.id,
          enterpriseName: enterprise.name,
          tiers: rows.map((row) => {
            const dates = tierDates(row);
            const status = tierStatus(dates.validUntil, dates.recheckOn, now);
            return {
              id: row.id,
              tier: row.tier,
              tierLabel: tierLabels[row.tier as TierKey] ?? row.tier,
              ...dates,
              status,
              statusLabel: tierStatusLabels[status],
              batchId: row.batchId,
              batchTitle: row.batchId ? (batches.get(row.batchId) ?? null) : null,
              applicationId: row.applicationId,
              source: row.source,
              note: row.note,
              recheckItemId: row.recheckItemId,
            };
          }),
        };
      },
    }),
    route({
      operationId: 'recognition.tiers.due',
      method: 'get',
      path: '/recognition/tiers/due',
      tag,
      summary: '到期复核提醒：已到复核提醒日、尚未过期（或过期不足一年）的认定，按到期日排序',
      access: 'recognition.manage',
      handle: async () => {
        const now = today();
        const rows = await db.enterpriseTier.findMany({
          where: { recheckOn: { lte: toDateColumn(now) }, validUntil: { gte: toDateColumn(addCalendarDays(now, -365)) } },
          orderBy: [{ validUntil: 'asc' }, { id: 'asc' }],
          take: 500,
        });
        const names = new Map((await db.enterprise.findMany({ where: { id: { in: rows.map((row) => row.enterpriseId) } }, select: { id: true, name: true } })).map((row) => [row.id, row.name]));
        return {
          tiers: rows.map((row) => {
            const dates = tierDates(row);
            const status = tierStatus(dates.validUntil, dates.recheckOn, now);
            return { id: row.id, enterpriseId: row.enterpriseId, enterpriseName: names.get(row.enterpriseId) ?? null, tier: row.tier, ...dates, status, statusLabel: tierStatusLabels[status], recheckItemId: row.recheckItemId };
          }),
        };
      },
    }),
    route({
      operationId: 'enterprises.tiers.record',
      method: 'post',
      path: '/enterprises/:enterpriseId/tiers',
      tag,
      summary: '录入企业已有的认定（本系统之前或系统外取得），按层级有效期计算到期与复核提醒日',
      access: 'recognition.manage',
      params: enterpriseParamsSchema,
      body: recordTierBodySchema,
      status: 201,
      handle: async ({ principal, params, body }) => {
        const actor = commissionActor(principal);
        if (compareLocalDate(body.recognisedOn, today()) > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'recognisedOn', message: '认定日期不能晚于今天' }] });
        if (!(await db.enterprise.findUnique({ where: { id: params.enterpriseId }, select: { id: true } }))) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        const tier = tierConfig(body.tier);
        const recorded = await records.recordTierFromRecords({
          enterpriseId: params.enterpriseId,
          tier: body.tier,
          recognisedOn: body.recognisedOn,
          validityYears: tier.validityYears,
          recheckReminderDays: tier.recheckReminderDays,
          note: body.note,
          actorId: actor.userId,
          at: new Date().toISOString(),
        });
        const row = await db.enterpriseTier.findUniqueOrThrow({ where: { id: recorded.id } });
        return { id: row.id, tier: row.tier, ...tierDates(row), created: recorded.created };
      },
    }),
  ];
}
