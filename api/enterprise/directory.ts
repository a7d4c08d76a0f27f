import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import type { LocalDate } from '../../domain/calendar';
import { tierLabels, type TierKey } from '../../domain/recognition/recognition';
import { fromDateColumn, toDateColumn } from '../../prisma/date-column';

// 企业库: staff find an enterprise by name or credit code, town and current tier. Ordered by name
// (then id), paged by the last enterprise shown, so that a page never repeats or skips a row
// when enterprises are added meanwhile. Names compare by code point (COLLATE "C"): the same
// order on every cluster, the embedded one included, which has no ICU collations.

export interface DirectoryQuery {
  q?: string | undefined;
  townUnitId?: string | undefined;
  tier?: TierKey | undefined;
  serviceOfficerId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

interface DirectoryRow {
  id: string;
  name: string;
  credit_code: string;
  town_unit_id: string | null;
  industry: string | null;
  service_officer_id: string | null;
  service_officer_name: string | null;
  service_officer_unit_id: string | null;
}

/** A tier counts while it is valid on `today` (3 years from recognition, see domain/recognition). */
export async function listEnterprises(db: Db, query: DirectoryQuery, today: LocalDate) {
  const day = toDateColumn(today);
  const conditions: Prisma.Sql[] = [];
  if (query.q) {
    // A name by any part of it, a credit code by its start; the user's % and _ are literal.
    const escaped = query.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conditions.push(Prisma.sql`(e.name ILIKE ${`%${escaped}%`} OR e.credit_code LIKE ${`${escaped.toUpperCase()}%`})`);
  }
  if (query.townUnitId) conditions.push(Prisma.sql`e.town_unit_id = ${query.townUnitId}`);
  if (query.serviceOfficerId) conditions.push(Prisma.sql`e.service_officer_id = ${query.serviceOfficerId}`);
  if (query.tier) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM enterprise_tier t WHERE t.enterprise_id = e.id AND t.tier = ${query.tier} AND t.valid_until >= ${day}::date)`);
  if (query.cursor) conditions.push(Prisma.sql`(e.name COLLATE "C", e.id) > (SELECT c.name COLLATE "C", c.id FROM enterprise c WHERE c.id = ${query.cursor})`);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  const rows = await db.$queryRaw<DirectoryRow[]>`
    SELECT e.id, e.name, e.credit_code, e.town_unit_id, e.industry,
           o.id AS service_officer_id, o.name AS service_officer_name, o.unit_id AS service_officer_unit_id
      FROM enterprise e LEFT JOIN staff_member o ON o.id = e.service_officer_id ${where}
     ORDER BY e.name COLLATE "C", e.id
     LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const tiers = page.length === 0 ? [] : await db.enterpriseTier.findMany({
    where: { enterpriseId: { in: page.map((row) => row.id) }, validUntil: { gte: day } },
    orderBy: [{ recognisedOn: 'desc' }, { tier: 'asc' }],
    select: { enterpriseId: true, tier: true, validUntil: true },
  });
  return {
    enterprises: page.map((row) => ({
      id: row.id,
      name: row.name,
      creditCode: row.credit_code,
      townUnitId: row.town_unit_id,
      industry: row.industry,
      serviceOfficer: row.service_officer_id ? { staffId: row.service_officer_id, name: row.service_officer_name, unitId: row.service_officer_unit_id } : null,
      tiers: tiers
        .filter((tier) => tier.enterpriseId === row.id)
        .map((tier) => ({ tier: tier.tier, tierLabel: tierLabels[tier.tier as TierKey] ?? tier.tier, validUntil: fromDateColumn(tier.validUntil) })),
    })),
    nextCursor: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}
