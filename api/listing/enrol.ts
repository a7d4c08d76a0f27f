import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import type { ListingActor, ListingProgramme } from '../../domain/listing/listing';
import type { WorkflowClient } from '../workflow-client';
import { serviceOfficerError, serviceOfficerOf } from '../../activities/enterprise/service-officer';

// 纳入区级培育库: the one enrolment path, used by the commission's direct enrolment and by its
// acceptance of an enterprise's 入库申请, so both start the same workflow with the same checks.

export interface EnrolRequest {
  actor: ListingActor;
  enterpriseId: string;
  officerId: string;
  enrolledOn: string;
  documents: { title: string; reference?: string }[];
  /** The request's Idempotency-Key: a retry with it gets the case instead of ALREADY_ENROLLED. */
  key: string | undefined;
}

/** Checks the enrolment and starts the enterprise's listing workflow; answers the case id. */
export async function enrolInPool(db: Db, workflows: WorkflowClient, programme: ListingProgramme, request: EnrolRequest): Promise<string> {
  const today = shanghaiDateOf(new Date());
  if (request.enrolledOn > today || request.enrolledOn < addCalendarDays(today, -3660)) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'enrolledOn', message: '入库日期须在今天及以前的十年内' }] });
  }
  const [enterprise, officer] = await Promise.all([db.enterprise.findUnique({ where: { id: request.enterpriseId }, select: { id: true, name: true } }), serviceOfficerOf(db, request.officerId)]);
  if (!enterprise) throw new AppError('UNKNOWN_ENTERPRISE', { fieldErrors: [{ path: 'enterpriseId', message: '企业不存在' }] });
  if (!officer) throw serviceOfficerError();
  const existing = await db.listingCase.findUnique({ where: { id: workflows.listingCaseId(enterprise.id) }, select: { id: true, enrolKey: true, currentMilestone: true } });
  if (existing) {
    if (request.key !== undefined && request.key === existing.enrolKey) return existing.id;
    const label = programme.milestones.find((milestone) => milestone.key === existing.currentMilestone)?.label ?? existing.currentMilestone;
    throw new AppError('ALREADY_ENROLLED', { userMessage: `${enterprise.name}已纳入上市培育（${label}）` });
  }
  const state = await workflows.enrolListing({
    enterpriseId: enterprise.id,
    enterpriseName: enterprise.name,
    commissionUnitId: request.actor.unitId!,
    programme,
    officer,
    enrolment: { enrolledOn: request.enrolledOn, evidence: { documents: request.documents, attachmentIds: [], recordedBy: request.actor.userId }, by: request.actor.userId, at: new Date().toISOString(), idempotencyKey: request.key },
  });
  return state.caseId;
}
