import type { Db } from '../../runtime/db';
import { route, type RouteDefinition } from '../http/route';

/** 组织架构: the units by name, so that screens name a unit instead of showing its id. */
export function organisationRoutes(db: Db): RouteDefinition[] {
  return [
    route({
      operationId: 'units.list',
      method: 'get',
      path: '/units',
      tag: '组织架构',
      summary: '全部单位（区级部门、工业园、镇街、区经济信息委及外部单位）：编号、名称、类别，按组织架构顺序',
      access: 'units.read',
      handle: async () => {
        const units = await db.unit.findMany({ orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], select: { id: true, name: true, kind: true } });
        return { units };
      },
    }),
  ];
}
