import type { StaffPrincipal } from '../../domain/access/principal';
import { assignServiceOfficer } from '../../activities/enterprise/service-officer';
import type { DemoContext } from './context';

// 服务专员 (一企一策一人): each seeded enterprise is followed by the liaison of its town, named by
// the commission's officer through the same audited path as the API. Naming the same officer
// again changes nothing, so a second run adds nothing.
export async function seedServiceOfficerDemo(ctx: DemoContext): Promise<void> {
  const officer = await ctx.actorOf('staff-jxw-officer-1');
  const by: StaffPrincipal = {
    kind: 'staff',
    accountId: 'demo-seed',
    username: 'demo-seed',
    displayName: '演示数据',
    staffMemberId: officer.userId,
    memberships: [{ unitId: officer.unitId, unitKind: officer.unitKind, roles: [...officer.roles] }],
  };
  const enterprises = await ctx.db.enterprise.findMany({ where: { id: { in: ['ent-001', 'ent-002', 'ent-003', 'ent-004', 'ent-005'] } }, select: { id: true, townUnitId: true }, orderBy: { id: 'asc' } });
  let named = 0;
  for (const enterprise of enterprises) {
    if (!enterprise.townUnitId) continue;
    const { changed } = await assignServiceOfficer(ctx.db, by, enterprise.id, { officerId: `staff-${enterprise.townUnitId}-liaison`, reason: '演示：由所在镇街联络员担任服务专员' }, ctx.now);
    if (changed) named += 1;
  }
  ctx.log(`服务专员: ${named} named`);
}
