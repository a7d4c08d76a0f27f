import { z } from 'zod';
import type { Db } from '../../runtime/db';
import { route, type RouteDefinition } from '../http/route';

export const notificationListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** 通知中心: the signed-in staff member's own notifications, newest first (read-only). */
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
        // The gate admits staff only; a notification's recipient is a staff member.
        const recipientId = principal.kind === 'staff' ? principal.staffMemberId : '';
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
  ];
}
