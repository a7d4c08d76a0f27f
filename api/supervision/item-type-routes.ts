import type { Request } from 'express';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { type ItemTypePolicy, assertValidItemTypePolicy, itemTypeRules } from '../../domain/supervision/item-type';
import {
  type StoredItemType,
  type StoredItemTypeRevision,
  findItemType,
  listItemTypeRevisions,
  listItemTypes,
  saveItemType,
} from '../../activities/supervision/item-types';
import { auditActorOf } from '../../domain/access/principal';
import { route, type RouteDefinition } from '../http/route';
import { itemTypeBodySchema, itemTypeListQuerySchema, itemTypeParamsSchema } from './item-type-schemas';

// 事项类型: each type's time limits and escalation rules, as data an administrator edits. An edit
// applies to items created afterwards; items already running keep the policy they started with.

function itemTypeView(stored: StoredItemType) {
  const { type, label, process } = stored.policy;
  return {
    type,
    label,
    process,
    version: stored.version,
    updatedBy: stored.updatedBy,
    updatedAt: stored.updatedAt.toISOString(),
    policy: itemTypeRules(stored.policy),
  };
}

function revisionView(revision: StoredItemTypeRevision) {
  return {
    version: revision.version,
    label: revision.policy.label,
    process: revision.policy.process,
    policy: itemTypeRules(revision.policy),
    reason: revision.reason,
    changedBy: revision.changedBy,
    changedAt: revision.changedAt.toISOString(),
  };
}

const etagOf = (version: number) => `"${version}"`;

/** The version the editor saw, from If-Match ("3", as GET's ETag gives it) or the body's expectedVersion. */
function expectedVersionOf(req: Request, fromBody: number | undefined): number | undefined {
  const header = req.header('if-match');
  if (header === undefined) return fromBody;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'If-Match', message: '须为事项类型的版本号，如 "3"' }] });
  const version = Number(match[1]);
  if (fromBody !== undefined && fromBody !== version) {
    throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'expectedVersion', message: '与 If-Match 中的版本号不一致' }] });
  }
  return version;
}

const tag = '事项类型';

export function itemTypeRoutes(db: Db): RouteDefinition[] {
  return [
    route({
      operationId: 'itemTypes.list',
      method: 'get',
      path: '/item-types',
      tag,
      summary: '事项类型及其时限、预警与升级规则',
      access: 'itemTypes.read',
      query: itemTypeListQuerySchema,
      handle: async ({ query }) => ({ itemTypes: (await listItemTypes(db, query)).map(itemTypeView) }),
    }),
    route({
      operationId: 'itemTypes.get',
      method: 'get',
      path: '/item-types/:type',
      tag,
      summary: '事项类型详情与修订记录（ETag 为版本号）',
      access: 'itemTypes.read',
      params: itemTypeParamsSchema,
      handle: async ({ res, params: { type } }) => {
        const [itemType, revisions] = await Promise.all([findItemType(db, type), listItemTypeRevisions(db, type)]);
        if (!itemType) throw new AppError('NOT_FOUND', { userMessage: '事项类型不存在' });
        res.setHeader('ETag', etagOf(itemType.version));
        return { ...itemTypeView(itemType), revisions: revisions.map(revisionView) };
      },
    }),
    // Creates the type or replaces its policy; the reason goes into its history and the audit trail.
    route({
      operationId: 'itemTypes.save',
      method: 'put',
      path: '/item-types/:type',
      tag,
      summary: '新建或修改事项类型（系统管理员；须注明理由，If-Match 防止覆盖他人修改）',
      access: 'itemTypes.edit',
      params: itemTypeParamsSchema,
      body: itemTypeBodySchema,
      handle: async ({ req, res, principal, params: { type }, body }) => {
        const expectedVersion = expectedVersionOf(req, body.expectedVersion);
        const current = await findItemType(db, type);
        const process = body.process ?? current?.policy.process;
        if (!process) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'process', message: '新建事项类型须指定所属流程' }] });
        const policy: ItemTypePolicy = {
          type,
          label: body.label,
          process,
          signDays: body.signDays,
          handleDays: body.handleDays,
          budgetUnit: body.budgetUnit,
          returnDays: body.returnDays,
          coUnitLeadDays: body.coUnitLeadDays,
          escalation: body.escalation,
        };
        assertValidItemTypePolicy(policy);
        const result = await saveItemType(db, { policy, reason: body.reason, expectedVersion, changedBy: auditActorOf(principal), changedAt: new Date().toISOString() });
        res.setHeader('ETag', etagOf(result.itemType.version));
        res.status(result.created ? 201 : 200);
        return { ...itemTypeView(result.itemType), changed: result.changed };
      },
    }),
  ];
}
