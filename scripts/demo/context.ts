import type { Client } from '@temporalio/client';
import type { Actor, UnitKind } from '../../domain/supervision/item';
import type { OrgRole } from '../../domain/supervision/escalation';
import type { WorkflowClient } from '../../api/workflow-client';
import type { Db } from '../../runtime/db';

/**
 * What a demo seeder gets: the database, the same thin Temporal client the API uses, and the
 * actor of any seeded staff member. Seeders are trusted code that runs once on an empty database
 * (`npm start`); they drive the real workflows, so the demo data went through the same rules as
 * live data, and only invent people, enterprises and dates.
 */
export interface DemoContext {
  db: Db;
  workflows: WorkflowClient;
  temporal: Client;
  taskQueue: string;
  now: Date;
  /** The actor a seeded staff member (e.g. 'staff-kjj-liaison') acts as in their own unit. */
  actorOf(staffMemberId: string): Promise<Actor>;
  log(message: string): void;
}

export async function staffActor(db: Db, staffMemberId: string): Promise<Actor> {
  const member = await db.staffMember.findUnique({ where: { id: staffMemberId }, include: { unit: true } });
  if (!member) throw new Error(`demo: no staff member ${staffMemberId}`);
  return { userId: member.id, unitId: member.unitId, unitKind: member.unit.kind as UnitKind, roles: member.roles as OrgRole[] };
}
