import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { canSeeEnterpriseCase, listingCommissionActor, listingEvidenceActor, seesEveryUnit } from '../../domain/access/policy';
import type { Principal } from '../../domain/access/principal';
import { shanghaiDateOf } from '../../domain/calendar';
import { milestoneIndex, quotaCheck, type ListingMilestoneDef, type RewardClaimRecord } from '../../domain/listing/listing';
import { applicationStateLabels, type ApplicationState } from '../../domain/subsidy/subsidy';
import { fromDateColumn } from '../../prisma/date-column';
import { idempotencyKeyOf } from '../http/idempotency';
import { actorViewFor, actorViews, withoutStaffIds } from '../organisation/actors';
import { route, type RouteDefinition } from '../http/route';
import type { WorkflowClient } from '../workflow-client';
import { enrolInPool } from './enrol';
import { serviceOfficerError, serviceOfficerIdOf, serviceOfficerOf } from '../../activities/enterprise/service-officer';
import { listingApplicationRoutes } from './application-routes';
import { loadListingProgramme } from './programme';
import { confirmBodySchema, enrolBodySchema, evidenceBodySchema, listingCaseParamsSchema, officerBodySchema } from './schemas';

const tag = '上市培育';

type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

async function findCase(db: Db, caseId: string) {
  return db.listingCase.findUnique({ where: { id: caseId }, include: { enterprise: { select: { name: true } } } });
}

async function requireCase(db: Db, principal: Principal, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  if (!row) throw new AppError('NOT_FOUND', { userMessage: '上市培育案例不存在' });
  const officerId = principal.kind === 'staff' && !seesEveryUnit(principal) ? await serviceOfficerIdOf(db, row.enterpriseId) : null;
  if (!canSeeEnterpriseCase(principal, row.enterpriseId, [row.officerUnitId], officerId)) throw new AppError(principal.kind === 'enterprise' ? 'FORBIDDEN' : 'WRONG_UNIT');
  return row;
}

function summaryView(row: CaseRow, labels: Map<string, string>) {
  return {
    id: row.id,
    enterprise: { id: row.enterpriseId, name: row.enterprise.name },
    officer: { staffId: row.officerId, unitId: row.officerUnitId },
    currentMilestone: { key: row.currentMilestone, label: labels.get(row.currentMilestone) ?? row.currentMilestone },
    nextMilestone: row.nextMilestone ? { key: row.nextMilestone, label: labels.get(row.nextMilestone) ?? row.nextMilestone, expectedBy: row.nextDueOn ? fromDateColumn(row.nextDueOn) : null } : null,
    enrolledOn: fromDateColumn(row.enrolledOn),
    listedOn: row.listedOn ? fromDateColumn(row.listedOn) : null,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An enterprise knows its service officer by name and unit; the staff id stays with staff. */
function officerFor(principal: Principal, officer: { staffId: string; unitId: string; name: string | null }) {
  if (principal.kind !== 'enterprise') return officer;
  return { unitId: officer.unitId, name: officer.name };
}

/** The case with its reached milestones (dates, evidence), open follow-ups and its timeline. */
async function caseView(db: Db, principal: Principal, row: CaseRow, labels: Map<string, string>, warnings: string[] = []) {
  const claims = row.rewardClaims as unknown as RewardClaimRecord[];
  const applicationIds = claims.flatMap((claim) => (claim.kind === 'subsidy_application' ? [claim.id] : []));
  const [events, officer, items, applications] = await Promise.all([
    db.listingEvent.findMany({ where: { caseId: row.id }, orderBy: { seq: 'asc' } }),
    db.staffMember.findUnique({ where: { id: row.officerId }, select: { name: true } }),
    // Where the case's check-ins, stall follow-ups and reward claims stand now (the case records only their ids).
    db.supervisedItem.findMany({
      where: { sourceKind: 'listing', sourceId: row.id },
      select: { id: true, type: true, title: true, leadUnitId: true, state: true, dueOn: true, colour: true },
      orderBy: { createdAt: 'asc' },
    }),
    applicationIds.length === 0 ? [] : db.subsidyApplication.findMany({ where: { id: { in: applicationIds } }, select: { id: true, state: true } }),
  ]);
  const applicationStates = new Map(applications.map((application) => [application.id, application.state]));
  const actors = await actorViews(db, events.map((event) => event.actorId));
  const summary = summaryView(row, labels);
  const view = {
    ...summary,
    officer: officerFor(principal, { ...summary.officer, name: officer?.name ?? null }),
    reached: row.reached,
    pendingEvidence: row.pendingEvidence,
    stallEscalations: row.stallEscalations,
    rewardClaims: claims.map((claim) => rewardClaimView(claim, applicationStates)),
    openCheckIns: row.openCheckIns,
    items: items.map((item) => ({ ...item, dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null })),
    timeline: events.map((event) => ({ seq: event.seq, action: event.action, milestone: event.milestone, ...(principal.kind !== 'enterprise' ? { actorId: event.actorId } : {}), actor: actorViewFor(principal.kind === 'staff', actors.get(event.actorId)), detail: event.detail, at: event.at.toISOString() })),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  // An enterprise reads the acting unit, never a staff member's id (also inside step details).
  return principal.kind === 'enterprise' ? withoutStaffIds(view, actors) : view;
}

/**
 * A staged reward claim as either a subsidy application (its state once registered; null just
 * after the claim) or a commission item (with why it is not an application, when it fell back).
 */
function rewardClaimView(claim: RewardClaimRecord, applicationStates: Map<string, string>) {
  const common = { milestone: claim.milestone, stage: claim.stage, at: claim.at };
  if (claim.kind === 'subsidy_application') {
    const state = applicationStates.get(claim.id) ?? null;
    return {
      ...common,
      kind: claim.kind,
      id: claim.id,
      roundId: claim.roundId,
      state,
      stateLabel: state ? (applicationStateLabels[state as ApplicationState] ?? state) : null,
      href: `/api/v1/subsidy-applications/${claim.id}`,
    };
  }
  return { ...common, kind: 'supervised_item' as const, id: claim.itemId, itemId: claim.itemId, fallbackReason: claim.fallbackReason ?? null, href: `/api/v1/items/${claim.itemId}` };
}

/** Refuses a change on a case that has reached its last milestone: its workflow has ended. */
function requireOpen(row: CaseRow) {
  if (row.listedOn) throw new AppError('INVALID_STATE', { userMessage: '企业已上市，培育流程已结束' });
}

/** Measure 18's quota (data on the milestone), against the cases that have reached it (domain quotaCheck). */
async function quotaWarning(db: Db, milestone: ListingMilestoneDef): Promise<string | undefined> {
  if (!milestone.quota) return undefined;
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM listing_case WHERE reached @> ${JSON.stringify([{ key: milestone.key }])}::jsonb`;
  const check = quotaCheck(milestone, row?.count ?? 0);
  if (check?.refuse) throw new AppError('QUOTA_REACHED', { userMessage: check.message });
  return check?.message;
}

/** 上市培育: enrolment, evidence, milestone confirmation, the service officer, and the case timeline. */
export function listingRoutes(db: Db, workflows: WorkflowClient): RouteDefinition[] {
  const programme = loadListingProgramme();
  const labels = new Map(programme.milestones.map((milestone) => [milestone.key, milestone.label]));
  const reload = async (caseId: string) => (await findCase(db, caseId))!;

  return [
    route({
      operationId: 'listing.milestones',
      method: 'get',
      path: '/listing-milestones',
      tag,
      summary: '上市培育里程碑（顺序、预期时长、佐证材料、分阶段奖励）与走访周期',
      access: 'listing.read',
      handle: async () => programme,
    }),
    route({
      operationId: 'listing.cases.list',
      method: 'get',
      path: '/listing-cases',
      tag,
      summary: '上市培育企业列表（区经济信息委与区领导看全部；服务专员所在单位看本单位的；企业看本企业的）',
      access: 'listing.read',
      handle: async ({ principal }) => {
        const where = seesEveryUnit(principal)
          ? {}
          : principal.kind === 'enterprise'
            ? { enterpriseId: principal.enterpriseId }
            : { officerUnitId: { in: principal.kind === 'staff' ? principal.memberships.map((m) => m.unitId) : [] } };
        const rows = await db.listingCase.findMany({ where, include: { enterprise: { select: { name: true } } }, orderBy: { enrolledOn: 'asc' }, take: 500 });
        const officers = await db.staffMember.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.officerId))] } }, select: { id: true, name: true } });
        const officerNames = new Map(officers.map((officer) => [officer.id, officer.name]));
        return { cases: rows.map((row) => { const summary = summaryView(row, labels); return { ...summary, officer: officerFor(principal, { ...summary.officer, name: officerNames.get(row.officerId) ?? null }) }; }) };
      },
    }),
    route({
      operationId: 'listing.cases.get',
      method: 'get',
      path: '/listing-cases/:caseId',
      tag,
      summary: '上市培育案例：已达成里程碑（日期、佐证）、下一里程碑、服务专员与时间线',
      access: 'listing.read',
      params: listingCaseParamsSchema,
      handle: async ({ principal, params }) => caseView(db, principal, await requireCase(db, principal, params.caseId), labels),
    }),
    route({
      operationId: 'listing.cases.enrol',
      method: 'post',
      path: '/listing-cases',
      tag,
      summary: '将企业纳入区级培育库，指定服务专员（启动上市培育流程）',
      access: 'listing.manage',
      body: enrolBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        const actor = listingCommissionActor(principal);
        const caseId = await enrolInPool(db, workflows, programme, { actor, ...body, key: idempotencyKeyOf(req) });
        return caseView(db, principal, await reload(caseId), labels);
      },
    }),
    route({
      operationId: 'listing.evidence.record',
      method: 'post',
      path: '/listing-cases/:caseId/evidence',
      tag,
      summary: '记录下一里程碑的佐证材料（服务专员所在单位或企业）',
      access: 'listing.evidence',
      params: listingCaseParamsSchema,
      body: evidenceBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const row = await requireCase(db, principal, params.caseId);
        const actor = listingEvidenceActor(principal, row);
        requireOpen(row);
        if (body.attachmentIds.length > 0) {
          // Attachments are uploaded to the case's own items (its check-ins), never borrowed from another case.
          const found = await db.itemAttachment.findMany({ where: { id: { in: body.attachmentIds }, item: { sourceKind: 'listing', sourceId: row.id } }, select: { id: true } });
          const missing = body.attachmentIds.filter((id) => !found.some((attachment) => attachment.id === id));
          if (missing.length > 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: missing.map((id) => ({ path: 'attachmentIds', message: `附件不存在或不属于本案例的事项：${id}` })) });
        }
        await workflows.recordListingEvidence(row.workflowId, { actor, milestone: body.milestone, documents: body.documents, attachmentIds: body.attachmentIds }, idempotencyKeyOf(req));
        return caseView(db, principal, await reload(row.id), labels);
      },
    }),
    route({
      operationId: 'listing.milestones.confirm',
      method: 'post',
      path: '/listing-cases/:caseId/milestones',
      tag,
      summary: '确认下一里程碑已达成（须已有佐证材料；设分阶段奖励的里程碑发起奖励申请）',
      access: 'listing.manage',
      params: listingCaseParamsSchema,
      body: confirmBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const actor = listingCommissionActor(principal);
        const row = await requireCase(db, principal, params.caseId);
        requireOpen(row);
        if (body.reachedOn > shanghaiDateOf(new Date())) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'reachedOn', message: '达成日期不能晚于今天' }] });
        const index = milestoneIndex(programme, body.milestone);
        // The quota only matters for the milestone that is next; the workflow refuses any other.
        const warning = index >= 0 && body.milestone === row.nextMilestone ? await quotaWarning(db, programme.milestones[index]!) : undefined;
        await workflows.confirmListingMilestone(row.workflowId, { actor, milestone: body.milestone, reachedOn: body.reachedOn, comment: body.comment, quotaWarning: warning }, idempotencyKeyOf(req));
        return caseView(db, principal, await reload(row.id), labels, warning ? [warning] : []);
      },
    }),
    route({
      operationId: 'listing.officer.change',
      method: 'put',
      path: '/listing-cases/:caseId/officer',
      tag,
      summary: '更换服务专员（之后的月度走访交其所在单位）',
      access: 'listing.manage',
      params: listingCaseParamsSchema,
      body: officerBodySchema,
      idempotent: true,
      handle: async ({ req, principal, params, body }) => {
        const actor = listingCommissionActor(principal);
        const row = await requireCase(db, principal, params.caseId);
        requireOpen(row);
        const officer = await serviceOfficerOf(db, body.officerId);
        if (!officer) throw serviceOfficerError();
        await workflows.changeListingOfficer(row.workflowId, { actor, officer, reason: body.reason }, idempotencyKeyOf(req));
        return caseView(db, principal, await reload(row.id), labels);
      },
    }),
    ...listingApplicationRoutes(db, workflows, programme),
  ];
}
