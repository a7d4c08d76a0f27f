import type { Express } from 'express';
import { WorkflowClient, itemWorkflowId, meetingWorkflowId } from '../../api/workflow-client';
import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { recordHistory, recordingHistories } from '../support/histories';
import { signIn, users, type ApiClient } from '../support/session';

// Records realistic histories of the released workflow types for the replay test
// (test/replay/replay.test.ts). Runs only with SRDI_RECORD_HISTORIES=1 (`npm run
// histories:record`); a normal run skips it, so the committed files never change by accident.
// Newer workflow types record their own histories from their integration tests.

const describeRecording = recordingHistories() ? describe : describe.skip;

describeRecording('recorded histories of the released workflows', () => {
  let harness: ApiHarness;
  let app: Express;
  let commission!: ApiClient;
  let admin!: ApiClient;
  let financeCentre!: ApiClient;
  let parkDegan!: ApiClient;
  let enterprise!: ApiClient;

  beforeAll(async () => {
    harness = await startApiHarness();
    ({ app } = harness);
    [commission, admin, financeCentre, parkDegan, enterprise] = await Promise.all([
      signIn(app, users.commissionOfficer),
      signIn(app, users.systemAdmin),
      signIn(app, users.liaison('jrzx')),
      signIn(app, users.liaison('park-degan')),
      signIn(app, users.enterpriseContact('ent-002')),
    ]);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const act = async (itemId: string, action: string, by: ApiClient, body: object = {}) => {
    const response = await by.post(`/api/v1/items/${itemId}/${action}`, body);
    expect(response.status).toBe(200);
    return response.body;
  };
  const raiseByCommission = async () => {
    const raised = await commission.post('/api/v1/difficulties', {
      enterpriseId: 'ent-002',
      category: 'financing',
      title: '设备更新贷款贴息',
      description: '企业购置数控设备需贷款 800 万元，申请贴息支持。',
      leadUnitId: 'jrzx',
      coUnitIds: ['park-degan'],
    });
    expect(raised.status).toBe(201);
    return raised.body as { difficultyId: string; item: { id: string; workflowId: string } };
  };

  test('a difficulty raised and assigned by the commission, handled with an extension, closed and rated', async () => {
    const { difficultyId, item } = await raiseByCommission();
    await act(item.id, 'sign', financeCentre);
    await act(item.id, 'request-extension', financeCentre, { days: 3, reason: '需等待银行授信审批', progress: '已完成尽调' });
    await act(item.id, 'decide-extension', commission, { approve: true, reason: '同意延期 3 个工作日' });
    await act(item.id, 'co-report', parkDegan, { report: '园区已出具设备投资情况说明' });
    await act(item.id, 'report', financeCentre, { result: '已协调银行发放贷款并落实贴息' });
    await act(item.id, 'approve', commission, { comment: '同意办结' });
    await act(item.id, 'close', commission);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if ((await enterprise.get(`/api/v1/difficulties/${difficultyId}`)).body.state === 'awaiting_rating') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await enterprise.post(`/api/v1/difficulties/${difficultyId}/rating`, { score: 4, comment: '贴息已到位' })).status).toBe(200);
    await harness.temporal.workflow.getHandle(`difficulty-${difficultyId}`).result();
    await recordHistory(harness.temporal, item.workflowId, 'extension-co-unit-closed');
    await recordHistory(harness.temporal, `difficulty-${difficultyId}`, 'commission-raised-rated');
  });

  test('an item reported, sent back by the review, reported again, approved and closed', async () => {
    const { item } = await raiseByCommission();
    await act(item.id, 'sign', financeCentre);
    await act(item.id, 'co-report', parkDegan, { report: '园区已出具设备投资情况说明' });
    await act(item.id, 'report', financeCentre, { result: '已协调银行发放贷款' });
    await act(item.id, 'send-back', commission, { reason: '贴息比例未落实，请补充' });
    await act(item.id, 'report', financeCentre, { result: '已协调银行发放贷款并落实贴息比例' });
    await act(item.id, 'approve', commission, { comment: '同意办结' });
    await act(item.id, 'close', commission);
    await harness.temporal.workflow.getHandle(item.workflowId).result();
    // pre-patch-send-back.json was recorded from this scenario before patch review-time-excluded,
    // review-time-excluded-send-back.json before patch assignment-notice.
    await recordHistory(harness.temporal, item.workflowId, 'assignment-notice-send-back');
  });

  test('a difficulty whose item is still being handled', async () => {
    const { difficultyId, item } = await raiseByCommission();
    await act(item.id, 'sign', financeCentre);
    await recordHistory(harness.temporal, `difficulty-${difficultyId}`, 'commission-raised-open');
  });

  test('an item assigned long ago: overdue, the whole ladder, then urged, transferred and halted', async () => {
    const workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
    const overdue = await workflows.assignItem({
      title: '核实园区闲置厂房底数',
      leadUnitId: 'czj',
      coUnitIds: [],
      commissionUnitId: 'jxw',
      policy: await itemTypePolicyFor(harness.database.db, 'assignment', 'general', 'type'),
      assignedAt: new Date(Date.now() - 60 * 86_400_000).toISOString(),
      createdBy: 'staff-jxw-officer-1',
    });
    await act(overdue.itemId, 'urge', commission, { message: '请于三日内反馈' });
    await act(overdue.itemId, 'transfer', commission, { toUnitId: 'kjj', reason: '职责调整' });
    await act(overdue.itemId, 'halt', commission, { reason: '情况已变化，不再办理' });
    await harness.temporal.workflow.getHandle(itemWorkflowId(overdue.itemId)).result();
    // overdue-ladder-transfer-halt.json was recorded from this scenario before patch assignment-notice.
    await recordHistory(harness.temporal, itemWorkflowId(overdue.itemId), 'assignment-notice-transfer-halt');
  });

  test('an item assigned long ago whose co-organiser has not reported: overdue, then the co-organiser and the lead report', async () => {
    const workflows = new WorkflowClient(harness.temporal, harness.worker.taskQueue);
    const late = await workflows.assignItem({
      title: '核实园区企业用工缺口',
      leadUnitId: 'jrzx',
      coUnitIds: ['park-degan'],
      commissionUnitId: 'jxw',
      policy: await itemTypePolicyFor(harness.database.db, 'assignment', 'general', 'type'),
      assignedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      createdBy: 'staff-jxw-officer-1',
    });
    await act(late.itemId, 'sign', financeCentre);
    await act(late.itemId, 'co-report', parkDegan, { report: '园区已汇总用工缺口' });
    await act(late.itemId, 'report', financeCentre, { result: '已对接人社部门组织专场招聘' });
    await act(late.itemId, 'approve', commission, { comment: '同意办结' });
    await act(late.itemId, 'close', commission);
    await harness.temporal.workflow.getHandle(itemWorkflowId(late.itemId)).result();
    // pre-patch-co-unit-overdue.json was recorded from this scenario before patch co-unit-overdue-notice.
    await recordHistory(harness.temporal, itemWorkflowId(late.itemId), 'co-unit-overdue-notice');
  });

  test('a joint meeting convened, its minutes recorded', async () => {
    const convened = await commission.post('/api/v1/meetings', { scheduledOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) });
    expect(convened.status).toBe(201);
    const recorded = await commission.post(`/api/v1/meetings/${convened.body.id}/minutes`, {
      heldOn: new Date().toISOString().slice(0, 10),
      minutes: '会议研究了企业融资诉求与闲置厂房盘活事项。',
      decisions: [{ text: '协调银行加快贴息贷款审批', leadUnitId: 'jrzx', coUnitIds: ['czj'] }],
    });
    expect(recorded.status).toBe(200);
    await recordHistory(harness.temporal, meetingWorkflowId(convened.body.id), 'convened-minutes-recorded');
  });

  test('a calendar correction recomputing open deadlines', async () => {
    await raiseByCommission();
    const year = new Date().getUTCFullYear();
    const current = await commission.get(`/api/v1/calendar/years/${year}`);
    const published = await admin.put(`/api/v1/calendar/years/${year}`).send({
      source: '江津区人民政府办公室通知（录制）',
      days: [...current.body.days, { date: `${year}-12-30`, kind: 'closure', name: '区机关集中停电检修（虚构）' }],
    });
    expect([200, 201]).toContain(published.status);
    await harness.temporal.workflow.getHandle(published.body.recomputeWorkflowId).result();
    await recordHistory(harness.temporal, published.body.recomputeWorkflowId, 'closure-added');
  });
});
