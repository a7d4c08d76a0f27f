import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { WorkingCalendar, shanghaiDateOf } from '../../domain/calendar';
import { createCalendarActivities } from '../../activities/calendar/calendar-activities';
import { addCalendarDays, type CalendarDay, type LocalDate } from '../../domain/calendar';
import { defaultItemTypePolicy } from '../../domain/supervision/item-type';
import { itemReadyUpdate, itemSnapshotQuery, type ItemInput } from '../../workflows/supervision/messages';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { unitAttribute } from '../../workflows/search-attributes';

// The supervision engine's actions through the HTTP API on the dev server and real PostgreSQL:
// co-organisers, return and transfer, extension, suspension, urging, halting, the explained
// deadline, the commission's overview and a calendar correction recomputing open deadlines.

let commission!: ApiClient;
let admin!: ApiClient;
let techBureau!: ApiClient;
let financeBureau!: ApiClient;

const difficulty = {
  enterpriseId: 'ent-002',
  category: 'financing',
  title: '设备更新贷款贴息',
  description: '企业购置数控设备需贷款 800 万元，申请贴息支持。',
  leadUnitId: 'jrzx',
};
let financeCentre!: ApiClient;

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  commission = await signIn(app, users.commissionOfficer);
  admin = await signIn(app, users.systemAdmin);
  techBureau = await signIn(app, users.liaison('kjj'));
  financeBureau = await signIn(app, users.liaison('czj'));
  financeCentre = await signIn(app, users.liaison('jrzx'));
});

afterAll(async () => {
  await harness?.stop();
});

const raise = (body: object = {}) =>
  commission.post('/api/v1/difficulties').send({ ...difficulty, ...body });
const act = (itemId: string, action: string, headers: ApiClient, body: object = {}) =>
  headers.post(`/api/v1/items/${itemId}/${action}`).send(body);


describe('co-organisers', () => {
  test('each see the item in their inbox with a sub-deadline, and the lead cannot report before they have', async () => {
    const { body } = await raise({ coUnitIds: ['czj', 'kjj'] });
    const itemId = body.item.id;
    expect(body.item.coUnits.map((unit: { id: string }) => unit.id).sort()).toEqual(['czj', 'kjj']);
    const coDue = body.item.coUnits[0].dueOn;
    expect(coDue < body.item.dueOn).toBe(true);

    const techInbox = await techBureau.get('/api/v1/units/kjj/items').query({ role: 'co' });
    expect(techInbox.body.items.find((row: { id: string }) => row.id === itemId)).toMatchObject({ myRole: 'co', myDueOn: coDue });

    expect((await act(itemId, 'sign', financeCentre)).status).toBe(200);
    const early = await act(itemId, 'report', financeCentre, { result: '已办理' });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('CO_UNITS_PENDING');
    expect((await act(itemId, 'co-report', techBureau, { report: '已提供技改政策依据' })).status).toBe(200);
    expect((await act(itemId, 'co-report', techBureau, { report: '重复反馈' })).status).toBe(409);
    expect((await act(itemId, 'co-report', financeBureau, { report: '贴息资金已纳入预算' })).status).toBe(200);
    const reported = await act(itemId, 'report', financeCentre, { result: '已协调银行放款并落实贴息' });
    expect(reported.body.state).toBe('pending_review');
    expect(reported.body.coUnits.every((unit: { reportedAt: string | null }) => unit.reportedAt !== null)).toBe(true);
  });
});

describe('return, transfer and review', () => {
  test('a wrongly assigned item goes back to the commission with a reason and on to another unit with a fresh clock', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    expect((await act(itemId, 'return', financeCentre, { reason: '' })).status).toBe(400);
    const returned = await act(itemId, 'return', financeCentre, { reason: '属财政贴息事项，建议由区财政局牵头' });
    expect(returned.body.state).toBe('returned');
    const transferred = await act(itemId, 'transfer', commission, { toUnitId: 'czj', reason: '按职责转区财政局办理' });
    expect(transferred.body).toMatchObject({ state: 'pending_sign', leadUnit: { id: 'czj' } });
    // Temporal's visibility follows the lead unit (the one search attribute an item keeps current).
    const described = await harness.temporal.workflow.getHandle(transferred.body.workflowId).describe();
    expect(described.typedSearchAttributes.get(unitAttribute)).toBe('czj');
    expect((await financeCentre.get(`/api/v1/items/${itemId}`)).status).toBe(403);
    const inbox = await financeBureau.get('/api/v1/units/czj/items');
    expect(inbox.body.items.map((row: { id: string }) => row.id)).toContain(itemId);
    expect((await act(itemId, 'sign', financeBureau)).status).toBe(200);
    await act(itemId, 'report', financeBureau, { result: '已落实贴息' });
    const sentBack = await act(itemId, 'send-back', commission, { reason: '请补充贴息金额与拨付时间' });
    expect(sentBack.body.state).toBe('in_progress');
    expect(sentBack.body.history.map((event: { action: string }) => event.action)).toEqual(['create', 'return', 'transfer', 'sign', 'report', 'sendBack']);
    // With npm run histories:record: the replay test's history of an item under visibility-unit-only.
    await recordHistory(harness.temporal, transferred.body.workflowId, 'visibility-unit-only-transfer');
  });
});

describe('the clock', () => {
  test('an approved extension moves the deadline by its working days and explains itself', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    await act(itemId, 'sign', financeCentre);
    expect((await act(itemId, 'decide-extension', commission, { approve: true, reason: '同意' })).body.error.code).toBe('NO_EXTENSION_PENDING');
    const requested = await act(itemId, 'request-extension', financeCentre, { days: 3, reason: '需等待银行授信审批', progress: '已完成尽调' });
    expect(requested.body.extensionPending).toBe(true);
    expect((await act(itemId, 'request-extension', financeCentre, { days: 2, reason: '再次申请', progress: '同上' })).body.error.code).toBe('EXTENSION_PENDING');
    const approved = await act(itemId, 'decide-extension', commission, { approve: true, reason: '理由充分，同意延期 3 个工作日' });
    expect(approved.body.extensionPending).toBe(false);

    const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: 2026, toYear: 2028 }));
    expect(approved.body.dueOn).toBe(calendar.addWorkingDays(body.item.dueOn, 3).date);

    const explained = await financeCentre.get(`/api/v1/items/${itemId}/deadline/explain`);
    expect(explained.status).toBe(200);
    expect(explained.body).toMatchObject({ budget: 7, totalBudget: 10, dueOn: approved.body.dueOn });
    expect(explained.body.extensions.total).toBe(3);
  });

  test('a suspension stops the clock and resuming restarts it', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    await act(itemId, 'sign', financeCentre);
    expect((await act(itemId, 'suspend', financeCentre, { reason: '等待企业补正', legalBasis: '一次性告知' })).body.error.code).toBe('FORBIDDEN');
    const suspended = await act(itemId, 'suspend', commission, { reason: '等待企业补正材料', legalBasis: '《行政许可法》第三十二条 一次性告知补正' });
    expect(suspended.body).toMatchObject({ clockRunning: false, dueOn: null });
    expect((await act(itemId, 'suspend', commission, { reason: '再次', legalBasis: '同上' })).status).toBe(409);
    const resumed = await act(itemId, 'resume', commission);
    expect(resumed.body.clockRunning).toBe(true);
    // Suspended and resumed on the same day: no working day was taken off the clock.
    expect(resumed.body.dueOn).toBe(body.item.dueOn);
  });
});

describe('urging and halting', () => {
  test('an urge is recorded and notifies the unit; a halted item leaves every inbox', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    const urged = await act(itemId, 'urge', commission, { message: '请于 3 个工作日内反馈办理进展' });
    expect(urged.status).toBe(200);
    expect(urged.body.history.at(-1)).toMatchObject({ action: 'urge', reason: '请于 3 个工作日内反馈办理进展' });
    const notices = await eventually(
      () => database.db.notification.findMany({ where: { itemId } }),
      (rows) => rows.length > 0,
    );
    expect(notices.length).toBeGreaterThan(0);
    const halted = await act(itemId, 'halt', commission, { reason: '企业已自行解决，申请撤回' });
    expect(halted.body.state).toBe('halted');
    const inbox = await financeCentre.get('/api/v1/units/jrzx/items');
    expect(inbox.body.items.map((row: { id: string }) => row.id)).not.toContain(itemId);
  });
});

describe('批示 (instructions)', () => {
  test('the district leader and the lead unit’s leader instruct, recorded and sent to the lead unit; others may not', async () => {
    const { body } = await raise({ coUnitIds: ['kjj'] });
    const itemId = body.item.id;
    const [leader, jrzxLeader, kjjLeader, czjLeader] = await Promise.all([
      signIn(app, users.districtLeader),
      signIn(app, users.unitLeader('jrzx')),
      signIn(app, users.unitLeader('kjj')),
      signIn(app, users.unitLeader('czj')),
    ]);
    const instructed = await act(itemId, 'instruct', leader, { text: '请抓紧协调，本月内解决' });
    expect(instructed.status).toBe(200);
    expect(instructed.body.history.at(-1)).toMatchObject({ action: 'instruct', reason: '请抓紧协调，本月内解决' });
    expect((await act(itemId, 'instruct', jrzxLeader, { text: '已安排专人跟进' })).status).toBe(200);
    expect((await act(itemId, 'instruct', kjjLeader, { text: '配合单位已安排' })).status).toBe(200);
    const notices = await eventually(
      () => database.db.notification.findMany({ where: { itemId, kind: 'item.instruct' } }),
      (rows) => rows.length >= 6,
    );
    // Three instructions, each to the lead unit's liaison and leader.
    expect(notices).toHaveLength(6);
    const events = await database.db.itemEvent.count({ where: { itemId } });
    for (const [who, code] of [[czjLeader, 'FORBIDDEN'], [financeCentre, 'FORBIDDEN'], [commission, 'FORBIDDEN']] as const) {
      const refused = await act(itemId, 'instruct', who, { text: '越权批示' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe(code);
    }
    expect(await database.db.itemEvent.count({ where: { itemId } })).toBe(events);
  });
});

describe('the commission', () => {
  test('sees counts by colour and unit across every unit; a unit may not', async () => {
    await raise();
    expect((await financeCentre.get('/api/v1/supervision/overview')).status).toBe(403);
    const overview = await commission.get('/api/v1/supervision/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.openByColour.green).toBeGreaterThan(0);
    expect(overview.body.byUnit.find((row: { unitId: string }) => row.unitId === 'jrzx')).toBeDefined();
  });

  test('corrects the calendar and every open deadline is recomputed, recording old and new dates and why', async () => {
    const { body } = await raise();
    const itemId = body.item.id;
    const year = Number(body.item.dueOn.slice(0, 4));
    const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: year, toYear: year + 1 }));
    // Declare a district closure on a working day between today and the deadline.
    const today = shanghaiDateOf(new Date());
    const closure = calendar.nextWorkingDay(today);
    const current = await commission.get(`/api/v1/calendar/years/${closure.slice(0, 4)}`);
    const days = [...current.body.days, { date: closure, kind: 'closure', name: '区机关集中停电检修' }];
    const published = await admin.put(`/api/v1/calendar/years/${closure.slice(0, 4)}`)
      .send({ source: '江津区人民政府办公室通知（测试）', days });
    expect(published.status).toBe(201);
    expect(published.body.version).toBeGreaterThan(1);

    const moved = await eventually(
      () => commission.get(`/api/v1/items/${itemId}`),
      (response) => response.body.dueOn !== body.item.dueOn,
    );
    expect(moved.body.dueOn).toBe(calendar.nextWorkingDay(body.item.dueOn));
    const recalculated = moved.body.history.find((event: { action: string }) => event.action === 'recalculate');
    expect(recalculated.detail).toMatchObject({ previousDueOn: body.item.dueOn, dueOn: moved.body.dueOn, revision: published.body.recomputeWorkflowId });
    expect(recalculated.reason).toContain('江津区人民政府办公室通知（测试）');

    // Then the item's workflow hears of it, re-derives its own deadline (its timers follow it)
    // and records it, without a second old → new record.
    const recompute = await harness.temporal.workflow.getHandle(published.body.recomputeWorkflowId).result();
    expect(recompute).toMatchObject({ phase: 'done', recomputed: { deferred: 0 } });
    expect(recompute.signalled).toBeGreaterThanOrEqual(1);
    const snapshot = await eventually(
      () => harness.temporal.workflow.getHandle(body.item.workflowId).query(itemSnapshotQuery),
      (current) => current?.dueOn === moved.body.dueOn,
    );
    // Version 1 was its creation; the recalculation is the next version, but no event.
    expect(snapshot).toMatchObject({ dueOn: moved.body.dueOn, version: 2 });
    const rearmed = await eventually(
      () => database.db.supervisedItem.findUniqueOrThrow({ where: { id: itemId } }),
      (row) => row.version === snapshot!.version,
    );
    expect(rearmed.version).toBe(snapshot!.version);
    const history = (await commission.get(`/api/v1/items/${itemId}`)).body.history;
    expect(history.filter((event: { action: string }) => event.action === 'recalculate')).toHaveLength(1);
    const explained = await commission.get(`/api/v1/items/${itemId}/deadline/explain`);
    expect(explained.body.dueOn).toBe(moved.body.dueOn);
    expect(explained.body.calendarDaysApplied).toContainEqual({ date: closure, kind: 'closure', name: '区机关集中停电检修' });

    const again = await admin.put(`/api/v1/calendar/years/${closure.slice(0, 4)}`).send({ source: '江津区人民政府办公室通知（测试）', days });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: published.body.version, changed: false });
  });

  test('a corrected year that brings a deadline into the past: the item re-arms and its ladder fires at the new deadline', async () => {
    const year = (date: LocalDate) => Number(date.slice(0, 4));
    const before = async (date: LocalDate) => {
      const calendar = WorkingCalendar.from(await createCalendarActivities(database.db).loadCalendar({ fromYear: year(date) - 1, toYear: year(date) }));
      let day = addCalendarDays(date, -1);
      while (!calendar.isWorkingDay(day)) day = addCalendarDays(day, -1);
      return day;
    };
    const publish = async (change: (days: CalendarDay[], forYear: number) => CalendarDay[], dates: LocalDate[]) => {
      let revision = '';
      for (const forYear of [...new Set(dates.map(year))]) {
        const current = await commission.get(`/api/v1/calendar/years/${forYear}`);
        const response = await admin.put(`/api/v1/calendar/years/${forYear}`)
          .send({ source: '江津区人民政府办公室通知（测试）', days: change(current.body.days, forYear) });
        expect(response.status).toBe(201);
        revision = response.body.recomputeWorkflowId;
      }
      return revision;
    };
    // A one-working-day item assigned on day P; the two working days after it, W2 and W1 (the
    // last before today), are declared closures first, so its deadline is still ahead.
    const w1 = await before(shanghaiDateOf(new Date()));
    const w2 = await before(w1);
    const assignedOn = await before(w2);
    const closures = [w2, w1].map((date) => ({ date, kind: 'closure' as const, name: '临时停工（测试）' }));
    await publish((days, forYear) => [...days, ...closures.filter((day) => year(day.date) === forYear)], [w2, w1]);

    const itemId = randomUUID();
    const input: ItemInput = {
      itemId,
      title: '日历更正后的升级',
      source: { kind: 'assignment', id: itemId },
      leadUnitId: 'kjj',
      coUnitIds: [],
      commissionUnitId: 'jxw',
      policy: { ...defaultItemTypePolicy('assignment'), handleDays: 1, coUnitLeadDays: 0 },
      assignedAt: `${assignedOn}T09:00:00+08:00`,
      createdBy: 'wang.jxw',
    };
    const handle = await harness.temporal.workflow.start('supervisedItemWorkflow', { taskQueue: harness.worker.taskQueue, workflowId: `item-${itemId}`, args: [input] });
    await handle.executeUpdate(itemReadyUpdate);
    const created = (await handle.query(itemSnapshotQuery))!;
    expect(created.dueOn! > w1).toBe(true);
    expect(created.firedSteps).not.toContain('urge');

    // Withdrawing the closures moves the deadline to W2: the read model first, then the item,
    // whose 催办 (one working day after the deadline, W1) is already due and fires at once.
    await publish((days) => days.filter((day) => !closures.some((closure) => closure.date === day.date)), [w2, w1]);
    const escalated = await eventually(
      () => commission.get(`/api/v1/items/${itemId}`),
      (response) => response.body.history.some((event: { action: string; detail: { step?: string } }) => event.action === 'escalate' && event.detail.step === 'urge'),
    );
    expect(escalated.body.dueOn).toBe(w2);
    // One old → new per publication (two only when W2 and W1 fall in different years).
    const recalculations = escalated.body.history.filter((event: { action: string }) => event.action === 'recalculate');
    const revisions = recalculations.map((event: { detail: { revision: string } }) => event.detail.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(recalculations[0].detail.previousDueOn).toBe(created.dueOn);
    expect(recalculations[recalculations.length - 1].detail.dueOn).toBe(w2);
    expect(escalated.body.history.filter((event: { action: string; detail: { step?: string } }) => event.detail.step === 'urge')).toHaveLength(1);
    expect((await handle.query(itemSnapshotQuery))?.firedSteps).toContain('urge');
  });

  test('refuses a calendar with a make-up working day on a weekday, or a date outside the year', async () => {
    // 2027 holds the statutory holidays (provisional) until its arrangement is published: unchanged by a refusal.
    const held = await database.db.calendarYear.findUnique({ where: { year: 2027 } });
    const revisions = await database.db.calendarRevision.count({ where: { year: 2027 } });
    const response = await admin.put('/api/v1/calendar/years/2027')
      .send({ source: '测试', days: [{ date: '2027-01-04', kind: 'makeup_workday', name: '错误' }, { date: '2026-12-31', kind: 'holiday', name: '错误' }] });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['days.0.kind', 'days.1.date']);
    expect(await database.db.calendarYear.findUnique({ where: { year: 2027 } })).toEqual(held);
    expect(await database.db.calendarRevision.count({ where: { year: 2027 } })).toBe(revisions);
  });
});

describe('交办事项 (POST /items)', () => {
  const assignment = { title: '核实园区企业用电增容需求', leadUnitId: 'kjj', coUnitIds: ['czj'] };

  test('the commission assigns an item; a retried request with the same key returns the same item', async () => {
    const first = await commission.post('/api/v1/items').set('Idempotency-Key', 'assign-0001').send(assignment);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ type: 'assignment', state: 'pending_sign', leadUnit: { id: 'kjj' }, source: { kind: 'assignment', id: first.body.id } });
    expect(first.body.coUnits.map((unit: { id: string }) => unit.id)).toEqual(['czj']);
    expect(first.body.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const retry = await commission.post('/api/v1/items').set('Idempotency-Key', 'assign-0001').send(assignment);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await database.db.supervisedItem.count({ where: { sourceKind: 'assignment', sourceId: first.body.id } })).toBe(1);

    const inbox = await techBureau.get('/api/v1/units/kjj/items');
    expect(inbox.body.items.map((item: { id: string }) => item.id)).toContain(first.body.id);
  });

  test('交办通知: every unit named hears of a new item (signing and handling deadlines), and a 转办’s new lead of its arrival', async () => {
    const created = await commission.post('/api/v1/items').send({ title: '核实企业用工缺口（通知测试）', leadUnitId: 'kjj', coUnitIds: ['czj'] });
    expect(created.status).toBe(201);
    const noticesOf = (recipientId: string) => database.db.notification.findMany({ where: { recipientId, itemId: created.body.id, kind: 'item.assigned' } });
    const [lead, co] = await Promise.all([eventually(() => noticesOf('staff-kjj-liaison'), (rows) => rows.length > 0), eventually(() => noticesOf('staff-czj-liaison'), (rows) => rows.length > 0)]);
    expect(lead).toEqual([expect.objectContaining({ title: '新交办督办事项：核实企业用工缺口（通知测试）', body: expect.stringContaining(`签收期限 ${created.body.signDueOn}，办理期限 ${created.body.dueOn}`) })]);
    expect(co).toHaveLength(1);

    expect((await commission.post(`/api/v1/items/${created.body.id}/transfer`, { toUnitId: 'jrzx', reason: '职责调整' })).status).toBe(200);
    const moved = await eventually(() => noticesOf('staff-jrzx-liaison'), (rows) => rows.length > 0);
    expect(moved).toEqual([expect.objectContaining({ body: expect.stringContaining('转办至你单位（职责调整）') })]);
    // Nobody hears twice: the first lead and the co-organiser got theirs once.
    expect(await noticesOf('staff-kjj-liaison')).toHaveLength(1);
    expect(await noticesOf('staff-czj-liaison')).toHaveLength(1);
  });

  test('a key is its sender’s and its path’s: another officer, another unit or another item with the same key acts for itself', async () => {
    const officer2 = await signIn(app, users.commissionOfficer2);
    const mine = await commission.post('/api/v1/items').set('Idempotency-Key', 'shared-key-0001').send(assignment);
    const theirs = await officer2.post('/api/v1/items').set('Idempotency-Key', 'shared-key-0001').send({ title: '另一位督办员的交办', leadUnitId: 'czj' });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body).toMatchObject({ title: '另一位督办员的交办', leadUnit: { id: 'czj' } });

    // Two co-organisers answering the same item with the same key each report (lead kjj, co czj and jrzx).
    const shared = await commission.post('/api/v1/items').send({ ...assignment, coUnitIds: ['czj', 'jrzx'] });
    for (const [client, report] of [[financeBureau, '财政局的配合意见'], [financeCentre, '金融中心的配合意见']] as const) {
      expect((await client.post(`/api/v1/items/${shared.body.id}/co-report`).set('Idempotency-Key', 'co-report-0001').send({ report })).status).toBe(200);
    }
    const reported = (await commission.get(`/api/v1/items/${shared.body.id}`)).body.coUnits as { id: string; reportedAt: string | null; report?: string }[];
    expect(reported.map((unit) => [unit.id, unit.reportedAt !== null])).toEqual([
      ['czj', true],
      ['jrzx', true],
    ]);
    // The same person's key on another item is another action too.
    const other = await commission.post('/api/v1/items').send({ ...assignment, coUnitIds: ['czj'] });
    expect((await financeBureau.post(`/api/v1/items/${other.body.id}/co-report`).set('Idempotency-Key', 'co-report-0001').send({ report: '另一事项的意见' })).status).toBe(200);
    expect((await commission.get(`/api/v1/items/${other.body.id}`)).body.coUnits[0].reportedAt).not.toBeNull();
  });

  test('only the commission assigns, only to known units and general item types', async () => {
    const byUnit = await techBureau.post('/api/v1/items').send(assignment);
    expect(byUnit.status).toBe(403);
    const unknownUnit = await commission.post('/api/v1/items').send({ ...assignment, leadUnitId: 'nowhere' });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.code).toBe('UNKNOWN_UNIT');
    const otherProcessType = await commission.post('/api/v1/items').send({ ...assignment, type: 'difficulty' });
    expect(otherProcessType.status).toBe(400);
    expect(otherProcessType.body.error.code).toBe('UNKNOWN_ITEM_TYPE');
  });
});
