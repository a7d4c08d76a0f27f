import type { Db } from '../../runtime/db';
import { chineseDaysCalendar, chineseDaysSource } from '../../domain/calendar/chinese-days-seed';
import actionPlan from './action-plan.json';
import unitsFile from './units.json';
import enterprisesFile from './enterprises.json';
import { seedStaff } from './staff';
import { seedRecognitionCriteria } from './recognition-criteria';
import { defaultItemTypes, itemTypeRules } from '../../domain/supervision/item-type';
import type { Prisma } from '../../generated/prisma/client';
import { toDateColumn } from '../date-column';

// Reference data loaded on first start: the organisation chart, the district plan, the
// working-day calendar and the (fictitious) demo enterprises. Every write skips rows that
// exist, so running it again changes nothing and concurrent starters do not collide.

type UnitKind = 'commission' | 'department' | 'park' | 'town' | 'external';

interface PlanFile {
  id: string;
  title: string;
  issuer: string;
  issuedOn: string;
  period: { from: string; to: string };
  targets: { key: string; name: string; target: number; by: string }[];
  categories: { no: string; title: string; responsibleUnits: string[]; measures: { no: number; text: string }[] }[];
  mechanisms: { no: string; title: string; text: string; responsibleUnits: string[] }[];
  measureTargets: { measure: number; name: string; target: number; per?: string }[];
}

const plan = actionPlan as PlanFile;
const units = unitsFile.units as { id: string; name: string; kind: UnitKind }[];
const aliases = unitsFile.aliases as Record<string, string>;

/** Maps the plan's unit names to unit ids, lead first; collective names expand to every unit of a kind. */
export function resolveUnitIds(names: string[]): string[] {
  const ids: string[] = [];
  for (const name of names) {
    const alias = aliases[name];
    const matches = alias
      ? units.filter((unit) => `@${unit.kind}` === alias).map((unit) => unit.id)
      : units.filter((unit) => unit.name === name).map((unit) => unit.id);
    if (matches.length === 0) throw new Error(`seed: the plan names an unknown unit "${name}"`);
    for (const id of matches) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}


export async function seedReferenceData(db: Db): Promise<void> {
  await db.unit.createMany({
    data: units.map((unit, index) => ({ ...unit, sortOrder: index })),
    skipDuplicates: true,
  });

  // Only years the database does not hold yet: a year held provisionally (statutory holidays) is
  // published over by the API's start, which also recomputes the deadlines it moves.
  const calendar = chineseDaysCalendar();
  const held = new Set((await db.calendarYear.findMany({ select: { year: true } })).map((row) => row.year));
  const missing = calendar.coveredYears.filter((year) => !held.has(year));
  await db.calendarDay.createMany({
    data: calendar.days
      .map((entry) => ({ date: toDateColumn(entry.date), kind: entry.kind, name: entry.name, year: Number(entry.date.slice(0, 4)) }))
      .filter((entry) => missing.includes(entry.year)),
    skipDuplicates: true,
  });
  await db.calendarYear.createMany({ data: missing.map((year) => ({ year, source: chineseDaysSource })), skipDuplicates: true });

  await db.plan.createMany({
    data: [{ id: plan.id, title: plan.title, issuer: plan.issuer, issuedOn: toDateColumn(plan.issuedOn), periodFrom: toDateColumn(plan.period.from), periodTo: toDateColumn(plan.period.to) }],
    skipDuplicates: true,
  });
  await db.planTarget.createMany({
    data: plan.targets.map((target) => ({ planId: plan.id, key: target.key, name: target.name, target: target.target, due: toDateColumn(target.by) })),
    skipDuplicates: true,
  });
  const measures = plan.categories.flatMap((category) =>
    category.measures.map((measure) => ({
      id: `${plan.id}/measure/${measure.no}`,
      planId: plan.id,
      kind: 'measure' as const,
      no: String(measure.no),
      categoryNo: category.no,
      categoryTitle: category.title,
      text: measure.text,
      unitIds: resolveUnitIds(category.responsibleUnits),
      subTargets: plan.measureTargets
        .filter((target) => target.measure === measure.no)
        .map((target) => ({ name: target.name, target: target.target, per: target.per ?? 'plan' })),
    })),
  );
  const mechanisms = plan.mechanisms.map((mechanism) => ({
    id: `${plan.id}/mechanism/${mechanism.no}`,
    planId: plan.id,
    kind: 'mechanism' as const,
    no: mechanism.no,
    title: mechanism.title,
    text: mechanism.text,
    unitIds: resolveUnitIds(mechanism.responsibleUnits),
  }));
  await db.measure.createMany({ data: [...measures, ...mechanisms], skipDuplicates: true });

  await db.enterprise.createMany({ data: enterprisesFile.enterprises, skipDuplicates: true });
  await db.enterpriseFigure.createMany({ data: enterprisesFile.figures, skipDuplicates: true });
  await seedStaff(db);
  await seedItemTypes(db);
  await seedRecognitionCriteria(db);
}

/**
 * The item types' first versions, from the defaults in code. A type that exists is left alone
 * (its current row and its revisions), so an administrator's edits survive every restart.
 */
async function seedItemTypes(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    const existing = new Set((await tx.itemType.findMany({ select: { type: true } })).map((row) => row.type));
    const missing = defaultItemTypes.filter((policy) => !existing.has(policy.type));
    if (missing.length === 0) return;
    await tx.itemType.createMany({
      data: missing.map((policy) => ({
        type: policy.type,
        label: policy.label,
        process: policy.process,
        policy: itemTypeRules(policy) as unknown as Prisma.InputJsonObject,
        version: 1,
        updatedBy: 'system',
      })),
      skipDuplicates: true,
    });
    await tx.itemTypeRevision.createMany({
      data: missing.map((policy) => ({
        type: policy.type,
        version: 1,
        policy: policy as unknown as Prisma.InputJsonObject,
        reason: '系统默认值',
        changedBy: 'system',
      })),
      skipDuplicates: true,
    });
  });
}
