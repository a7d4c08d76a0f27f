import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { canSeeEnterprise, canSeeEnterpriseFigures, seesEveryUnit } from '../../domain/access/policy';
import { route, type RouteDefinition } from '../http/route';
import { shanghaiDateOf } from '../../domain/calendar';
import { tierKeys } from '../../domain/recognition/recognition';
import { enterpriseCases } from './cases';
import { listEnterprises } from './directory';

const enterpriseId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const enterpriseParamsSchema = z.strictObject({ enterpriseId });
const directoryQuerySchema = z.strictObject({
  /** Part of the name, or the start of the unified social credit code. */
  q: z.string().trim().min(1).max(50).optional(),
  townUnitId: z.string().regex(/^[a-z0-9_-]{1,64}$/).optional(),
  /** Holding this tier now (recognised and still valid). */
  tier: z.enum(tierKeys).optional(),
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
          include: showFigures ? { figures: { orderBy: { year: 'desc' } } } : undefined,
        });
        if (!enterprise) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        const basic = { id: enterprise.id, name: enterprise.name, creditCode: enterprise.creditCode, townUnitId: enterprise.townUnitId };
        if (!showFigures) return { ...basic, figuresHidden: '经营数据仅对企业本身及区经济信息委可见' };
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
    // 企业门户: an enterprise follows its own cases; the commission and district leaders see any
    // enterprise's. A unit sees a case through its items (GET /difficulties/:id), not this list.
    route({
      operationId: 'enterprises.difficulties',
      method: 'get',
      path: '/enterprises/:enterpriseId/difficulties',
      tag: '企业',
      summary: '企业的诉求列表（企业本身、区经济信息委与区领导），最新在前',
      access: 'difficulties.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        const allowed = principal.kind === 'enterprise' ? principal.enterpriseId === params.enterpriseId : seesEveryUnit(principal);
        if (!allowed) throw new AppError('FORBIDDEN');
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
      summary: '企业的全部办理事项（诉求、补助申请、认定申报、上市培育入库申请与案例）：状态、当前期限、是否待企业办理',
      access: 'enterprises.read',
      params: enterpriseParamsSchema,
      handle: async ({ principal, params }) => {
        const allowed = principal.kind === 'enterprise' ? principal.enterpriseId === params.enterpriseId : seesEveryUnit(principal);
        if (!allowed) throw new AppError('FORBIDDEN');
        if (!(await db.enterprise.findUnique({ where: { id: params.enterpriseId }, select: { id: true } }))) throw new AppError('NOT_FOUND', { userMessage: '企业不存在' });
        return { cases: await enterpriseCases(db, params.enterpriseId) };
      },
    }),
  ];
}
