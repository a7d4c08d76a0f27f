import type { OrgRole, Prisma } from '../../generated/prisma/client';
import type { Db } from '../../runtime/db';
import { shanghaiDateOf } from '../../domain/calendar/local-date';
import { toDateColumn } from '../../prisma/date-column';

// Who receives what is addressed to "the liaison of unit X" on a given day.
//
// The rule:
// - every ACTIVE staff member of the unit who holds the role receives it;
// - for every holder of the role (active or not), each ACTIVE stand-in whose 代岗 period covers
//   the China-local date of `on` receives it too. The absent colleague still receives it, so it
//   is waiting when they return; a stand-in for someone who was set inactive still receives,
//   because an explicit, dated assignment is the commission's way of saying who covers now;
// - stand-ins are not followed further (a stand-in's own stand-in does not receive), which
//   keeps the fan-out predictable and rules out cycles;
// - each person receives once, however many targets or assignments lead to them.

export interface RecipientTarget {
  role: OrgRole;
  unitId: string;
}

export interface Recipient {
  id: string;
  name: string;
  unitId: string;
  email: string | null;
  /** True when the person holds an addressed role themselves. */
  holdsRole: boolean;
  /** Ids of the absent colleagues this person is standing in for here (empty if none). */
  standingInFor: string[];
}

type Queryable = Db | Prisma.TransactionClient;

export async function resolveRecipients(db: Queryable, targets: RecipientTarget[], on: Date): Promise<Recipient[]> {
  if (targets.length === 0) return [];
  const holders = await db.staffMember.findMany({
    where: { OR: targets.map((target) => ({ unitId: target.unitId, roles: { has: target.role } })) },
    select: { id: true, name: true, unitId: true, email: true, active: true },
  });
  if (holders.length === 0) return [];

  // Date columns hold the local date at UTC midnight, so compare with the same encoding.
  const day = toDateColumn(shanghaiDateOf(on));
  const assignments = await db.actingAssignment.findMany({
    where: {
      forStaffMemberId: { in: holders.map((holder) => holder.id) },
      from: { lte: day },
      to: { gte: day },
      // An assignment ended early still counts for what was sent before it ended.
      OR: [{ endedAt: null }, { endedAt: { gt: on } }],
      standIn: { active: true },
    },
    select: { forStaffMemberId: true, standIn: { select: { id: true, name: true, unitId: true, email: true } } },
  });

  const byId = new Map<string, Recipient>();
  for (const holder of holders) {
    if (!holder.active) continue;
    byId.set(holder.id, { id: holder.id, name: holder.name, unitId: holder.unitId, email: holder.email, holdsRole: true, standingInFor: [] });
  }
  for (const { forStaffMemberId, standIn } of assignments) {
    const recipient = byId.get(standIn.id) ?? { ...standIn, holdsRole: false, standingInFor: [] };
    if (!recipient.standingInFor.includes(forStaffMemberId)) recipient.standingInFor.push(forStaffMemberId);
    byId.set(standIn.id, recipient);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
