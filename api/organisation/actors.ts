import type { Db } from '../../runtime/db';
import { systemActorId } from '../../domain/supervision/item';

/**
 * Who did a step, for a timeline: a staff member by name with their unit, an enterprise's
 * contact by the enterprise's name, an administrator by display name, the system as such.
 * Ids are what events store (auditActorOf: a staff member's id, or `account:<username>`).
 */
export type ActorView = { kind: 'staff'; name: string; unitId: string } | { kind: 'enterprise'; name: string; enterpriseId: string } | { kind: 'account'; name: string } | { kind: 'unit'; unitId: string } | { kind: 'system' };

const accountPrefix = 'account:';

/** Names for the given actor ids in two queries; an unknown id is left out (the screen shows the id). */
export async function actorViews(db: Db, actorIds: Iterable<string | null | undefined>): Promise<Map<string, ActorView>> {
  const ids = [...new Set([...actorIds].filter((id): id is string => !!id))];
  const usernames = ids.filter((id) => id.startsWith(accountPrefix)).map((id) => id.slice(accountPrefix.length));
  const staffIds = ids.filter((id) => id !== systemActorId && !id.startsWith(accountPrefix));
  const [staff, accounts] = await Promise.all([
    staffIds.length === 0 ? [] : db.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true, unitId: true } }),
    usernames.length === 0 ? [] : db.account.findMany({ where: { username: { in: usernames } }, select: { username: true, displayName: true, kind: true, enterpriseId: true, staffMember: { select: { name: true, unitId: true } }, enterprise: { select: { name: true } } } }),
  ]);
  const views = new Map<string, ActorView>();
  if (ids.includes(systemActorId)) views.set(systemActorId, { kind: 'system' });
  for (const member of staff) views.set(member.id, { kind: 'staff', name: member.name, unitId: member.unitId });
  for (const account of accounts) {
    const id = `${accountPrefix}${account.username}`;
    if (account.kind === 'enterprise' && account.enterprise && account.enterpriseId) views.set(id, { kind: 'enterprise', name: account.enterprise.name, enterpriseId: account.enterpriseId });
    else if (account.staffMember) views.set(id, { kind: 'staff', name: account.staffMember.name, unitId: account.staffMember.unitId });
    else views.set(id, { kind: 'account', name: account.displayName });
  }
  return views;
}

/** The view enterprises get: staff stay anonymous behind their unit (the person's name is for staff only). */
export function actorViewFor(viewerIsStaff: boolean, view: ActorView | undefined): ActorView | null {
  if (!view) return null;
  if (viewerIsStaff || view.kind !== 'staff') return view;
  return { kind: 'unit', unitId: view.unitId };
}

/**
 * A view for an enterprise without staff members' ids anywhere in it (timelines, step records,
 * evidence details): each property whose value is a staff actor's id, or a staff id by its
 * `staff-` prefix, is left out. The unit and the anonymised actor stay.
 */
export function withoutStaffIds<T>(value: T, actors: ReadonlyMap<string, ActorView>): T {
  const staff = new Set([...actors].filter(([, view]) => view.kind === 'staff').map(([id]) => id));
  const isStaffId = (text: string) => staff.has(text) || text.startsWith('staff-');
  const scrub = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.filter((item) => typeof item !== 'string' || !isStaffId(item)).map(scrub);
    if (node === null || typeof node !== 'object' || node instanceof Date) return node;
    return Object.fromEntries(Object.entries(node as Record<string, unknown>).filter(([, item]) => typeof item !== 'string' || !isStaffId(item)).map(([key, item]) => [key, scrub(item)]));
  };
  return scrub(value) as T;
}
