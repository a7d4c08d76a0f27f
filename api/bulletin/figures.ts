import { Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { type LocalDate, shanghaiDateOf, shanghaiDayEnd, shanghaiDayStart } from '../../domain/calendar';
import { figuresOf, honourLists, rankUnits, rankedUnitKinds, satisfactionOf, type AssignmentFacts, type UnitFigures } from '../../domain/bulletin/figures';
import { subTargetProgress, type SubTarget, type SubTargetProgress } from '../../domain/measure/measure-task';
import type { Period } from '../../domain/measure/period';
import type { UnitKind } from '../../domain/supervision/item';
import { fromDateColumn } from '../../prisma/date-column';
import bulletinRules from '../../prisma/seed/bulletin-rules.json';

// Reads the supervised items' read models into the pure figures (domain/bulletin/figures.ts).

interface FactRow {
  itemId: string;
  unitId: string;
  role: 'lead' | 'co';
  assignedOn: string;
  signDueOn: string | null;
  signedOn: string | null;
  dueOn: string | null;
  doneOn: string | null;
  clock: { extensions?: { approvedAt: string }[] };
}

/** The rows of items assigned (their clock started) within the period, halted items excepted; facts dated in China time. */
export function loadAssignmentFacts(db: Db, period: { from: LocalDate; to: LocalDate }): Promise<AssignmentFacts[]> {
  return loadFacts(db, Prisma.sql`(i.clock->>'startedAt')::timestamptz >= ${shanghaiDayStart(period.from)} AND (i.clock->>'startedAt')::timestamptz < ${shanghaiDayEnd(period.to)}`);
}

/**
 * The rows of items assigned before the period whose deadline had passed by asOf and that were not
 * done before the period began: the candidates for 往期超期未办结 (figuresOf checks them at asOf).
 */
export function loadEarlierOverdueFacts(db: Db, period: { from: LocalDate }, asOf: LocalDate): Promise<AssignmentFacts[]> {
  return loadFacts(
    db,
    Prisma.sql`(i.clock->>'startedAt')::timestamptz < ${shanghaiDayStart(period.from)} AND a.due_on < ${asOf}::date
           AND coalesce(CASE WHEN a.role = 'lead' THEN i.completed_at ELSE a.reported_at END, 'infinity') >= ${shanghaiDayStart(period.from)}`,
  );
}

async function loadFacts(db: Db, startedWhen: Prisma.Sql): Promise<AssignmentFacts[]> {
  const rows = await db.$queryRaw<FactRow[]>`
    SELECT a.item_id AS "itemId", a.unit_id AS "unitId", a.role::text AS role,
           to_char((i.clock->>'startedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "assignedOn",
           CASE WHEN a.role = 'lead' THEN to_char(i.sign_due_on, 'YYYY-MM-DD') END AS "signDueOn",
           CASE WHEN a.role = 'lead' THEN to_char(i.signed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END AS "signedOn",
           to_char(a.due_on, 'YYYY-MM-DD') AS "dueOn",
           CASE WHEN a.role = 'lead' THEN
                  CASE WHEN i.completed_at IS NOT NULL THEN to_char(COALESCE(i.reported_at, i.completed_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END
                ELSE to_char(a.reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') END AS "doneOn",
           i.clock
      FROM item_assignment a
      JOIN supervised_item i ON i.id = a.item_id
     WHERE i.state <> 'halted' AND ${startedWhen}`;
  return rows.map((row) => ({
    itemId: row.itemId,
    unitId: row.unitId,
    role: row.role,
    assignedOn: row.assignedOn,
    signDueOn: row.signDueOn,
    signedOn: row.signedOn,
    dueOn: row.dueOn,
    doneOn: row.doneOn,
    extensionsApprovedOn: row.role === 'lead' ? (row.clock.extensions ?? []).map((extension) => shanghaiDateOf(new Date(extension.approvedAt))) : [],
  }));
}

/**
 * 满意率 input per unit: the enterprises' ratings (difficulty_rating, one row per round and unit)
 * of items assigned within the period, rated by the end of asOf. Ratings the enterprise did not
 * give (no_rating) count neither way.
 */
export async function loadSatisfactionRatings(db: Db, period: { from: LocalDate; to: LocalDate }, asOf: LocalDate): Promise<Map<string, { score: number }[]> | undefined> {
  const rows = await db.$queryRaw<{ unitId: string; score: number }[]>`
    SELECT r.unit_id AS "unitId", r.score
      FROM difficulty_rating r
      JOIN supervised_item i ON i.id = r.item_id
     WHERE r.outcome = 'rated' AND r.score IS NOT NULL
       AND r.at < ${shanghaiDayEnd(asOf)}
       AND (i.clock->>'startedAt')::timestamptz >= ${shanghaiDayStart(period.from)}
       AND (i.clock->>'startedAt')::timestamptz < ${shanghaiDayEnd(period.to)}`;
  const byUnit = new Map<string, { score: number }[]>();
  for (const row of rows) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), { score: row.score }]);
  return byUnit;
}

export const satisfactionNote = '满意率：企业对诉求办理的评价数据不可用，暂不计算（显示为空），不以估计值代替。';

export interface UnitFiguresReport {
  period: { key: string; label: string; from: LocalDate; to: LocalDate };
  asOf: LocalDate;
  units: UnitFigures[];
  redList: UnitFigures[];
  blackList: UnitFigures[];
  notes: string[];
}

/** Every department, park and town with its figures for the period, ranked, with the red and black lists. */
export async function unitFiguresFor(db: Db, period: Period, asOf: LocalDate): Promise<UnitFiguresReport> {
  const [units, facts, earlier, ratings] = await Promise.all([
    db.unit.findMany({ where: { kind: { in: [...rankedUnitKinds] } }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
    loadAssignmentFacts(db, period),
    loadEarlierOverdueFacts(db, period, asOf),
    loadSatisfactionRatings(db, period, asOf),
  ]);
  const groupByUnit = (rows: AssignmentFacts[]) => {
    const byUnit = new Map<string, AssignmentFacts[]>();
    for (const row of rows) byUnit.set(row.unitId, [...(byUnit.get(row.unitId) ?? []), row]);
    return byUnit;
  };
  const [byUnit, earlierByUnit] = [groupByUnit(facts), groupByUnit(earlier)];
  const order = new Map(units.map((unit, index) => [unit.id, index]));
  const figures = units.map((unit) =>
    figuresOf(
      { id: unit.id, name: unit.name, kind: unit.kind as UnitKind, sortOrder: unit.sortOrder },
      byUnit.get(unit.id) ?? [],
      asOf,
      satisfactionOf(ratings?.get(unit.id) ?? (ratings ? [] : undefined)),
      earlierByUnit.get(unit.id) ?? [],
    ),
  );
  const ranked = rankUnits(figures, order);
  const { red, black } = honourLists(ranked, bulletinRules);
  return {
    period: { key: period.key, label: period.label, from: period.from, to: period.to },
    asOf,
    units: ranked,
    redList: red,
    blackList: black,
    notes: ratings === undefined ? [satisfactionNote] : [],
  };
}

/** Every measure sub-target of the plan, actual vs target by year. */
export async function subTargetProgressOf(db: Db, measureIds?: readonly string[]): Promise<SubTargetProgress[]> {
  const measures = await db.measure.findMany({
    where: measureIds ? { id: { in: [...measureIds] } } : {},
    include: { plan: { select: { periodFrom: true, periodTo: true } } },
    orderBy: [{ planId: 'asc' }, { kind: 'asc' }],
  });
  const withTargets = measures.filter((measure) => Array.isArray(measure.subTargets) && measure.subTargets.length > 0);
  const achievements = await db.measureAchievement.findMany({ where: { measureId: { in: withTargets.map((measure) => measure.id) } }, select: { measureId: true, subTarget: true, count: true, achievedOn: true } });
  return withTargets
    .sort((a, b) => Number(a.no) - Number(b.no))
    .flatMap((measure) => {
      const from = measure.plan.periodFrom.getUTCFullYear();
      const to = measure.plan.periodTo.getUTCFullYear();
      const years = Array.from({ length: to - from + 1 }, (_, index) => from + index);
      return (measure.subTargets as unknown as SubTarget[]).map((subTarget) =>
        subTargetProgress(
          { id: measure.id, no: measure.no },
          subTarget,
          achievements.filter((a) => a.measureId === measure.id && a.subTarget === subTarget.name).map((a) => ({ achievedOn: fromDateColumn(a.achievedOn), count: a.count })),
          years,
        ),
      );
    });
}
