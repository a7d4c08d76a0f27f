import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { appendAudit } from '../../activities/audit/audit-log';
import { AppError } from '../../domain/errors';
import type { Principal } from '../../domain/access/principal';
import { route, type RouteDefinition } from '../http/route';

export const notificationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const notificationParamsSchema = z.strictObject({ notificationId: z.string().min(1).max(200) });

export const markAllReadSchema = z.strictObject({
  /** The newest notification the person has seen: later arrivals stay unread. */
  upTo: z.iso.datetime({ offset: true, message: '须为带时区的时间' }),
});

// The gate admits staff only; a notification's recipient is a staff member.
const recipientOf = (principal: Principal) => (principal.kind === 'staff' ? principal.staffMemberId : '');

/** 通知中心: the signed-in staff member's own notifications, newest first, and marking them read. */
export function notificationRoutes(db: Db): RouteDefinition[] {
  return [
    route({
      operationId: 'notifications.list',
      method: 'get',
      path: '/notifications',
      tag: '通知',
      summary: '本人的站内通知（提醒、催办、升级），最新在前；催办通知单等公文附 HTML 原文',
      access: 'notifications.read',
      query: notificationListQuerySchema,
      handle: async ({ principal, query }) => {
        const recipientId = recipientOf(principal);
        const [rows, unread] = await Promise.all([
          db.notification.findMany({ where: { recipientId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit }),
          db.notification.count({ where: { recipientId, readAt: null } }),
        ]);
        return {
          unread,
          notifications: rows.map((row) => ({
            id: row.id,
            kind: row.kind,
            title: row.title,
            body: row.body,
            itemId: row.itemId,
            documentTitle: row.documentTitle,
            document: row.document,
            createdAt: row.createdAt.toISOString(),
            readAt: row.readAt?.toISOString() ?? null,
          })),
        };
      },
    }),
    route({
      operationId: 'notifications.markRead',
      method: 'post',
      path: '/notifications/:notificationId/read',
      tag: '通知',
      summary: '把本人的一条通知标为已读（重复调用不再改变）',
      access: 'notifications.read',
      params: notificationParamsSchema,
      handle: async ({ principal, params }) => {
        const recipientId = recipientOf(principal);
        return db.$transaction(async (tx) => {
          const existing = await tx.notification.findUnique({ where: { id: params.notificationId }, select: { recipientId: true } });
          if (!existing) throw new AppError('NOT_FOUND', { userMessage: '通知不存在' });
          if (existing.recipientId !== recipientId) throw new AppError('FORBIDDEN', { userMessage: '只能处理本人的通知' });
          const at = new Date();
          // Guarded: only an unread row changes, so a repeat neither moves readAt nor audits twice.
          const changed = await tx.notification.updateMany({ where: { id: params.notificationId, readAt: null }, data: { readAt: at } });
          if (changed.count > 0) {
            await appendAudit(tx, { actorId: recipientId, action: 'notification.read', subject: `notification:${params.notificationId}`, detail: {}, dedupKey: `notification-read:${params.notificationId}`, at });
          }
          const row = await tx.notification.findUniqueOrThrow({ where: { id: params.notificationId }, select: { readAt: true } });
          return { id: params.notificationId, readAt: row.readAt!.toISOString() };
        });
      },
    }),
    route({
      operationId: 'notifications.markAllRead',
      method: 'post',
      path: '/notifications/read',
      tag: '通知',
      summary: '把本人截至某一时刻收到的通知全部标为已读（之后到达的保持未读）',
      access: 'notifications.read',
      body: markAllReadSchema,
      handle: async ({ principal, body }) => {
        const recipientId = recipientOf(principal);
        const upTo = new Date(body.upTo);
        const at = new Date();
        if (upTo.getTime() > at.getTime()) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: 'upTo', message: '不能晚于当前时间' }] });
        return db.$transaction(async (tx) => {
          const unread = await tx.notification.findMany({ where: { recipientId, readAt: null, createdAt: { lte: upTo } }, select: { id: true }, orderBy: { id: 'asc' } });
          if (unread.length === 0) return { marked: 0 };
          const ids = unread.map((row) => row.id);
          const changed = await tx.notification.updateMany({ where: { id: { in: ids }, readAt: null }, data: { readAt: at } });
          await appendAudit(tx, { actorId: recipientId, action: 'notification.read', subject: `staff:${recipientId}`, detail: { marked: changed.count, upTo: upTo.toISOString() }, dedupKey: `notification-read-all:${recipientId}:${at.toISOString()}`, at });
          return { marked: changed.count };
        });
      },
    }),
  ];
}
