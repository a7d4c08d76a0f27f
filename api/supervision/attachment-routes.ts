import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { attachingUnit, requireUnitsVisible } from '../../domain/access/policy';
import { auditActorOf } from '../../domain/access/principal';
import { attachmentContentTypes, displayFileName } from '../../domain/supervision/attachment';
import { readAttachment, saveAttachment, type AttachmentStore } from '../../activities/supervision/attachments';
import { route, type RouteDefinition } from '../http/route';
import { findItemAccess } from './read-model';
import { itemParamsSchema } from './schemas';

const attachmentParamsSchema = z.strictObject({ attachmentId: z.uuid() });

const attachmentView = (row: { id: string; itemId: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedBy: string; unitId: string; createdAt: Date }) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});

/** 附件: files staff attach to an item (feedback material, evidence), visible to the item's units. */
export function attachmentRoutes(db: Db, store: AttachmentStore, maxBytes: number): RouteDefinition[] {
  const tag = '督办事项';
  return [
    route({
      operationId: 'items.attachments.add',
      method: 'post',
      path: '/items/:itemId/attachments',
      tag,
      summary: `上传附件（请求体为文件本身；PDF、PNG、JPEG、docx、xlsx，不超过 ${Math.round(maxBytes / 1024 / 1024)} MB；文件名放在 X-File-Name 头，URL 编码）`,
      access: 'items.act',
      params: itemParamsSchema,
      upload: { contentTypes: attachmentContentTypes, maxBytes },
      status: 201,
      handle: async ({ req, principal, params, file }) => {
        const item = await findItemAccess(db, params.itemId);
        const unitId = attachingUnit(principal, item.unitIds);
        const saved = await saveAttachment(db, store, {
          itemId: params.itemId,
          fileName: displayFileName(req.header('x-file-name')),
          contentType: file!.contentType,
          bytes: file!.bytes,
          uploadedBy: auditActorOf(principal),
          unitId,
        });
        return attachmentView(saved);
      },
    }),
    route({
      operationId: 'items.attachments.list',
      method: 'get',
      path: '/items/:itemId/attachments',
      tag,
      summary: '事项的附件列表',
      access: 'items.read',
      params: itemParamsSchema,
      handle: async ({ principal, params }) => {
        const item = await findItemAccess(db, params.itemId);
        requireUnitsVisible(principal, item.unitIds);
        const rows = await db.itemAttachment.findMany({ where: { itemId: params.itemId }, orderBy: { createdAt: 'asc' } });
        return { attachments: rows.map(attachmentView) };
      },
    }),
    route({
      operationId: 'attachments.download',
      method: 'get',
      path: '/attachments/:attachmentId',
      tag,
      summary: '下载附件',
      access: 'items.read',
      params: attachmentParamsSchema,
      handle: async ({ res, principal, params }) => {
        const row = await db.itemAttachment.findUnique({ where: { id: params.attachmentId } });
        if (!row) throw new AppError('NOT_FOUND', { userMessage: '附件不存在' });
        const item = await findItemAccess(db, row.itemId);
        requireUnitsVisible(principal, item.unitIds);
        const bytes = await readAttachment(store, row.id);
        res.setHeader('Content-Type', row.contentType);
        res.setHeader('Content-Disposition', `attachment; filename="attachment"; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
        res.setHeader('Cache-Control', 'private, no-store');
        res.end(bytes);
        return undefined;
      },
    }),
  ];
}
