import type { Db } from '../../runtime/db';
import { shanghaiDateOf } from '../../domain/calendar';
import { listingApplicationStates, type ListingApplicationState } from '../../domain/listing/application';
import { applicationStateLabels as recognitionStateLabels, tierLabels, type TierKey } from '../../domain/recognition/recognition';
import { applicationStateLabels as subsidyStateLabels, type ApplicationState, type SupplementNotice } from '../../domain/subsidy/subsidy';
import { fromDateColumn } from '../../prisma/date-column';
import type { EnterpriseCase } from '../../domain/enterprise/cases';

// 我的办理事项: every case of one enterprise, of every kind, in one list: what it is, where it
// stands, the deadline that matters now and whether the enterprise itself has to act. The
// deadline is the current step's (its unit's legal clock) unless the enterprise holds the ball:
// then it is the enterprise's own (补正 by, rate by).

const difficultyStateLabels: Record<string, string> = { awaiting_classification: '待分类交办', assigned: '办理中', awaiting_rating: '待评价', resolved: '已办结' };

type Colour = EnterpriseCase['colour'];
const ownColour = (dueOn: string, today: string): Colour => (dueOn < today ? 'red' : 'green');

export async function enterpriseCases(db: Db, enterpriseId: string): Promise<EnterpriseCase[]> {
  const today = shanghaiDateOf(new Date());
  const [difficulties, subsidies, recognitions, listingApplications, listingCase] = await Promise.all([
    db.difficulty.findMany({ where: { enterpriseId }, orderBy: { createdAt: 'desc' }, take: 200 }),
    db.subsidyApplication.findMany({ where: { enterpriseId }, orderBy: { submittedAt: 'desc' }, take: 200, include: { round: { select: { title: true } } } }),
    db.recognitionApplication.findMany({ where: { enterpriseId }, orderBy: { appliedAt: 'desc' }, take: 200, include: { batch: { select: { title: true } }, steps: { select: { kind: true, itemId: true } } } }),
    db.listingApplication.findMany({ where: { enterpriseId }, orderBy: { appliedAt: 'desc' }, take: 50 }),
    db.listingCase.findUnique({ where: { enterpriseId } }),
  ]);
  const currentItemIds = [
    ...subsidies.flatMap((row) => (row.currentItemId ? [row.currentItemId] : [])),
    ...recognitions.flatMap((row) => row.steps.filter((step) => step.kind === row.currentStep && row.state === 'in_review' && step.itemId).map((step) => step.itemId!)),
  ];
  const [items, difficultyItems] = await Promise.all([
    db.supervisedItem.findMany({ where: { id: { in: currentItemIds } }, select: { id: true, dueOn: true, colour: true } }),
    db.supervisedItem.findMany({ where: { sourceKind: 'difficulty', sourceId: { in: difficulties.map((row) => row.id) } }, select: { sourceId: true, dueOn: true, colour: true, createdAt: true }, orderBy: { createdAt: 'asc' } }),
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  // The latest round's item of each difficulty (a reopened one has several).
  const latestItem = new Map(difficultyItems.map((item) => [item.sourceId, item]));
  const unitDeadline = (item: { dueOn: Date | null; colour: string } | undefined) =>
    item ? { dueOn: item.dueOn ? fromDateColumn(item.dueOn) : null, colour: item.colour as Colour, dueFor: 'unit' as const } : { dueOn: null, colour: 'green' as Colour, dueFor: null };
  const none = { dueOn: null, colour: 'green' as Colour, dueFor: null };

  const cases: EnterpriseCase[] = [];
  for (const row of difficulties) {
    const rating = row.state === 'awaiting_rating' && row.ratingDueAt ? shanghaiDateOf(row.ratingDueAt) : null;
    cases.push({
      kind: 'difficulty',
      id: row.id,
      title: row.title,
      state: row.state,
      stateLabel: difficultyStateLabels[row.state] ?? row.state,
      ...(rating ? { dueOn: rating, colour: ownColour(rating, today), dueFor: 'enterprise' as const } : row.state === 'assigned' ? unitDeadline(latestItem.get(row.id)) : none),
      action: row.state === 'awaiting_rating' ? 'rate' : null,
      startedAt: row.createdAt.toISOString(),
    });
  }
  for (const row of subsidies) {
    const notice = row.notice as SupplementNotice | null;
    const supplement = row.state === 'awaiting_supplement' && notice ? notice.dueOn : null;
    cases.push({
      kind: 'subsidy',
      id: row.id,
      title: row.round.title,
      state: row.state,
      stateLabel: subsidyStateLabels[row.state as ApplicationState] ?? row.state,
      ...(supplement ? { dueOn: supplement, colour: ownColour(supplement, today), dueFor: 'enterprise' as const } : row.currentItemId ? unitDeadline(itemById.get(row.currentItemId)) : none),
      action: supplement ? 'supplement' : null,
      startedAt: row.submittedAt.toISOString(),
    });
  }
  for (const row of recognitions) {
    const step = row.state === 'in_review' ? row.steps.find((candidate) => candidate.kind === row.currentStep && candidate.itemId) : undefined;
    cases.push({
      kind: 'recognition',
      id: row.id,
      title: `${row.batch.title}（${tierLabels[row.tier as TierKey] ?? row.tier}）`,
      state: row.state,
      stateLabel: recognitionStateLabels[row.state] ?? row.state,
      ...(step ? unitDeadline(itemById.get(step.itemId!)) : none),
      action: null,
      startedAt: row.appliedAt.toISOString(),
    });
  }
  for (const row of listingApplications) {
    // Once accepted, the case itself stands for it.
    if (row.state === 'accepted' && listingCase) continue;
    cases.push({
      kind: 'listing_application',
      id: row.id,
      title: '上市培育入库申请',
      state: row.state,
      stateLabel: listingApplicationStates[row.state as ListingApplicationState] ?? row.state,
      ...none,
      action: null,
      startedAt: row.appliedAt.toISOString(),
    });
  }
  if (listingCase) {
    const expected = listingCase.nextDueOn ? fromDateColumn(listingCase.nextDueOn) : null;
    cases.push({
      kind: 'listing',
      id: listingCase.id,
      title: '上市培育',
      state: listingCase.listedOn ? 'listed' : 'in_progress',
      stateLabel: listingCase.listedOn ? '已上市' : '培育中',
      dueOn: expected,
      // The next milestone's expected date is a target, not a legal time limit: shown, not owned.
      colour: expected && expected < today ? 'red' : 'green',
      dueFor: null,
      action: null,
      startedAt: listingCase.createdAt.toISOString(),
    });
  }
  return cases.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
}
