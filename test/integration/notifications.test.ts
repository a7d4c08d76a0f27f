import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';

// 通知中心: a staff member marks their own notifications read, one at a time (repeatable without
// a second change or audit event) or all those received up to the moment they looked; someone
// else's notification cannot be touched.

let harness: ApiHarness;
let liaison: ApiClient;
let otherLiaison: ApiClient;

const recipientId = 'staff-kjj-liaison';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  harness = await startApiHarness();
  [liaison, otherLiaison] = await Promise.all([signIn(harness.app, users.liaison('kjj')), signIn(harness.app, users.liaison('czj'))]);
  const notice = (id: string, createdAt: Date) => ({ id, recipientId, kind: 'reminder', title: `提醒 ${id}`, body: '事项即将到期', createdAt, dedupKey: id });
  await harness.database.db.notification.createMany({ data: [notice('n-old-1', minutesAgo(30)), notice('n-old-2', minutesAgo(20)), notice('n-new', minutesAgo(1))] });
});

afterAll(async () => {
  await harness?.stop();
});

const readAudits = () => harness.database.db.auditEvent.count({ where: { action: 'notification.read' } });
const unreadCount = async (client: ApiClient) => (await client.get('/api/v1/notifications')).body.unread as number;

test('marking one notification read sets it once; a repeat changes nothing and audits nothing', async () => {
  expect(await unreadCount(liaison)).toBe(3);
  const first = await liaison.post('/api/v1/notifications/n-old-1/read');
  expect(first.status).toBe(200);
  expect(await readAudits()).toBe(1);
  const again = await liaison.post('/api/v1/notifications/n-old-1/read');
  expect(again.status).toBe(200);
  expect(again.body.readAt).toBe(first.body.readAt);
  expect(await readAudits()).toBe(1);
  expect(await unreadCount(liaison)).toBe(2);
});

test("someone else's notification is refused and stays unread; an unknown one is 404", async () => {
  const foreign = await otherLiaison.post('/api/v1/notifications/n-old-2/read');
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('FORBIDDEN');
  expect((await harness.database.db.notification.findUniqueOrThrow({ where: { id: 'n-old-2' } })).readAt).toBeNull();
  const unknown = await liaison.post('/api/v1/notifications/no-such-notice/read');
  expect(unknown.status).toBe(404);
});

test('marking all read stops at the moment the person looked: a later arrival stays unread', async () => {
  const before = await readAudits();
  const marked = await liaison.post('/api/v1/notifications/read', { upTo: minutesAgo(10).toISOString() });
  expect(marked.status).toBe(200);
  expect(marked.body.marked).toBe(1);
  expect(await readAudits()).toBe(before + 1);
  const rows = await harness.database.db.notification.findMany({ where: { recipientId }, orderBy: { id: 'asc' } });
  expect(rows.map((row) => [row.id, row.readAt !== null])).toEqual([
    ['n-new', false],
    ['n-old-1', true],
    ['n-old-2', true],
  ]);
  // Nothing left up to that moment: no change, no audit event.
  const again = await liaison.post('/api/v1/notifications/read', { upTo: minutesAgo(10).toISOString() });
  expect(again.body.marked).toBe(0);
  expect(await readAudits()).toBe(before + 1);
});

test('a moment in the future is refused with a field message', async () => {
  const future = await liaison.post('/api/v1/notifications/read', { upTo: new Date(Date.now() + 3_600_000).toISOString() });
  expect(future.status).toBe(400);
  expect(future.body.error.fields).toEqual([{ path: 'upTo', message: '不能晚于当前时间' }]);
  expect(await unreadCount(liaison)).toBe(1);
});
