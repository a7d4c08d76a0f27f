import type { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import type { EligibilityRules, RequiredMaterial } from '../../domain/subsidy/subsidy';
import { toDateColumn } from '../../prisma/date-column';
import { appendAudit } from '../audit/audit-log';
import { subsidyProcessDefinition } from './prepare-application';

export interface RoundInput {
  measureId: string;
  title: string;
  opensOn: string;
  closesOn: string;
  eligibility: EligibilityRules;
  materials: RequiredMaterial[];
  maxAmount: number;
  supplementDays?: number;
  publicityDays?: number;
}

/** 发布申报批次: the round and its audit entry in one transaction; the same id again returns the round as it is. */
export async function openSubsidyRound(db: Db, id: string, input: RoundInput, openedBy: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const existing = await tx.subsidyRound.findUnique({ where: { id } });
    if (existing) return existing;
    const created = await tx.subsidyRound.create({
      data: {
        id,
        measureId: input.measureId,
        title: input.title,
        opensOn: toDateColumn(input.opensOn),
        closesOn: toDateColumn(input.closesOn),
        eligibility: input.eligibility as Prisma.InputJsonObject,
        materials: input.materials as unknown as Prisma.InputJsonArray,
        maxAmount: input.maxAmount,
        supplementDays: input.supplementDays ?? subsidyProcessDefinition.supplementDays,
        publicityDays: input.publicityDays ?? subsidyProcessDefinition.publicityDays,
        openedBy,
        createdAt: now,
      },
    });
    await appendAudit(tx, { actorId: openedBy, action: 'subsidy.round_open', subject: `subsidy_round:${id}`, detail: { ...input }, dedupKey: `subsidy_round:${id}:open`, at: now });
    return created;
  });
}

/** A round open for applications, as another process needs it to apply (上市分阶段奖励). */
export interface OpenRound {
  id: string;
  title: string;
  materials: RequiredMaterial[];
  maxAmount: number;
}

/**
 * The round of a measure open on a China-local day (opensOn ≤ day ≤ closesOn); when several are,
 * the one opened last (then by id, so the answer is stable). Undefined when none is.
 */
export async function findOpenSubsidyRound(db: Db, measureId: string, on: string): Promise<OpenRound | undefined> {
  const day = toDateColumn(on);
  const round = await db.subsidyRound.findFirst({
    where: { measureId, opensOn: { lte: day }, closesOn: { gte: day } },
    orderBy: [{ opensOn: 'desc' }, { id: 'asc' }],
    select: { id: true, title: true, materials: true, maxAmount: true },
  });
  return round ? { id: round.id, title: round.title, materials: round.materials as unknown as RequiredMaterial[], maxAmount: Number(round.maxAmount) } : undefined;
}
