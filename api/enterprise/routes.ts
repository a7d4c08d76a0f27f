import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import type { Principal } from '../../domain/access/principal';
import { canSeeEnterprise, canSeeEnterpriseFigures, isServiceOfficerOf, seesEveryUnit } from '../../domain/access/policy';
import { assignServiceOfficer, serviceOfficerIdOf } from '../../activities/enterprise/service-officer';
import { route, type RouteDefinition } from '../http/route';
import { shanghaiDateOf } from '../../domain/calendar';
import { tierKeys } from '../../domain/recognition/recognition';
import { enterpriseCases } from './cases';
import { listEnterprises } from './directory';

const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const enterpriseParamsSchema = z.strictObject({ enterpriseId });
const serviceOfficerBodySchema = z.strictObject({
  officerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '请选择服务专员'),
  reason: z.string().trim().min(2, '请填写指定或更换的理由').max(200),
});
const directoryQuerySchema = z.strictObject({
  /** Part of the name, or the start of the unified social credit code. */
  q: z.string().trim().min(1).max(50).optional(),
  townUnitId: z.string().regex(/^[a-z0-9_-]{1,64}$/).optional(),
  /** Holding this tier now (recognised and still valid). */
  tier: z.enum(tierKeys).optional(),
  /** The enterprises this staff member follows as their service officer. */
  serviceOfficerId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** The last enterprise of the previous page. */
  cursor: enterpriseId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * 企业档案. Field-level rule: the yearly financial and R&D figures (commercial secrets) are
 * returned only to the enterprise itself and to the commission and district leaders; other
 * staff see who the enterprise is and where, and `figures` is absent with the reason.
 */
export function enterpriseRoutes(db: Db): RouteDefinition[] {
  /** The enterprise itself, the commission and district leaders, or its service officer: who follows all its cases. */
  const followsEnterprise = async (principal: Principal, enterpriseId: string) => {
    if (principal.kind === 'enterprise') return principal.enterpriseId === enterpriseId;
    if (seesEveryUnit(principal)) return true;
    return isServiceOfficerOf(principal, await serviceOfficerIdOf(db, enterpriseId));
  };

  return [
    route({
      operationId: 'enterprises.list',
      method: 'get',
      path: '/enterprises',
      tag: '企业',
      summary: '企业库：按名称或统一社会信用代码、所属镇街、现有梯度层级查找企业，按名称排序分页（不含经营数据）',
      access: 'enterprises.list',
      query: directoryQuerySchema,
      handle: async ({ query }) => listEnterprises(db, query, shanghaiDateOf(new Date())),
    }),
    route({
      operationId: 'enterprises.get',
      method: 'get',
      path: '/enterprises/:enterpriseId',
      tag: '企业',
      summary: '企业档案（经营数据仅对企业本身、区经济信息委和区领导可见）',
      access: 'enterprises.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        if (!canSeeEnterprise(principal, params.enterpriseId)) throw new AppError('FORBIDDEN');
        const showFigures = canSeeEnterpriseFigures(principal, params.enterpriseId);
        const enterprise = await db.enterprise.findUnique({
          where: { id: params.enterpriseId },
          include: { serviceOfficer: { select: { id: true, name: true, unitId: true } }, ...(showFigures ? { figures: { orderBy: { year: 'desc' } } } : {}) },
        });
        if (!enterprise) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        // 服务专员: staff see who it is; the enterprise sees their unit (a person's name is for staff).
        const officer = enterprise.serviceOfficer;
        const serviceOfficer = officer ? (principal.kind === 'staff' ? { staffId: officer.id, name: officer.name, unitId: officer.unitId } : { unitId: officer.unitId }) : null;
        const basic = { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode, townUnitId: enterprise.townUnitId, serviceOfficer };
        if (!showFigures) return { ...basic, figuresHidden: '经营数据仅对企业本身、区经济信息委及区领导可见' };
        const figures = (enterprise as typeof enterprise & { figures: { year: number; revenue: unknown; rdExpense: unknown; employees: number; inventionPatents: number }[] }).figures;
        return {
          ...basic,
          figures: figures.map((figure) => ({
            year: figure.year,
            revenue: Number(figure.revenue),
            rdExpense: Number(figure.rdExpense),
            employees: figure.employees,
            inventionPatents: figure.inventionPatents,
          })),
        };
      },
    }),
    route({
      operationId: 'enterprises.serviceOfficer.assign',
      method: 'put',
      path: '/enterprises/:enterpriseId/service-officer',
      tag: '企业',
      summary: '指定或更换企业的服务专员（一企一策一人；须为在职的联络员、分管领导或督办员；写审计）',
      access: 'enterprises.assignOfficer',
      params: enterpriseParamsSchema,
      body: serviceOfficerBodySchema,
      handle: async ({ principal, params, body }) => {
        const { officer, changed } = await assignServiceOfficer(db, principal, params.enterpriseId, body);
        return { enterpriseId: params.enterpriseId, serviceOfficer: { staffId: officer.staffId, name: officer.name, unitId: officer.unitId }, changed };
      },
    }),
    // 企业门户: an enterprise follows its own cases; the commission and district leaders see any
    // enterprise's, its service officer those of the enterprise they follow. A unit sees a case
    // through its items (GET /difficulties/:id), not this list.
    route({
      operationId: 'enterprises.difficulties',
      method: 'get',
      path: '/enterprises/:enterpriseId/difficulties',
      tag: '企业',
      summary: '企业的诉求列表（企业本身、区经济信息委、区领导与该企业的服务专员），最新在前',
      access: 'difficulties.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        if (!(await followsEnterprise(principal, params.enterpriseId))) throw new AppError('FORBIDDEN');
        const rows = await db.difficulty.findMany({ where: { enterpriseId: params.enterpriseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 });
        return {
          difficulties: rows.map((row) => ({ id: row.id, category: row.category, title: row.title, state: row.state, createdAt: row.createdAt.toISOString() })),
        };
      },
    }),
    route({
      operationId: 'enterprises.cases',
      method: 'get',
      path: '/enterprises/:enterpriseId/cases',
      tag: '企业',
      summary: '企业的全部办理事项（诉求、补助申请、认定申报、上市培育入库申请与案例）：状态、当前期限、是否待企业办理（企业本身、区经济信息委、区领导与该企业的服务专员）',
      access: 'enterprises.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        if (!(await followsEnterprise(principal, params.enterpriseId))) throw new AppError('FORBIDDEN');
        if (!(await db.enterprise.findUnique({ where: { id: params.enterpriseId }, select: { id: true } }))) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        return { cases: await enterpriseCases(db, params.enterpriseId) };
      },
    }),
  ];
}
