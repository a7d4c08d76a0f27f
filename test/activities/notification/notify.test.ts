import { ApplicationFailure } from '@temporalio/common';
import { verifyAuditChain } from '../../../activities/audit/audit-log';
import { createNotificationActivities, type NotifyRequest, type WebhookPayload } from '../../../activities/notification/notify';
import type { TestDatabase } from '../../support/database';
import { createTestDatabase } from '../../support/database';

// The notify activity writes what is to be delivered; delivery itself is outbox.test.ts.

let database: TestDatabase;
let notify: ReturnType<typeof createNotificationActivities>['notify'];

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 6 });
  notify = createNotificationActivities(database.db).notify;
  await database.db.webhookSubscription.createMany({
    data: [
      { id: 'hook-all', url: 'http://127.0.0.1:9/all', secret: 's1', kinds: ['*'] },
      { id: 'hook-urge', url: 'http://127.0.0.1:9/urge', secret: 's2', kinds: ['item.urge', 'item.flag'] },
      { id: 'hook-remind', url: 'http://127.0.0.1:9/remind', secret: 's3', kinds: ['item.remind_liaison'] },
      { id: 'hook-off', url: 'http://127.0.0.1:9/off', secret: 's4', kinds: ['*'], active: false },
    ],
  });
});

afterAll(async () => {
  await database?.drop();
});

function urge(dedupKey: string, overrides: Partial<NotifyRequest> = {}): NotifyRequest {
  return {
    dedupKey,
    kind: 'item.urge',
    title: '催办通知：二期厂房用地指标',
    body: '该事项已超期 1 个工作日，请抓紧办理并反馈。',
    itemId: 'item-0001',
    targets: [
      { role: 'liaison', unitId: 'ghzrj' },
      { role: 'unit_leader', unitId: 'ghzrj' },
    ],
    document: { title: '催办通知', html: '<!DOCTYPE html><html><body>催办通知</body></html>' },
    at: '2026-03-10T09:00:00+08:00',
    ...overrides,
  };
}

async function rowsFor(dedupKey: string) {
  const [notifications, outbox, audit] = await Promise.all([
    database.db.notification.findMany({ where: { dedupKey: { startsWith: `${dedupKey}:` } }, orderBy: { recipientId: 'asc' } }),
    database.db.outboxMessage.findMany({ where: { dedupKey: { startsWith: `${dedupKey}:` } }, orderBy: { dedupKey: 'asc' } }),
    database.db.auditEvent.findMany({ where: { dedupKey: `notify:${dedupKey}` } }),
  ]);
  return { notifications, outbox, audit };
}

describe('notify', () => {
  test('writes an in-app notification per recipient, an e-mail per address, a webhook per matching subscription and one audit entry', async () => {
    expect(await notify(urge('urge-1'))).toEqual({ recipients: 2, outbox: 4 });
    const { notifications, outbox, audit } = await rowsFor('urge-1');

    expect(notifications.map((row) => row.recipientId)).toEqual(['staff-ghzrj-leader', 'staff-ghzrj-liaison']);
    expect(notifications[0]).toMatchObject({
      kind: 'item.urge',
      title: '催办通知：二期厂房用地指标',
      itemId: 'item-0001',
      documentTitle: '催办通知',
      document: '<!DOCTYPE html><html><body>催办通知</body></html>',
      createdAt: new Date('2026-03-10T01:00:00Z'),
      readAt: null,
    });

    const emails = outbox.filter((row) => row.channel === 'email');
    expect(emails.map((row) => row.target).sort()).toEqual(['leader.ghzrj@example.cn', 'liaison.ghzrj@example.cn']);
    expect(emails[0]).toMatchObject({ status: 'pending', attempts: 0, subject: '催办通知：二期厂房用地指标', html: '<!DOCTYPE html><html><body>催办通知</body></html>' });
    expect(emails[0]!.body).toContain('该事项已超期 1 个工作日');

    const webhooks = outbox.filter((row) => row.channel === 'webhook');
    expect(webhooks.map((row) => row.subscriptionId).sort()).toEqual(['hook-all', 'hook-urge']);
    const payload = JSON.parse(webhooks[0]!.body) as WebhookPayload;
    expect(payload).toMatchObject({ kind: 'item.urge', dedupKey: 'urge-1', itemId: 'item-0001', at: '2026-03-10T01:00:00.000Z' });
    expect(payload.recipients.map((recipient) => recipient.id)).toEqual(['staff-ghzrj-leader', 'staff-ghzrj-liaison']);

    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'notification.sent', subject: 'item:item-0001', actorId: 'system' });
    expect(await verifyAuditChain(database.db)).toEqual({ rows: expect.any(Number) });
  });

  test('called again with the same dedupKey inserts nothing and returns the first counts, even after the organisation chart changed', async () => {
    const first = await notify(urge('urge-2'));
    const before = await rowsFor('urge-2');
    await database.db.staffMember.create({
      data: { id: 'new-ghzrj-liaison', name: '新示例', unitId: 'ghzrj', roles: ['liaison'], email: 'new.ghzrj@example.cn' },
    });
    try {
      expect(await notify(urge('urge-2'))).toEqual(first);
      expect(await rowsFor('urge-2')).toEqual(before);
    } finally {
      await database.db.staffMember.update({ where: { id: 'new-ghzrj-liaison' }, data: { active: false } });
    }
  });

  test('run concurrently with the same dedupKey, records everything exactly once', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => notify(urge('urge-3'))));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    const { notifications, outbox, audit } = await rowsFor('urge-3');
    expect([notifications.length, outbox.length, audit.length]).toEqual([2, 4, 1]);
  });

  test('queues webhooks only for active subscriptions of that kind (or every kind)', async () => {
    await notify(urge('remind-1', { kind: 'item.remind_liaison', targets: [{ role: 'liaison', unitId: 'kjj' }], document: undefined }));
    const { outbox } = await rowsFor('remind-1');
    expect(outbox.filter((row) => row.channel === 'webhook').map((row) => row.subscriptionId).sort()).toEqual(['hook-all', 'hook-remind']);
    expect(outbox.find((row) => row.channel === 'email')?.html).toBeNull();
  });

  test('gives a person without an e-mail address the in-app notification only', async () => {
    await database.db.staffMember.update({ where: { id: 'staff-czj-liaison' }, data: { email: null } });
    expect(await notify(urge('urge-no-mail', { targets: [{ role: 'liaison', unitId: 'czj' }] }))).toEqual({ recipients: 1, outbox: 2 });
    const { notifications, outbox } = await rowsFor('urge-no-mail');
    expect(notifications).toHaveLength(1);
    expect(outbox.every((row) => row.channel === 'webhook')).toBe(true);
  });

  test('queues no e-mail when e-mail is off, and still notifies in-app and by webhook', async () => {
    const withoutMail = createNotificationActivities(database.db, { emailEnabled: false });
    expect(await withoutMail.notify(urge('urge-mail-off'))).toEqual({ recipients: 2, outbox: 2 });
    const { notifications, outbox } = await rowsFor('urge-mail-off');
    expect(notifications).toHaveLength(2);
    expect(outbox.map((row) => row.channel)).toEqual(['webhook', 'webhook']);
  });

  test('tells a stand-in whom they receive the notification for', async () => {
    await database.db.staffMember.create({ data: { id: 'cover-scjgj', name: '代岗示例', unitId: 'scjgj', roles: [], email: 'cover.scjgj@example.cn' } });
    await database.db.actingAssignment.create({
      data: {
        id: 'acting-scjgj',
        staffMemberId: 'cover-scjgj',
        forStaffMemberId: 'staff-scjgj-liaison',
        from: new Date('2026-03-09T00:00:00Z'),
        to: new Date('2026-03-13T00:00:00Z'),
        reason: '外出培训',
      },
    });
    const liaisonName = (await database.db.staffMember.findUniqueOrThrow({ where: { id: 'staff-scjgj-liaison' } })).name;
    await notify(urge('urge-acting', { targets: [{ role: 'liaison', unitId: 'scjgj' }] }));
    const { notifications, outbox } = await rowsFor('urge-acting');
    const forStandIn = notifications.find((row) => row.recipientId === 'cover-scjgj');
    expect(forStandIn?.body).toContain(`【代岗】您正在代${liaisonName}接收此通知。`);
    expect(notifications.find((row) => row.recipientId === 'staff-scjgj-liaison')?.body).not.toContain('代岗');
    expect(outbox.find((row) => row.target === 'cover.scjgj@example.cn')?.body).toContain('【代岗】');
  });

  test('records in the audit entry the targets that reached nobody', async () => {
    await database.db.staffMember.update({ where: { id: 'staff-tjj-leader' }, data: { active: false } });
    expect(
      await notify(urge('urge-gap', { targets: [{ role: 'liaison', unitId: 'tjj' }, { role: 'unit_leader', unitId: 'tjj' }] })),
    ).toMatchObject({ recipients: 1 });
    const { audit } = await rowsFor('urge-gap');
    expect(audit[0]?.detail).toMatchObject({ unresolvedTargets: [{ role: 'unit_leader', unitId: 'tjj' }], recipientIds: ['staff-tjj-liaison'] });
  });

  test('rejects a malformed request as a non-retryable failure and writes nothing', async () => {
    const invalid = { ...urge('urge-bad'), targets: [{ role: 'mayor', unitId: 'kjj' }] } as unknown as NotifyRequest;
    const failure = await notify(invalid).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'VALIDATION_FAILED', nonRetryable: true });
    const { notifications, outbox, audit } = await rowsFor('urge-bad');
    expect([notifications.length, outbox.length, audit.length]).toEqual([0, 0, 0]);
  });
});
