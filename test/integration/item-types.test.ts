import request from 'supertest';
import type { Express } from 'express';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import type { Clock } from '../../domain/supervision/clock';
import { defaultItemTypePolicy, defaultItemTypes, itemTypeRules } from '../../domain/supervision/item-type';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { verifyAuditChain } from '../../activities/audit/audit-log';
import { seedReferenceData } from '../../prisma/seed/reference-data';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';

// 事项类型 as data: the commission edits a type's time limits and escalation rules through the
// API; new items take the current version, items already running keep theirs; every version is
// kept with its reason and audited; bad or stale edits change nothing.

let commission!: ApiClient;
let admin!: ApiClient;
let techBureau!: ApiClient;

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  commission = await signIn(app, users.commissionOfficer);
  admin = await signIn(app, users.systemAdmin);
  techBureau = await signIn(app, users.liaison('kjj'));
});

afterAll(async () => {
  await harness?.stop();
});

const seeded = defaultItemTypePolicy;
/** A PUT body: the seeded policy's label and rules with some replaced, and a reason. */
const bodyFrom = (type: string, changes: Record<string, unknown> = {}) => ({
  label: seeded(type).label,
  ...structuredClone(itemTypeRules(seeded(type))),
  reason: '按区政府督办工作要求调整',
  ...changes,
});
const put = (type: string, body: object, headers: ApiClient = admin) =>
  headers.put(`/api/v1/item-types/${type}`).send(body);
const assign = (body: object = {}) =>
  commission.post('/api/v1/items').send({ title: '核实企业用电增容需求', leadUnitId: 'kjj', ...body });

/** What nothing-written means: the row's version, the revisions and the audit rows of the type. */
async function footprint(type: string) {
  const [row, revisions, audit] = await Promise.all([
    database.db.itemType.findUnique({ where: { type } }),
    database.db.itemTypeRevision.count({ where: { type } }),
    database.db.auditEvent.count({ where: { subject: `item_type:${type}` } }),
  ]);
  return { version: row?.version ?? null, policy: row?.policy ?? null, revisions, audit };
}

/** The due date `n` working days after the day the item's clock started. */
async function dueAfter(itemId: string, n: number): Promise<string> {
  const row = await database.db.supervisedItem.findUniqueOrThrow({ where: { id: itemId } });
  const start = shanghaiDateOf(new Date((row.clock as unknown as Clock).startedAt));
  const year = Number(start.slice(0, 4));
  const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: year, toYear: year + 1 }));
  return calendar.addWorkingDays(start, n).date;
}

describe('listing item types', () => {
  test('any known caller sees every seeded type with its label, process, version and policy', async () => {
    const response = await techBureau.get('/api/v1/item-types');
    expect(response.status).toBe(200);
    expect(response.body.itemTypes.map((row: { type: string }) => row.type).sort()).toEqual(defaultItemTypes.map((policy) => policy.type).sort());
    expect(response.body.itemTypes.find((row: { type: string }) => row.type === 'difficulty')).toMatchObject({
      label: '企业诉求',
      process: 'difficulty',
      version: 1,
      updatedBy: 'system',
      policy: { signDays: 1, handleDays: 7, budgetUnit: 'working_days', returnDays: 2, coUnitLeadDays: 2, escalation: { warning: { yellowAtShareUsed: 0.8 } } },
    });
    const general = await techBureau.get('/api/v1/item-types').query({ process: 'general' });
    expect(general.body.itemTypes.map((row: { type: string }) => row.type).sort()).toEqual(['assignment', 'urgent_hours']);
    expect((await request(app).get('/api/v1/item-types')).status).toBe(401);
  });

  test('one type comes with its history and its version as an ETag; an unknown type is 404', async () => {
    const response = await techBureau.get('/api/v1/item-types/measure_report');
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.body.revisions).toEqual([
      expect.objectContaining({ version: 1, label: '重点任务进度报送', process: 'measure', reason: '系统默认值', changedBy: 'system', policy: expect.objectContaining({ handleDays: 5 }) }),
    ]);
    const missing = await techBureau.get('/api/v1/item-types/no_such_type');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('事项类型不存在');
  });
});

describe('editing a type', () => {
  test('new items get the new time limit, an item created before keeps its own, and the change is kept with its reason and audited', async () => {
    const before = await assign();
    expect(before.status).toBe(201);
    expect(before.body.budgetDays).toBe(10);

    const edited = await put('assignment', bodyFrom('assignment', { handleDays: 5, reason: '交办事项办理时限缩短为 5 个工作日' })).set('If-Match', '"1"');
    expect(edited.status).toBe(200);
    expect(edited.headers.etag).toBe('"2"');
    expect(edited.body).toMatchObject({ type: 'assignment', process: 'general', version: 2, changed: true, updatedBy: 'account:sysadmin', policy: { handleDays: 5 } });

    const after = await assign();
    expect(after.status).toBe(201);
    expect(after.body.budgetDays).toBe(5);
    expect(after.body.dueOn).toBe(await dueAfter(after.body.id, 5));

    // The earlier item keeps its 10 days, also when an action recomputes its deadlines.
    const signed = await techBureau.post(`/api/v1/items/${before.body.id}/sign`).send({});
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ budgetDays: 10, dueOn: before.body.dueOn });
    expect(before.body.dueOn).toBe(await dueAfter(before.body.id, 10));

    const history = await commission.get('/api/v1/item-types/assignment');
    expect(history.body.revisions.map((revision: { version: number }) => revision.version)).toEqual([2, 1]);
    expect(history.body.revisions[0]).toMatchObject({ reason: '交办事项办理时限缩短为 5 个工作日', changedBy: 'account:sysadmin', policy: { handleDays: 5 } });
    expect(history.body.revisions[1].policy.handleDays).toBe(10);

    const audit = await database.db.auditEvent.findMany({ where: { subject: 'item_type:assignment' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'item_type.update',
      actorId: 'account:sysadmin',
      detail: { version: 2, previousVersion: 1, reason: '交办事项办理时限缩短为 5 个工作日', changed: ['handleDays'] },
    });
    expect(await verifyAuditChain(database.db)).toEqual({ rows: expect.any(Number) });
  });

  test('a difficulty raised after its type changed runs on the new limit (the API hands the policy to the workflow)', async () => {
    const edited = await put('difficulty_complex', bodyFrom('difficulty_complex', { handleDays: 12 }));
    expect(edited.status).toBe(200);
    const raised = await commission.post('/api/v1/difficulties').send({
      enterpriseId: 'ent-003',
      category: 'technology',
      title: '关键工艺联合攻关',
      description: '需协调高校开展关键工艺联合攻关。',
      leadUnitId: 'kjj',
      itemType: 'difficulty_complex',
    });
    expect(raised.status).toBe(201);
    expect(raised.body.item).toMatchObject({ type: 'difficulty_complex', budgetDays: 12 });
    expect(raised.body.item.dueOn).toBe(await dueAfter(raised.body.item.id, 12));
  });

  test('the same content again changes nothing and answers the same version, whatever version was expected', async () => {
    const body = bodyFrom('subsidy_review', { handleDays: 8 });
    const first = await put('subsidy_review', body);
    expect(first.body).toMatchObject({ version: 2, changed: true });
    const written = await footprint('subsidy_review');
    const again = await put('subsidy_review', { ...body, reason: '重复提交' }).set('If-Match', '"1"');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 2, changed: false });
    expect(await footprint('subsidy_review')).toEqual(written);
  });

  test('creates a type that does not exist yet, which new items can then use', async () => {
    const created = await put('assignment_quick', bodyFrom('assignment', { label: '交办事项（快办）', process: 'general', handleDays: 4, coUnitLeadDays: 1, expectedVersion: 0 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'assignment_quick', process: 'general', version: 1, changed: true });
    expect((await database.db.auditEvent.findFirst({ where: { subject: 'item_type:assignment_quick' } }))?.action).toBe('item_type.create');
    const item = await assign({ type: 'assignment_quick' });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({ type: 'assignment_quick', budgetDays: 4 });
  });
});

describe('the seed', () => {
  test('runs again on every start without touching a type an administrator edited', async () => {
    expect((await put('measure_report', bodyFrom('measure_report', { handleDays: 6 }))).body.version).toBe(2);
    const edited = await footprint('measure_report');
    await seedReferenceData(database.db);
    expect(await footprint('measure_report')).toEqual(edited);
    const defaults = defaultItemTypes.map((policy) => policy.type);
    expect(await database.db.itemTypeRevision.count({ where: { type: { in: defaults }, version: 1 } })).toBe(defaults.length);
  });
});

describe('refused edits write nothing', () => {
  test('an invalid policy is a 400 naming each field in Chinese', async () => {
    const unchanged = await footprint('joint_meeting_task');
    const invalid = await put('joint_meeting_task', bodyFrom('joint_meeting_task', { handleDays: 5, coUnitLeadDays: 5 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.error.fields).toEqual([{ path: 'coUnitLeadDays', message: '配合单位提前反馈的时间须少于办理时限（5 个工作日）' }]);

    const hours = await put('joint_meeting_task', bodyFrom('joint_meeting_task', { budgetUnit: 'hours', handleDays: 24 }));
    expect(hours.body.error.fields).toEqual([{ path: 'budgetUnit', message: '联席会议类事项按工作日计时，不能按小时计时' }]);

    const ladder = structuredClone(seeded('joint_meeting_task').escalation.ladder);
    ladder[1] = { ...ladder[1]!, key: 'remind_liaison', notify: [] };
    const badLadder = await put('joint_meeting_task', bodyFrom('joint_meeting_task', { escalation: { ...seeded('joint_meeting_task').escalation, ladder } }));
    expect(badLadder.status).toBe(400);
    expect(badLadder.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['escalation.ladder.1.key', 'escalation.ladder.1.notify']);

    const malformed = await put('joint_meeting_task', { ...bodyFrom('joint_meeting_task', { handleDays: '10' }), reason: ' ', extra: 1 });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toEqual(
      expect.arrayContaining([
        { path: 'handleDays', message: '办理时限须为整数' },
        { path: 'reason', message: '请填写修改理由' },
        { path: '(body)', message: '不支持的字段：extra' },
      ]),
    );

    const noProcess = await put('brand_new_type', bodyFrom('assignment'));
    expect(noProcess.body.error.fields).toEqual([{ path: 'process', message: '新建事项类型须指定所属流程' }]);
    const otherProcess = await put('joint_meeting_task', bodyFrom('joint_meeting_task', { process: 'general', handleDays: 14 }));
    expect(otherProcess.body.error.fields).toEqual([{ path: 'process', message: '事项类型的所属流程创建后不能更改' }]);

    expect(await footprint('joint_meeting_task')).toEqual(unchanged);
    expect(await footprint('brand_new_type')).toEqual({ version: null, policy: null, revisions: 0, audit: 0 });
  });

  test('a unit may read item types but not edit them', async () => {
    const unchanged = await footprint('difficulty');
    const response = await put('difficulty', bodyFrom('difficulty', { handleDays: 9 }), techBureau);
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({ code: 'FORBIDDEN', message: '无权执行此操作' });
    expect(await footprint('difficulty')).toEqual(unchanged);
  });

  test('an edit based on an older version is a 409 conflict', async () => {
    const first = await put('difficulty_urgent', bodyFrom('difficulty_urgent', { handleDays: 4 })).set('If-Match', '"1"');
    expect(first.body.version).toBe(2);
    const written = await footprint('difficulty_urgent');
    const stale = await put('difficulty_urgent', bodyFrom('difficulty_urgent', { handleDays: 2 })).set('If-Match', '"1"');
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', message: '事项类型已被修改（当前为第 2 版），请刷新后重试' });
    const staleBody = await put('difficulty_urgent', bodyFrom('difficulty_urgent', { handleDays: 2, expectedVersion: 1 }));
    expect(staleBody.status).toBe(409);
    const exists = await put('difficulty_urgent', bodyFrom('difficulty_urgent', { handleDays: 2, expectedVersion: 0 }));
    expect(exists.status).toBe(409);
    expect(await footprint('difficulty_urgent')).toEqual(written);
    expect((await put('difficulty_urgent', bodyFrom('difficulty_urgent', { handleDays: 2 })).set('If-Match', 'v2')).status).toBe(400);
  });
});

describe('creating items names a type of its own process', () => {
  test('an unknown type, or one of another process, is refused with UNKNOWN_ITEM_TYPE', async () => {
    const otherProcess = await assign({ type: 'difficulty' });
    expect(otherProcess.status).toBe(400);
    expect(otherProcess.body.error).toMatchObject({ code: 'UNKNOWN_ITEM_TYPE', fields: [{ path: 'type', message: '事项类型不存在，或不能用于此类事项：difficulty' }] });
    expect((await assign({ type: 'no_such_type' })).body.error.code).toBe('UNKNOWN_ITEM_TYPE');
    const difficulty = await commission.post('/api/v1/difficulties').send({
      enterpriseId: 'ent-001',
      category: 'land',
      title: '用地指标',
      description: '需新增工业用地。',
      leadUnitId: 'ghzrj',
      itemType: 'assignment',
    });
    expect(difficulty.status).toBe(400);
    expect(difficulty.body.error).toMatchObject({ code: 'UNKNOWN_ITEM_TYPE', fields: [{ path: 'itemType', message: expect.any(String) }] });
  });
});
