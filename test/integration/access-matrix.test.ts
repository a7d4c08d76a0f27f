import request from 'supertest';
import type { Express } from 'express';
import pino from 'pino';
import { apiRoutes, createApp, defaultSecurityDeps } from '../../api/app';
import type { RouteDefinition } from '../../api/http/route';
import type { ErrorCode } from '../../domain/errors';
import { meetingScheduleIdFor } from '../../domain/meeting/meeting';
import { defaultItemTypePolicy, itemTypeRules } from '../../domain/supervision/item-type';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { changedTables, footprint, settledFootprint } from '../support/footprint';
import { signIn, users, type ApiClient } from '../support/session';

// The access matrix: every route of the registry × every kind of caller × own and foreign
// objects, against the table below. The table is the specification, written out by hand; it must
// not be derived from domain/access/policy.ts, or the test would only compare the policy with
// itself. A route without a row fails the test, so a new route cannot skip it.
//
// Denied: a signed-out caller gets 401 UNAUTHENTICATED; a signed-in one 403 FORBIDDEN or
// WRONG_UNIT (PASSWORD_CHANGE_REQUIRED for a sign-in still waiting for its new password), and the
// database is left as it was (only the security.* audit event of the denial is written).
// Allowed: the request is answered on its merits: a success, a 409 for a change (the item's state
// does not allow it now) or one of the route's declared business answers (a wrong TOTP code …);
// never 401/403, never 400 (every request here is well formed), never 404 (every object exists)
// or 5xx.

const roles = [
  'anonymous',
  'officer',
  'head',
  'districtLeader',
  'leadLiaison',
  'coLiaison',
  'otherLiaison',
  'leadLeader',
  'enterprise',
  'sysadmin',
  'secadmin',
  'auditadmin',
  'unfinished',
] as const;
type Role = (typeof roles)[number];

// The people behind the roles. Objects: item A is led by ghzrj with kjj co-organising, item B is
// led by scjgj alone; czj has no part in either. Difficulty D1 is ent-001's (ghzrj leads, kjj
// co-organises), D2 ent-002's (scjgj). The enterprise contact is ent-001's.
const signedInUsers: Record<Exclude<Role, 'anonymous' | 'unfinished'>, string> = {
  officer: users.commissionOfficer,
  head: users.commissionHead,
  districtLeader: users.districtLeader,
  leadLiaison: users.liaison('ghzrj'),
  coLiaison: users.liaison('kjj'),
  otherLiaison: users.liaison('czj'),
  leadLeader: users.unitLeader('ghzrj'),
  enterprise: users.enterpriseContact('ent-001'),
  sysadmin: users.systemAdmin,
  secadmin: users.securityAdmin,
  auditadmin: users.auditAdmin,
};

/** Shorthands for the table; anything else in an allow list must be a role's own name. */
const groups: Record<string, readonly Role[]> = {
  commission: ['officer', 'head'],
  overseers: ['officer', 'head', 'districtLeader'],
  staff: ['officer', 'head', 'districtLeader', 'leadLiaison', 'coLiaison', 'otherLiaison', 'leadLeader'],
  /** Every completed sign-in. */
  active: ['officer', 'head', 'districtLeader', 'leadLiaison', 'coLiaison', 'otherLiaison', 'leadLeader', 'enterprise', 'sysadmin', 'secadmin', 'auditadmin'],
  everyone: roles,
};

function rolesIn(list: string): Set<Role> {
  const allowed = new Set<Role>();
  for (const word of list.split(/\s+/).filter(Boolean)) {
    const named = groups[word] ?? (roles.includes(word as Role) ? [word as Role] : undefined);
    if (!named) throw new Error(`unknown role or group in the access table: ${word}`);
    named.forEach((role) => allowed.add(role));
  }
  return allowed;
}

interface Input {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: object;
  /** An upload route's body: the file itself. */
  file?: { contentType: string; bytes: Buffer };
}

interface Row {
  /** Who may call the route, per object ('-' for a route on no particular object). */
  allow: Record<string, string>;
  /** A well-formed request on that object; `fresh` asks for a new object (an allowed call changes it). */
  input(object: string, fresh: boolean): Input | Promise<Input>;
  /** Answers this route gives an allowed caller on the merits, which are not denials. */
  business?: ErrorCode[];
}

// Objects made in beforeAll.
const objects = {
  items: {} as Record<'A' | 'B', string>,
  difficulties: {} as Record<'D1' | 'D2', string>,
  /** One attachment on each item. */
  attachments: {} as Record<'A' | 'B', string>,
  /** A meeting in preparation. */
  meeting: '',
  /** An account the administrators' routes act on. */
  targetAccountId: '',
};
/** New items for allowed actions, so that one caller's action never depends on another's. */
const freshItems: Record<'A' | 'B', string[]> = { A: [], B: [] };
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter += 1)}`;

const itemShapes = {
  A: { leadUnitId: 'ghzrj', coUnitIds: ['kjj'] },
  B: { leadUnitId: 'scjgj', coUnitIds: [] },
} as const;

function item(object: string, fresh: boolean): string {
  const key = object as 'A' | 'B';
  if (!fresh) return objects.items[key];
  const next = freshItems[key].pop();
  if (!next) throw new Error(`no fresh item ${object} left: the pool is sized from the table`);
  return next;
}

/** An action on an item; `a` and `b` name who may take it on item A and on item B. */
const action = (a: string, b: string, body: object): Row => ({
  allow: { A: a, B: b },
  input: (object, fresh) => ({ params: { itemId: item(object, fresh) }, body }),
});
const itemReaders = { A: 'overseers leadLiaison coLiaison leadLeader', B: 'overseers' };
const itemRead = (): Row => ({
  allow: itemReaders,
  input: (object) => ({ params: { itemId: item(object, false) } }),
});
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const reason = '矩阵测试：按督办要求办理';
const assignmentRules = itemTypeRules(defaultItemTypePolicy('assignment'));

/** The specification: operationId → who may call it, on which object. */
const table: Record<string, Row> = {
  'auth.login': { allow: { '-': 'everyone' }, input: () => ({ body: { username: 'matrix-nobody', password: 'Wrong-Pass-0000' } }), business: ['INVALID_CREDENTIALS'] },
  'auth.session': { allow: { '-': 'active unfinished' }, input: () => ({}) },
  'auth.logout': { allow: { '-': 'active unfinished' }, input: () => ({}) },
  'auth.totp.verify': { allow: { '-': 'active' }, input: () => ({ body: { code: '000000' } }), business: ['INVALID_TOTP', 'TOTP_ENROLMENT_REQUIRED'] },
  'auth.totp.enrol': { allow: { '-': 'active' }, input: () => ({}) },
  'auth.totp.confirm': { allow: { '-': 'active' }, input: () => ({ body: { code: '000000' } }), business: ['INVALID_TOTP', 'TOTP_ENROLMENT_REQUIRED'] },
  'auth.password.change': {
    allow: { '-': 'active unfinished' },
    input: () => ({ body: { currentPassword: 'Wrong-Pass-0000', newPassword: 'Matrix-New-2027' } }),
    business: ['INVALID_CREDENTIALS'],
  },

  'accounts.list': { allow: { '-': 'sysadmin secadmin' }, input: () => ({ query: { limit: '5' } }) },
  'accounts.create': {
    allow: { '-': 'sysadmin' },
    input: () => ({ body: { kind: 'enterprise', enterpriseId: 'ent-004', username: `matrix-new-${unique()}`, displayName: '矩阵测试联系人', initialPassword: 'Matrix-Init-2026' } }),
  },
  'accounts.resetPassword': { allow: { '-': 'sysadmin' }, input: () => ({ params: { accountId: objects.targetAccountId }, body: { initialPassword: 'Matrix-Reset-2026' } }) },
  'accounts.deactivate': { allow: { '-': 'sysadmin' }, input: () => ({ params: { accountId: objects.targetAccountId }, body: { reason } }) },
  'accounts.activate': { allow: { '-': 'sysadmin' }, input: () => ({ params: { accountId: objects.targetAccountId }, body: { reason } }) },
  'accounts.unlock': { allow: { '-': 'secadmin' }, input: () => ({ params: { accountId: objects.targetAccountId } }) },
  'accounts.resetTotp': { allow: { '-': 'secadmin' }, input: () => ({ params: { accountId: objects.targetAccountId }, body: { reason } }) },
  // The same roles again: the change is audited but leaves the person's rights as they were.
  'staff.setRoles': { allow: { '-': 'secadmin' }, input: () => ({ params: { staffMemberId: 'staff-sthjj-liaison' }, body: { roles: ['liaison'], reason } }) },
  // Far in the future, so the stand-in changes nobody's rights while the test runs.
  'staff.acting.create': {
    allow: { '-': 'secadmin' },
    input: () => ({ body: { staffMemberId: 'staff-sthjj-liaison', forStaffMemberId: 'staff-sthjj-leader', from: '2090-01-02', to: '2090-01-03', reason } }),
  },
  'audit.list': { allow: { '-': 'auditadmin' }, input: () => ({ query: { limit: '5' } }) },
  'audit.verify': { allow: { '-': 'auditadmin' }, input: () => ({}) },

  'inbox.list': {
    allow: { ghzrj: 'overseers leadLiaison leadLeader', kjj: 'overseers coLiaison', czj: 'overseers otherLiaison' },
    input: (unitId) => ({ params: { unitId } }),
  },
  'items.assign': { allow: { '-': 'commission' }, input: () => ({ body: { title: '矩阵测试交办事项', leadUnitId: 'sthjj' } }) },
  'items.overview': { allow: { '-': 'overseers' }, input: () => ({}) },
  'items.get': itemRead(),
  'items.explainDeadline': itemRead(),
  'items.sign': action('leadLiaison leadLeader', '', {}),
  'items.return': action('leadLiaison leadLeader', '', { reason }),
  'items.transfer': action('commission', 'commission', { toUnitId: 'czj', reason }),
  'items.report': action('leadLiaison leadLeader', '', { result: '已办结' }),
  'items.coReport': action('coLiaison', '', { report: '已配合办理' }),
  'items.approve': action('commission', 'commission', { comment: '同意' }),
  'items.sendBack': action('commission', 'commission', { reason }),
  'items.close': action('commission', 'commission', {}),
  'items.requestExtension': action('leadLiaison leadLeader', '', { days: 3, reason, progress: '正在协调' }),
  'items.decideExtension': action('commission', 'commission', { approve: true, reason }),
  'items.urge': action('commission', 'commission', { message: '请加快办理' }),
  'items.suspend': action('commission', 'commission', { reason, legalBasis: '矩阵测试依据' }),
  'items.resume': action('commission', 'commission', {}),
  'items.halt': action('commission', 'commission', { reason }),
  'items.instruct': action('districtLeader head leadLeader', 'districtLeader head', { text: '请抓紧协调办理' }),
  'items.attachments.add': { allow: itemReaders, input: (object, fresh) => ({ params: { itemId: item(object, fresh) }, file: { contentType: 'application/pdf', bytes: pdf } }) },
  'items.attachments.list': itemRead(),
  'attachments.download': { allow: itemReaders, input: (object) => ({ params: { attachmentId: objects.attachments[object as 'A' | 'B'] } }) },

  'meetings.list': { allow: { '-': 'staff' }, input: () => ({}) },
  'meetings.get': { allow: { M: 'staff' }, input: () => ({ params: { meetingId: objects.meeting } }) },
  'meetings.convene': { allow: { '-': 'commission' }, input: () => ({ body: { scheduledOn: shanghaiToday() } }) },
  // The first allowed caller records the minutes (no decisions); later ones are told they exist (409).
  'meetings.recordMinutes': {
    allow: { M: 'commission' },
    input: () => ({ params: { meetingId: objects.meeting }, body: { heldOn: new Date().toISOString().slice(0, 10), minutes: '矩阵测试会议纪要', decisions: [] } }),
  },
  'meetings.schedule.get': { allow: { '-': 'staff' }, input: () => ({}) },
  'meetings.schedule.save': { allow: { '-': 'commission' }, input: () => ({ body: { months: [1, 4, 7, 10], dayOfMonth: 10, hour: 9 } }) },

  'difficulties.raise': {
    allow: { '-': 'commission' },
    input: () => ({ body: { enterpriseId: 'ent-003', category: 'policy', title: '矩阵测试诉求', description: '矩阵测试诉求内容', leadUnitId: 'sthjj' } }),
  },
  'difficulties.get': {
    allow: { D1: 'overseers leadLiaison coLiaison leadLeader enterprise', D2: 'overseers' },
    input: (object) => ({ params: { difficultyId: objects.difficulties[object as 'D1' | 'D2'] } }),
  },
  'enterprises.get': { allow: { 'ent-001': 'staff enterprise', 'ent-002': 'staff' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'enterprises.difficulties': { allow: { 'ent-001': 'overseers enterprise', 'ent-002': 'overseers' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'notifications.list': { allow: { '-': 'staff' }, input: () => ({}) },

  'calendar.get': { allow: { '-': 'staff sysadmin' }, input: () => ({ params: { year: '2026' } }) },
  'calendar.recomputation': { allow: { '-': 'staff sysadmin' }, input: () => ({ params: { year: '2026' }, query: { version: '1' } }) },
  'calendar.publish': { allow: { '-': 'sysadmin' }, input: () => ({ params: { year: '2100' }, body: { source: '矩阵测试依据', days: [] } }) },
  'itemTypes.list': { allow: { '-': 'staff sysadmin' }, input: () => ({}) },
  'itemTypes.get': { allow: { '-': 'staff sysadmin' }, input: () => ({ params: { type: 'assignment' } }) },
  'itemTypes.save': {
    allow: { '-': 'sysadmin' },
    input: () => ({ params: { type: `matrix_${unique()}` }, body: { label: '矩阵测试类型', process: 'general', ...assignmentRules, reason } }),
  },
  'docs.openapi': { allow: { '-': 'everyone' }, input: () => ({}) },
};

interface Cell {
  route: RouteDefinition;
  row: Row;
  role: Role;
  object: string;
  allowed: boolean;
}

const cells: Cell[] = [];
const cellCount = Object.values(table).reduce((sum, row) => sum + Object.keys(row.allow).length * roles.length, 0);

let harness: ApiHarness;
let app: Express;
let registry: RouteDefinition[];
const clients = new Map<Role, ApiClient>();

beforeAll(async () => {
  harness = await startApiHarness();
  const deps = { db: harness.database.db, temporal: harness.temporal, taskQueue: harness.worker.taskQueue, logger: pino({ level: 'silent' }), bodyLimit: '100kb' };
  // Some hundred requests from one address: lift the rate limits, which are not under test here.
  const security = { ...defaultSecurityDeps(), loginRateLimit: 10_000, apiRateLimit: 100_000 };
  app = createApp({ ...deps, security });
  registry = apiRoutes({ ...deps, security });

  await Promise.all(Object.entries(signedInUsers).map(async ([role, username]) => clients.set(role as Role, await signIn(app, username))));
  const officer = clients.get('officer')!;
  const sysadmin = clients.get('sysadmin')!;

  // A sign-in that must still change its initial password, and an account to administer.
  const newAccount = async (enterpriseId: string, username: string) => {
    const created = await sysadmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId, username, displayName: '矩阵测试账号', initialPassword: 'Matrix-Init-2026' });
    if (created.status !== 201) throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  };
  objects.targetAccountId = await newAccount('ent-002', 'matrix-target');
  await newAccount('ent-003', 'matrix-unfinished');
  const unfinished = await signIn(app, 'matrix-unfinished', { password: 'Matrix-Init-2026' });
  expect((await unfinished.get('/api/v1/auth/session')).body.stage).toBe('password_change');
  clients.set('unfinished', unfinished);

  const assign = async (shape: keyof typeof itemShapes) => {
    const created = await officer.post('/api/v1/items', { title: `矩阵测试事项 ${shape}`, ...itemShapes[shape] });
    if (created.status !== 201) throw new Error(`assign ${shape}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  };
  const raise = async (enterpriseId: string, leadUnitId: string, coUnitIds: string[]) => {
    const raised = await officer.post('/api/v1/difficulties', { enterpriseId, category: 'land', title: '矩阵测试用地诉求', description: '需协调用地指标', leadUnitId, coUnitIds });
    if (raised.status !== 201) throw new Error(`raise: ${raised.status} ${JSON.stringify(raised.body)}`);
    return raised.body.difficultyId as string;
  };
  [objects.items.A, objects.items.B, objects.difficulties.D1, objects.difficulties.D2] = await Promise.all([
    assign('A'),
    assign('B'),
    raise('ent-001', 'ghzrj', ['kjj']),
    raise('ent-002', 'scjgj', []),
  ]);
  const attach = async (itemId: string) => {
    const uploaded = await officer.post(`/api/v1/items/${itemId}/attachments`).set('Content-Type', 'application/pdf').send(pdf);
    if (uploaded.status !== 201) throw new Error(`attach: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
    return uploaded.body.id as string;
  };
  const convened = await officer.post('/api/v1/meetings', { scheduledOn: shanghaiToday() });
  if (convened.status !== 201) throw new Error(`convene: ${convened.status} ${JSON.stringify(convened.body)}`);
  objects.meeting = convened.body.id;
  [objects.attachments.A, objects.attachments.B] = await Promise.all([attach(objects.items.A), attach(objects.items.B)]);

  for (const route of registry) {
    const row = table[route.operationId];
    if (!row) continue;
    for (const [object, list] of Object.entries(row.allow)) {
      const allowed = rolesIn(list);
      for (const role of roles) cells.push({ route, row, role, object, allowed: allowed.has(role) });
    }
  }
  // Allowed actions on items each get a new item: a halt or a close must not decide the next call.
  const wanted = { A: 0, B: 0 };
  for (const cell of cells) if (cell.allowed && cell.route.operationId.startsWith('items.') && cell.route.method === 'post' && cell.object in wanted) wanted[cell.object as 'A' | 'B'] += 1;
  const pool = await Promise.all((['A', 'B'] as const).flatMap((shape) => Array.from({ length: wanted[shape] }, async () => [shape, await assign(shape)] as const)));
  for (const [shape, id] of pool) freshItems[shape].push(id);
}, 120_000);

afterAll(async () => {
  await harness?.temporal.schedule.getHandle(meetingScheduleIdFor(harness.worker.taskQueue)).delete().catch(() => undefined);
  await harness?.stop();
});

function urlOf(route: RouteDefinition, params: Record<string, string> = {}): string {
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${route.operationId}: no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
  return `/api/v1${path}`;
}

async function call(cell: Cell, fresh: boolean): Promise<request.Response> {
  const input = await cell.row.input(cell.object, fresh);
  const url = urlOf(cell.route, input.params);
  const client = clients.get(cell.role);
  const agent = client ? client.agent : request(app);
  let pending = agent[cell.route.method](url);
  if (input.query) pending = pending.query(input.query);
  if (client && cell.route.method !== 'get') pending = pending.set('X-CSRF-Token', client.csrfToken);
  if (input.file) return pending.set('Content-Type', input.file.contentType).send(input.file.bytes);
  return input.body === undefined ? pending : pending.send(input.body);
}

/** Runs `work` over `list`, a few at a time (the app's database pool is small), in list order. */
async function inParallel<T, R>(list: readonly T[], work: (entry: T) => Promise<R>, width = 4): Promise<R[]> {
  const results: R[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      results[index] = await work(list[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, list.length) }, worker));
  return results;
}

const describeCell = (cell: Cell) => `${cell.route.operationId} [${cell.object}] as ${cell.role}`;
const answer = (response: request.Response) => `${response.status} ${response.body?.error?.code ?? ''}`.trim();

function denialProblem(cell: Cell, response: request.Response): string | undefined {
  const code: string | undefined = response.body?.error?.code;
  const expected: readonly string[] = cell.role === 'anonymous' ? ['UNAUTHENTICATED'] : cell.role === 'unfinished' ? ['PASSWORD_CHANGE_REQUIRED'] : ['FORBIDDEN', 'WRONG_UNIT'];
  const status = cell.role === 'anonymous' ? 401 : 403;
  if (response.status === status && code !== undefined && expected.includes(code)) return undefined;
  return `${describeCell(cell)}: expected a denial (${status} ${expected.join('/')}), got ${answer(response)}`;
}

function allowedProblem(cell: Cell, response: request.Response): string | undefined {
  const code: string | undefined = response.body?.error?.code;
  if (response.status < 300) return undefined;
  if (code !== undefined && cell.row.business?.includes(code as ErrorCode)) return undefined;
  // Only a change can be refused for the object's state; a read that is allowed answers.
  if (response.status === 409 && cell.route.method !== 'get') return undefined;
  return `${describeCell(cell)}: expected to be allowed, got ${answer(response)} ${response.body?.error?.message ?? ''}`;
}

const routeCount = Object.keys(table).length;
const objectCount = Object.values(table).reduce((sum, row) => sum + Object.keys(row.allow).length, 0);

describe(`access matrix: ${routeCount} routes × ${roles.length} roles, ${objectCount} route-object pairs, ${cellCount} calls`, () => {
  test('has one row per route of the registry, and no row for a route that does not exist', () => {
    const ids = registry.map((route) => route.operationId).sort();
    expect(Object.keys(table).sort()).toEqual(ids);
    expect(cells).toHaveLength(cellCount);
  });

  test('denies every call the table denies, and writes nothing but the security event', async () => {
    const db = harness.database.db;
    const denied = cells.filter((cell) => !cell.allowed);
    const before = await settledFootprint(db);
    const problems = (await inParallel(denied, async (cell) => denialProblem(cell, await call(cell, false)))).filter((problem) => problem !== undefined);
    const after = await footprint(db);
    if (changedTables(before, after).length > 0) {
      problems.push(`denied calls wrote to ${changedTables(before, after).join(', ')}`);
      // Once more, route by route, to name the culprit (a denial can be repeated).
      for (const route of registry) {
        const start = await footprint(db);
        await inParallel(denied.filter((cell) => cell.route === route), (cell) => call(cell, false));
        const changed = changedTables(start, await footprint(db));
        if (changed.length > 0) problems.push(`${route.operationId}: denied calls wrote to ${changed.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('allows every call the table allows (signing out last)', async () => {
    const last = (cell: Cell) => cell.route.operationId === 'auth.logout';
    const allowed = cells.filter((cell) => cell.allowed);
    const check = async (cell: Cell) => allowedProblem(cell, await call(cell, cell.route.method !== 'get'));
    const problems = [...(await inParallel(allowed.filter((cell) => !last(cell)), check)), ...(await inParallel(allowed.filter(last), check))];
    expect(problems.filter((problem) => problem !== undefined)).toEqual([]);
  });
});
