import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ListingActor, ListingCaseState, ListingEvidence, ListingOfficer, ListingProgramme } from '../../domain/listing/listing';
import type { LocalDate } from '../../domain/calendar';

export interface ListingInput {
  caseId: string;
  enterpriseId: string;
  enterpriseName: string;
  /** The commission's unit: stall follow-ups and reward claims are assigned to it. */
  commissionUnitId: string;
  /** The chain and cadence as they were when the enterprise was enrolled; the case keeps them. */
  programme: ListingProgramme;
  officer: ListingOfficer;
  enrolment: { enrolledOn: LocalDate; evidence: Omit<ListingEvidence, 'id' | 'at' | 'milestone' | 'recordedAs'>; by: string; at: string; idempotencyKey?: string };
  /** Continue as new at this many history events even before the server suggests it (tests lower it). */
  historyLimit?: number;
  /** State carried over by continue-as-new; absent on the first run. */
  carried?: { state: ListingCaseState; handledUpdateIds: string[] };
}

export interface EvidenceRequest {
  actor: ListingActor;
  milestone: string;
  documents: { title: string; reference?: string }[];
  attachmentIds: string[];
}

export interface ConfirmRequest {
  actor: ListingActor;
  milestone: string;
  reachedOn: LocalDate;
  comment?: string;
  /** Set by the API when the milestone's quota is already met and its mode is warn. */
  quotaWarning?: string;
}

export interface OfficerRequest {
  actor: ListingActor;
  officer: ListingOfficer;
  reason: string;
}

/** Returns once the enrolment is recorded; used with update-with-start. */
export const listingEnrolledUpdate = defineUpdate<ListingCaseState>('enrolled');

// Updates, not Signals: the caller learns at once whether the case accepted the step (the
// synchronous validators refuse an out-of-order milestone or missing evidence before anything is
// recorded), and each returns after the read model is written.
export const recordEvidenceUpdate = defineUpdate<ListingCaseState, [EvidenceRequest]>('recordEvidence');
export const confirmMilestoneUpdate = defineUpdate<ListingCaseState, [ConfirmRequest]>('confirmMilestone');
export const changeOfficerUpdate = defineUpdate<ListingCaseState, [OfficerRequest]>('changeOfficer');

export const listingStateQuery = defineQuery<ListingCaseState | null>('listingState');
