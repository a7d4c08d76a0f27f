import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { auditActorOf, orgRoleLabels } from '../../domain/access/principal';
import { shanghaiDateOf } from '../../domain/calendar';
import { importKinds } from '../../domain/administration/imports';
import { displayFileName } from '../../domain/supervision/attachment';
import { findImport, listImports, startImport, templateWorkbook } from '../../activities/administration/imports';
import { createStaffMember, createUnit } from '../../activities/organisation/chart';
import { fromDateColumn, toDateColumn } from '../../prisma/date-column';
import { route, type RouteDefinition } from '../http/route';
import { idempotencyKeyOf } from '../http/idempotency';
import { uuidFromKey } from '../workflow-client';

// 系统管理: the organisation chart (read by the system and security administrators; the
// security administrator changes roles and stand-ins through the account routes; the system
// administrator adds units and people), and the Excel imports with their progress (system
// administrator). Unit names for pickers: GET /units in api/organisation/routes.ts.

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const maxImportBytes = 5 * 1024 * 1024;

const importKindParamsSchema = z.strictObject({ kind: z.enum(importKinds) });
const importParamsSchema = z.strictObject({ importId: z.uuid() });
const createUnitBodySchema = z.strictObject({
  id: z.string().trim().regex(/^[a-z0-9-]{2,32}$/, '单位编号为 2–32 位小写字母、数字或 -'),
  name: z.string().trim().min(2, '请填写单位名称').max(60),
  // The commission exists once; new units are the ones the plan assigns work to.
  kind: z.enum(['department', 'park', 'town', 'external']),
});
const createStaffBodySchema = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().trim().min(1, '请填写姓名').max(30),
  email: z.email('邮箱格式不正确').max(120).optional(),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,20}$/, '电话格式不正确').optional(),
});
const importListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export function administrationDataRoutes(db: Db): RouteDefinition[] {
  const tag = '系统管理';
  return [
    route({
      operationId: 'organisation.chart',
      method: 'get',
      path: '/organisation',
      tag,
      summary: '组织架构：各单位的工作人员、角色及当前与今后的代岗安排',
      access: 'organisation.read',
      handle: async () => {
        const today = toDateColumn(shanghaiDateOf(new Date()));
        const [units, acting] = await Promise.all([
          db.unit.findMany({
            orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
            select: {
              id: true,
              name: true,
              kind: true,
              staffMembers: { orderBy: [{ active: 'desc' }, { id: 'asc' }], select: { id: true, name: true, roles: true, active: true, account: { select: { username: true, active: true } } } },
            },
          }),
          db.actingAssignment.findMany({
            where: { endedAt: null, to: { gte: today } },
            orderBy: [{ from: 'asc' }, { createdAt: 'asc' }],
            include: { standIn: { select: { name: true, unitId: true } }, absentColleague: { select: { name: true, unitId: true } } },
          }),
        ]);
        return {
          today: fromDateColumn(today),
          units: units.map((unit) => ({
            id: unit.id,
            name: unit.name,
            kind: unit.kind,
            staff: unit.staffMembers.map((member) => ({
              id: member.id,
              name: member.name,
              roles: member.roles,
              roleLabels: member.roles.map((role) => orgRoleLabels[role]),
              active: member.active,
              username: member.account?.username ?? null,
            })),
          })),
          acting: acting.map((row) => ({
            id: row.id,
            staffMemberId: row.staffMemberId,
            standInName: row.standIn.name,
            standInUnitId: row.standIn.unitId,
            forStaffMemberId: row.forStaffMemberId,
            forName: row.absentColleague.name,
            forUnitId: row.absentColleague.unitId,
            from: fromDateColumn(row.from),
            to: fromDateColumn(row.to),
            reason: row.reason,
            current: row.from.getTime() <= today.getTime(),
          })),
        };
      },
    }),
    route({
      operationId: 'units.create',
      method: 'post',
      path: '/units',
      tag,
      summary: '新增责任单位（区级部门、工业园、镇街或其他单位）',
      access: 'organisation.manage',
      body: createUnitBodySchema,
      status: 201,
      // A retry with the same id, name and kind answers with the unit (no second record).
      handle: async ({ principal, body }) => (await createUnit(db, principal, body)).unit,
    }),
    route({
      operationId: 'staff.create',
      method: 'post',
      path: '/staff',
      tag,
      summary: '新增工作人员（不带角色：角色由安全管理员设置）',
      access: 'organisation.manage',
      body: createStaffBodySchema,
      idempotent: true,
      status: 201,
      handle: async ({ req, principal, body }) => {
        // With an Idempotency-Key the id is derived from it (per administrator): a retry returns the same person.
        const key = idempotencyKeyOf(req);
        const id = key ? `staff-${uuidFromKey(`staff:${auditActorOf(principal)}`, key)}` : undefined;
        return (await createStaffMember(db, principal, body, new Date(), id)).member;
      },
    }),
    route({
      operationId: 'imports.create',
      method: 'post',
      path: '/imports/:kind',
      tag,
      summary: `上传 Excel 导入企业名录（enterprises）或计划与措施（plan）；请求体为 .xlsx 文件本身（不超过 5 MB），文件名放在 X-File-Name 头（URL 编码）。任一行有误则整份不写入；按信用代码/计划编号重复导入只更新`,
      access: 'imports.run',
      params: importKindParamsSchema,
      upload: { contentTypes: [xlsx], maxBytes: maxImportBytes },
      status: 202,
      handle: async ({ req, principal, params, file }) =>
        startImport(db, { kind: params.kind, fileName: displayFileName(req.header('x-file-name')), bytes: file?.bytes ?? Buffer.alloc(0), actorId: auditActorOf(principal) }, (error, importId) =>
          req.log.error({ err: error, importId }, 'import failed while writing'),
        ),
    }),
    route({
      operationId: 'imports.list',
      method: 'get',
      path: '/imports',
      tag,
      summary: '最近的导入任务',
      access: 'imports.run',
      query: importListQuerySchema,
      handle: async ({ query }) => ({ imports: await listImports(db, query.limit) }),
    }),
    route({
      operationId: 'imports.get',
      method: 'get',
      path: '/imports/:importId',
      tag,
      summary: '导入任务的进度（已写入行数 / 总行数）与逐行错误',
      access: 'imports.run',
      params: importParamsSchema,
      handle: async ({ params }) => findImport(db, params.importId),
    }),
    route({
      operationId: 'imports.template',
      method: 'get',
      path: '/import-templates/:kind',
      tag,
      summary: '下载导入模板（.xlsx）',
      access: 'imports.run',
      params: importKindParamsSchema,
      handle: async ({ res, params }) => {
        const bytes = await templateWorkbook(params.kind);
        const name = params.kind === 'enterprises' ? '企业名录导入模板.xlsx' : '计划与措施导入模板.xlsx';
        res.setHeader('Content-Type', xlsx);
        res.setHeader('Content-Disposition', `attachment; filename="${params.kind}-template.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.end(bytes);
        return undefined;
      },
    }),
  ];
}
