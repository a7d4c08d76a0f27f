import type { OrgRole } from '../../domain/supervision/escalation';
import type { Db } from '../../runtime/db';
import type { LocalDate } from '../../domain/calendar';
import type { AdminRole, Principal, UnitMembership } from '../../domain/access/principal';
import type { UnitKind } from '../../domain/supervision/item';
import { toDateColumn } from '../../prisma/date-column';

/** A session with everything needed to know who is behind it, read in one statement. */
export interface SessionRecord {
  sessionId: string;
  csrfToken: string;
  secondFactorPassed: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  accountId: string;
  username: string;
  displayName: string;
  kind: 'staff' | 'enterprise' | 'admin';
  enterpriseId: string | null;
  adminRole: AdminRole | null;
  active: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  staffMemberId: string | null;
  staffActive: boolean | null;
  roles: OrgRole[] | null;
  unitId: string | null;
  unitKind: UnitKind | null;
  /** 代岗 periods in force on the day asked for: the absent colleagues' units and roles. */
  acting: { staffMemberId: string; unitId: string; unitKind: UnitKind; roles: OrgRole[]; until: string }[];
}

/**
 * Every request authenticates, so this is one round trip: the session, its account, the staff
 * member's unit and roles, and the stand-ins (代岗) in force that China-local day.
 */
export async function findSessionRecord(db: Db, sessionId: string, today: LocalDate): Promise<SessionRecord | undefined> {
  const day = toDateColumn(today);
  const rows = await db.$queryRaw<SessionRecord[]>`
    SELECT s.id AS "sessionId", s.csrf_token AS "csrfToken", s.second_factor_passed AS "secondFactorPassed",
           s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt",
           a.id AS "accountId", a.username, a.display_name AS "displayName", a.kind::text AS kind, a.enterprise_id AS "enterpriseId",
           a.admin_role::text AS "adminRole", a.active, a.totp_enabled AS "totpEnabled", a.must_change_password AS "mustChangePassword",
           a.password_changed_at AS "passwordChangedAt",
           m.id AS "staffMemberId", m.active AS "staffActive", m.roles::text[] AS roles, u.id AS "unitId", u.kind::text AS "unitKind",
           coalesce((
             SELECT json_agg(json_build_object('staffMemberId', c.id, 'unitId', cu.id, 'unitKind', cu.kind, 'roles', c.roles, 'until', aa.to_on) ORDER BY aa.created_at)
               FROM acting_assignment aa
               JOIN staff_member c ON c.id = aa.for_staff_member_id AND c.active
               JOIN unit cu ON cu.id = c.unit_id
              WHERE aa.staff_member_id = m.id AND aa.from_on <= ${day}::date AND aa.to_on >= ${day}::date AND aa.ended_at IS NULL
           ), '[]'::json) AS acting
      FROM session s
      JOIN account a ON a.id = s.account_id
      LEFT JOIN staff_member m ON m.id = a.staff_member_id
      LEFT JOIN unit u ON u.id = m.unit_id
     WHERE s.id = ${sessionId}`;
  return rows[0];
}

/** Who the session's account stands for; undefined when it can no longer act (inactive, or its person left). */
export function principalOf(record: SessionRecord): Principal | undefined {
  if (!record.active) return undefined;
  const base = { accountId: record.accountId, username: record.username, displayName: record.displayName };
  if (record.kind === 'enterprise') return record.enterpriseId ? { ...base, kind: 'enterprise', enterpriseId: record.enterpriseId } : undefined;
  if (record.kind === 'admin') return record.adminRole ? { ...base, kind: 'admin', adminRole: record.adminRole } : undefined;
  if (!record.staffMemberId || !record.staffActive || !record.unitId || !record.unitKind) return undefined;
  const memberships: UnitMembership[] = [
    { unitId: record.unitId, unitKind: record.unitKind, roles: record.roles ?? [] },
    ...record.acting.map((acting) => ({
      unitId: acting.unitId,
      unitKind: acting.unitKind,
      roles: acting.roles,
      actingFor: { staffMemberId: acting.staffMemberId, until: acting.until.slice(0, 10) },
    })),
  ];
  return { ...base, kind: 'staff', staffMemberId: record.staffMemberId, memberships };
}

