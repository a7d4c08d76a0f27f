import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { shanghaiDateOf } from '../../domain/calendar';
import { fromDateColumn } from '../../prisma/date-column';
import {
  eligibilityFailures,
  missingMaterials,
  windowState,
  type EligibilityRules,
  type RequiredMaterial,
  type ResolvedStep,
  type SubsidyApplicationInput,
  type SubsidyApplicationRequest,
  type SubsidyProcessDefinition,
} from '../../domain/subsidy/subsidy';
import subsidyProcess from '../../prisma/seed/subsidy-process.json';
import { findItemType } from '../supervision/item-types';

/** The steps as data; the round may shorten or lengthen 补正 and 公示 (its own columns). */
export const subsidyProcessDefinition = subsidyProcess as SubsidyProcessDefinition;

/**
 * Checks a request against its round (the window in China time: 逾期不再受理; eligibility
 * against the enterprise's latest figures; the required materials; the amount) and resolves the
 * steps to units and item-type policies. Throws an AppError and writes nothing when refused.
 * The API calls it before starting an application; another process calls it the same way
 * (as an activity, then WorkflowClient.applyForSubsidy or startChild with the result).
 */
export async function prepareSubsidyApplication(db: Db, request: SubsidyApplicationRequest, now = new Date()): Promise<Omit<SubsidyApplicationInput, 'applicationId'>> {
  const round = await db.subsidyRound.findUnique({ where: { id: request.roundId } });
  if (!round) throw new AppError('NOT_FOUND', { userMessage: '申报批次不存在' });
  const today = shanghaiDateOf(now);
  const window = windowState(fromDateColumn(round.opensOn), fromDateColumn(round.closesOn), today);
  if (window === 'early') throw new AppError('SUBSIDY_ROUND_NOT_OPEN', { userMessage: `本批次申报自 ${fromDateColumn(round.opensOn)} 开始，尚未开始受理` });
  if (window === 'late') throw new AppError('SUBSIDY_ROUND_CLOSED', { userMessage: `本批次申报已于 ${fromDateColumn(round.closesOn)} 截止，逾期不再受理` });

  const enterprise = await db.enterprise.findUnique({ where: { id: request.enterpriseId }, include: { figures: { orderBy: { year: 'desc' }, take: 1 } } });
  if (!enterprise) throw new AppError('UNKNOWN_ENTERPRISE');
  const latest = enterprise.figures[0];
  const failures = eligibilityFailures(round.eligibility as EligibilityRules, {
    townUnitId: enterprise.townUnitId,
    figures: latest && { year: latest.year, revenue: Number(latest.revenue), rdExpense: Number(latest.rdExpense), employees: latest.employees, inventionPatents: latest.inventionPatents },
  });
  if (failures.length > 0) {
    throw new AppError('NOT_ELIGIBLE', { userMessage: `不符合本批次申报条件：${failures.join('；')}`, fieldErrors: failures.map((message) => ({ path: 'eligibility', message })) });
  }
  const missing = missingMaterials(round.materials as unknown as RequiredMaterial[], request.materials);
  if (missing.length > 0) {
    throw new AppError('VALIDATION_FAILED', { userMessage: '申报材料不全', fieldErrors: missing.map((material) => ({ path: 'materials', message: `缺少申报材料：${material.label}` })) });
  }
  const maxAmount = Number(round.maxAmount);
  if (request.requestedAmount > maxAmount) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'requestedAmount', message: `申请金额不能超过本批次上限 ${maxAmount} 万元` }] });
  }

  const commission = await db.unit.findFirst({ where: { kind: 'commission' }, orderBy: { sortOrder: 'asc' }, select: { id: true } });
  if (!commission) throw new AppError('INTERNAL', { internalMessage: 'no commission unit' });
  const steps: ResolvedStep[] = [];
  for (const step of subsidyProcessDefinition.steps) {
    const leadUnitId = step.unit === 'enterprise_town' ? enterprise.townUnitId : step.unit === 'commission' ? commission.id : step.unit;
    if (!leadUnitId) throw new AppError('NOT_ELIGIBLE', { userMessage: '企业未登记所在园区或镇街，无法安排初审' });
    const stored = await findItemType(db, step.itemType);
    if (!stored || stored.policy.process !== 'subsidy') throw new AppError('UNKNOWN_ITEM_TYPE', { internalMessage: `subsidy step ${step.key}: item type ${step.itemType}` });
    steps.push({ key: step.key, label: step.label, kind: step.kind, leadUnitId, coUnitIds: step.coUnitIds, policy: stored.policy });
  }
  return {
    ...request,
    commissionUnitId: commission.id,
    submittedAt: now.toISOString(),
    maxAmount,
    supplementDays: round.supplementDays,
    publicityDays: round.publicityDays,
    steps,
  };
}
