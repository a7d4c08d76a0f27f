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
import { workbookOf } from '../support/workbook';

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
// co-organises), D2 ent-002's (scjgj); D3 is raised by ent-001 itself and waits for classification.
// The enterprise contact is ent-001's.
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
  difficulties: {} as Record<'D1' | 'D2' | 'D3', string>,
  /** One attachment on each item. */
  attachments: {} as Record<'A' | 'B', string>,
  /** A meeting in preparation. */
  meeting: '',
  /** An open funding round; ent-001's applications S1 (at 园区/镇街初审, town-degan's) and S2 (at 形式审查, the commission's). */
  round: '',
  applications: {} as Record<'S1' | 'S2', string>,
  /** A tracked measure (measure 2: 区经济信息委 leads; ghzrj and kjj among its co-units, czj not). */
  measureTask: '',
  /** An account the administrators' routes act on. */
  targetAccountId: '',
  /** An innovative-SME batch accepting applications, and ent-001's application in it. */
  batch: '',
  application: '',
  /** A far-future stand-in (代岗) to end, and an import job to read. */
  actingAssignment: '',
  importJob: '',
  /** Listing cases: L1 is ent-001's with a ghzrj officer, L2 ent-002's with an scjgj officer. */
  listingCases: {} as Record<'L1' | 'L2', string>,
  /** 入库申请: P1 is ent-004's, pending; P2 is ent-001's own (declined earlier). */
  listingApplications: {} as Record<'P1' | 'P2', string>,
  /** An unread notification addressed to the commission officer. */
  notification: '',
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
const listingOfficers = { L1: 'staff-ghzrj-liaison', L2: 'staff-scjgj-liaison' } as const;
const listingCase = (object: string) => objects.listingCases[object as 'L1' | 'L2'];
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

const reason = '矩阵测试：按督办要求办理';
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** A one-enterprise workbook with a new credit code each time. */
async function enterpriseWorkbook(): Promise<Buffer> {
  return workbookOf({ 企业名录: [['企业名称', '统一社会信用代码', '所在镇街/园区'], ['矩阵测试导入企业（虚构）', `91500116MX${unique().toUpperCase().slice(-8).padStart(8, '0')}`, '德感街道']] });
}
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
  'staff.acting.end': { allow: { '-': 'secadmin' }, input: () => ({ params: { assignmentId: objects.actingAssignment }, body: { reason } }) },
  'organisation.chart': { allow: { '-': 'sysadmin secadmin' }, input: () => ({}) },
  'units.create': { allow: { '-': 'sysadmin' }, input: () => ({ body: { id: `matrix-${unique()}`, name: `矩阵测试单位${unique()}`, kind: 'external' } }) },
  // A person without roles: creating them grants nobody any rights.
  'staff.create': { allow: { '-': 'sysadmin' }, input: () => ({ body: { unitId: 'sthjj', name: '矩阵测试人员' } }) },
  'imports.create': { allow: { '-': 'sysadmin' }, input: async () => ({ params: { kind: 'enterprises' }, file: { contentType: xlsxType, bytes: await enterpriseWorkbook() } }) },
  'imports.list': { allow: { '-': 'sysadmin' }, input: () => ({}) },
  'imports.get': { allow: { '-': 'sysadmin' }, input: () => ({ params: { importId: objects.importJob } }) },
  'imports.template': { allow: { '-': 'sysadmin' }, input: () => ({ params: { kind: 'plan' } }) },
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
  // A district leader reads an item's files but files none.
  'items.attachments.add': { allow: { A: 'commission leadLiaison coLiaison leadLeader', B: 'commission' }, input: (object, fresh) => ({ params: { itemId: item(object, fresh) }, file: { contentType: 'application/pdf', bytes: pdf } }) },
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

  // Mechanism 3 (区经济信息委, 区统计局) from today: a task with nothing due yet; a second launch attaches to it.
  'measures.tasks.launch': { allow: { '-': 'commission' }, input: () => ({ body: { measureIds: ['jiangjin-srdi-2022-2025/mechanism/三'], startsOn: shanghaiToday() } }) },
  'measures.tasks.list': { allow: { '-': 'staff' }, input: () => ({}) },
  'measures.tasks.get': { allow: { T: 'staff' }, input: () => ({ params: { taskId: objects.measureTask } }) },
  'measures.achievements.record': {
    allow: { T: 'commission leadLiaison coLiaison leadLeader' },
    input: () => ({ params: { taskId: objects.measureTask }, body: { subTarget: '技术创新战略联盟', count: 1, achievedOn: shanghaiToday(), evidence: '矩阵测试佐证材料' } }),
  },
  'measures.tasks.cadence': { allow: { T: 'commission' }, input: () => ({ params: { taskId: objects.measureTask }, body: { period: 'month', dueWorkingDay: 5, reason: '矩阵测试：维持按月报送' } }) },
  'measures.targets.progress': { allow: { '-': 'staff' }, input: () => ({}) },
  // Every staff member may ask; unit staff get their own units' rows only (test/integration/measure-tasks.test.ts).
  'figures.units': { allow: { '-': 'staff' }, input: () => ({ query: { period: shanghaiToday().slice(0, 7) } }) },
  'bulletins.get': { allow: { '-': 'staff' }, input: () => ({ params: { period: shanghaiToday().slice(0, 7) } }) },
  'bulletins.export': { allow: { '-': 'overseers' }, input: () => ({ params: { period: shanghaiToday().slice(0, 7) } }) },
  'recognition.batches.list': { allow: { '-': 'staff enterprise' }, input: () => ({ query: { tier: 'innovative_sme' } }) },
  'recognition.batches.create': {
    allow: { '-': 'commission' },
    input: () => ({ body: { tier: 'innovative_sme', title: '矩阵测试认定批次', opensOn: shanghaiToday(), cutoffOn: shanghaiToday() } }),
  },
  'recognition.criteria.list': { allow: { '-': 'staff enterprise' }, input: () => ({}) },
  // The first allowed caller publishes the version; later ones send the same and are told it is unchanged.
  'recognition.criteria.publish': {
    allow: { '-': 'commission' },
    input: () => ({
      params: { tier: 'innovative_sme', version: 'matrix-2090' },
      body: { effectiveFrom: '2090-01-01', source: '矩阵测试依据', rules: [{ key: 'rd_ratio', label: '研发费用占比不低于 3%', metric: 'rdRatio', op: 'gte', value: 3 }] },
    }),
  },
  'recognition.batches.get': { allow: { '-': 'staff enterprise' }, input: () => ({ params: { batchId: objects.batch } }) },
  // Figures are commercial secrets: the enterprise (its own) and the overseers only.
  'recognition.batches.eligibility': { allow: { '-': 'overseers enterprise' }, input: () => ({ params: { batchId: objects.batch }, query: { enterpriseId: 'ent-001' } }) },
  // ent-001 applied in beforeAll: the enterprise is told so (409), others are denied.
  'recognition.apply': { allow: { '-': 'enterprise' }, input: () => ({ params: { batchId: objects.batch }, body: { declaration: true } }) },
  'recognition.applications.list': { allow: { '-': 'staff enterprise' }, input: () => ({}) },
  'recognition.applications.get': { allow: { P: 'overseers enterprise' }, input: () => ({ params: { applicationId: objects.application } }) },
  // The first allowed caller passes the review; later ones are told the step has moved on (409).
  'recognition.applications.decide': {
    allow: { P: 'commission' },
    input: () => ({ params: { applicationId: objects.application }, body: { step: 'review', decision: 'pass', comment: '矩阵测试初审通过' } }),
  },
  'enterprises.tiers.list': { allow: { 'ent-001': 'staff enterprise', 'ent-002': 'staff' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'enterprises.tiers.record': {
    allow: { '-': 'commission' },
    input: () => ({ params: { enterpriseId: 'ent-005' }, body: { tier: 'innovative_sme', recognisedOn: '2024-04-01', note: '矩阵测试录入' } }),
  },
  'recognition.tiers.due': { allow: { '-': 'commission' }, input: () => ({}) },
  'goals.progress': { allow: { '-': 'overseers' }, input: () => ({}) },
  'subsidy.rounds.list': { allow: { '-': 'staff enterprise' }, input: () => ({}) },
  'subsidy.rounds.get': { allow: { '-': 'staff enterprise' }, input: () => ({ params: { roundId: objects.round } }) },
  'subsidy.rounds.open': {
    allow: { '-': 'commission' },
    input: () => ({ body: { measureId: 'jiangjin-srdi-2022-2025/measure/27', title: '矩阵测试申报批次', opensOn: shanghaiToday(), closesOn: shanghaiToday(), materials: [{ code: 'form', label: '申报书' }], maxAmount: 10 } }),
  },
  'subsidy.applications.apply': { allow: { '-': 'enterprise' }, input: () => ({ body: { roundId: objects.round, requestedAmount: 5, materials: [{ code: 'form', description: '申报书' }] } }) },
  'subsidy.applications.list': { allow: { '-': 'staff enterprise' }, input: () => ({ query: { roundId: objects.round, state: 'active' } }) },
  // Units see an application once one of its steps went to them; none of the matrix's units has had S1.
  'subsidy.applications.get': { allow: { S1: 'overseers enterprise' }, input: (object) => ({ params: { applicationId: objects.applications[object as 'S1'] } }) },
  // S1's step is town-degan's: no matrix role may conclude it; S2's is the commission's (a one-time 补正 notice).
  'subsidy.applications.decide': {
    allow: { S1: '', S2: 'commission' },
    input: (object) => ({
      params: { applicationId: objects.applications[object as 'S1' | 'S2'] },
      body: object === 'S1' ? { step: 'town_review', outcome: 'pass' } : { step: 'formal_review', outcome: 'incomplete', missing: ['矩阵测试缺少的材料'] },
    }),
  },
  'subsidy.applications.supply': { allow: { S2: 'enterprise' }, input: () => ({ params: { applicationId: objects.applications.S2 }, body: { note: '矩阵测试补正' } }) },
  'subsidy.applications.attachments.add': { allow: { S1: 'enterprise' }, input: () => ({ params: { applicationId: objects.applications.S1 }, file: { contentType: 'application/pdf', bytes: pdf } }) },
  'subsidy.applications.object': { allow: { S1: 'commission' }, input: () => ({ params: { applicationId: objects.applications.S1 }, body: { text: '矩阵测试异议内容' } }) },
  'subsidy.applications.resolveObjection': {
    allow: { S1: 'commission' },
    input: () => ({ params: { applicationId: objects.applications.S1, objectionId: '00000000-0000-4000-8000-0000000000a1' }, body: { upheld: false, conclusion: '矩阵测试结论' } }),
    business: ['NOT_FOUND'],
  },
  'listing.milestones': { allow: { '-': 'staff enterprise' }, input: () => ({}) },
  // ent-001 is enrolled already (L1): its application is answered ALREADY_ENROLLED (409).
  'listing.applications.apply': {
    allow: { '-': 'enterprise' },
    input: () => ({ body: { intendedBoard: 'bse', targetYear: Number(shanghaiToday().slice(0, 4)) + 2, plan: '矩阵测试：计划两年内完成股改与辅导', documents: [{ title: '矩阵测试上市工作方案' }] } }),
  },
  'listing.officers.list': { allow: { '-': 'commission' }, input: () => ({}) },
  'listing.applications.list': { allow: { '-': 'overseers enterprise' }, input: () => ({}) },
  'listing.applications.get': { allow: { P1: 'overseers', P2: 'overseers enterprise' }, input: (object) => ({ params: { applicationId: objects.listingApplications[object as 'P1' | 'P2'] } }) },
  // The first allowed caller accepts P1 (enrolling ent-004); the rest get the accepted application, or 409 for a decision on a decided one.
  'listing.applications.accept': {
    allow: { P1: 'commission' },
    input: () => ({ params: { applicationId: objects.listingApplications.P1 }, body: { officerId: 'staff-sthjj-liaison' } }),
  },
  'listing.applications.decline': {
    allow: { P1: 'commission' },
    input: () => ({ params: { applicationId: objects.listingApplications.P1 }, body: { reason: '矩阵测试：暂不符合入库条件' } }),
  },
  'listing.cases.list': { allow: { '-': 'staff enterprise' }, input: () => ({}) },
  'listing.cases.get': { allow: { L1: 'overseers leadLiaison leadLeader enterprise', L2: 'overseers' }, input: (object) => ({ params: { caseId: listingCase(object) } }) },
  // The first allowed caller enrols ent-003; the next is told it is enrolled (409).
  'listing.cases.enrol': {
    allow: { '-': 'commission' },
    input: () => ({ body: { enterpriseId: 'ent-003', officerId: 'staff-sthjj-liaison', enrolledOn: shanghaiToday(), documents: [{ title: '矩阵测试入库通知' }] } }),
  },
  'listing.evidence.record': {
    allow: { L1: 'leadLiaison leadLeader enterprise', L2: '' },
    input: (object) => ({ params: { caseId: listingCase(object) }, body: { milestone: 'municipal_reserve', documents: [{ title: '矩阵测试储备库名单' }] } }),
  },
  // Confirmed by the first caller if evidence is there already, else refused for missing evidence (409); then out of order (409).
  'listing.milestones.confirm': {
    allow: { L1: 'commission', L2: 'commission' },
    input: (object) => ({ params: { caseId: listingCase(object) }, body: { milestone: 'municipal_reserve', reachedOn: shanghaiToday() } }),
  },
  // The same officer again: answered without a change, so the table's officer units stay true.
  'listing.officer.change': {
    allow: { L1: 'commission', L2: 'commission' },
    input: (object) => ({ params: { caseId: listingCase(object) }, body: { officerId: listingOfficers[object as 'L1' | 'L2'], reason } }),
  },

  'difficulties.raise': {
    allow: { '-': 'commission' },
    input: () => ({ body: { enterpriseId: 'ent-003', category: 'policy', title: '矩阵测试诉求', description: '矩阵测试诉求内容', leadUnitId: 'sthjj' } }),
  },
  'difficulties.get': {
    allow: { D1: 'overseers leadLiaison coLiaison leadLeader enterprise', D2: 'overseers' },
    input: (object) => ({ params: { difficultyId: objects.difficulties[object as 'D1' | 'D2'] } }),
  },
  'difficulties.list': { allow: { '-': 'staff enterprise' }, input: () => ({ query: { limit: '5' } }) },
  'difficulties.submit': {
    allow: { 'ent-001': 'enterprise', 'ent-002': '' },
    input: (enterpriseId) => ({ params: { enterpriseId }, body: { category: 'land', title: '矩阵测试企业诉求', description: '矩阵测试企业诉求内容' } }),
  },
  // The first allowed caller classifies D3; later ones are told it is assigned (409).
  'difficulties.classify': {
    allow: { D3: 'commission' },
    input: () => ({ params: { difficultyId: objects.difficulties.D3 }, body: { category: 'land', leadUnitId: 'sthjj' } }),
  },
  // D1 is being handled: its enterprise is told it cannot rate yet (409); D2 is another enterprise's.
  'difficulties.rate': {
    allow: { D1: 'enterprise', D2: '' },
    input: (object) => ({ params: { difficultyId: objects.difficulties[object as 'D1' | 'D2'] }, body: { score: 5, comment: '矩阵测试评价' } }),
  },
  'enterprises.list': { allow: { '-': 'staff' }, input: () => ({ query: { limit: '5' } }) },
  // The officer named is none of the table's people, so no one's view changes when it is allowed.
  'enterprises.serviceOfficer.assign': {
    allow: { 'ent-001': 'commission', 'ent-002': 'commission' },
    input: (enterpriseId) => ({ params: { enterpriseId }, body: { officerId: 'staff-jrzx-liaison', reason: '矩阵测试指定服务专员' } }),
  },
  'enterprises.get': { allow: { 'ent-001': 'staff enterprise', 'ent-002': 'staff' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'enterprises.difficulties': { allow: { 'ent-001': 'overseers enterprise', 'ent-002': 'overseers' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'enterprises.cases': { allow: { 'ent-001': 'overseers enterprise', 'ent-002': 'overseers' }, input: (enterpriseId) => ({ params: { enterpriseId } }) },
  'notifications.list': { allow: { '-': 'staff' }, input: () => ({}) },
  // N1 is the officer's own notification; nobody else may mark it read.
  'notifications.markRead': { allow: { N1: 'officer' }, input: () => ({ params: { notificationId: objects.notification } }) },
  'notifications.markAllRead': { allow: { '-': 'staff' }, input: () => ({ body: { upTo: new Date().toISOString() } }) },
  'units.list': { allow: { '-': 'staff auditadmin' }, input: () => ({}) },

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
  objects.notification = (
    await harness.database.db.notification.create({
      data: { id: 'matrix-notification-1', recipientId: 'staff-jxw-officer-1', kind: 'reminder', title: '矩阵测试通知', body: '矩阵测试通知内容', createdAt: new Date(), dedupKey: 'matrix-notification-1' },
    })
  ).id;

  // A sign-in that must still change its initial password, and an account to administer.
  const newAccount = async (enterpriseId: string, username: string) => {
    const created = await sysadmin.post('/api/v1/accounts', { kind: 'enterprise', enterpriseId, username, displayName: '矩阵测试账号', initialPassword: 'Matrix-Init-2026' });
    if (created.status !== 201) throw new Error(`create ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.id as string;
  };
  objects.targetAccountId = await newAccount('ent-002', 'matrix-target');
  const secadmin = clients.get('secadmin')!;
  const acting = await secadmin.post('/api/v1/acting-assignments', { staffMemberId: 'staff-sthjj-liaison', forStaffMemberId: 'staff-sthjj-leader', from: '2091-01-02', to: '2091-01-03', reason });
  if (acting.status !== 201) throw new Error(`acting: ${acting.status} ${JSON.stringify(acting.body)}`);
  objects.actingAssignment = acting.body.id;
  const imported = await sysadmin.agent.post('/api/v1/imports/enterprises').set('X-CSRF-Token', sysadmin.csrfToken).set('Content-Type', xlsxType).send(await enterpriseWorkbook());
  if (imported.status !== 202) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  objects.importJob = imported.body.id;
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
  const launched = await officer.post('/api/v1/measure-tasks', { measureIds: ['jiangjin-srdi-2022-2025/measure/2'], startsOn: shanghaiToday() });
  if (launched.status !== 201) throw new Error(`launch: ${launched.status} ${JSON.stringify(launched.body)}`);
  objects.measureTask = launched.body.tasks[0].id;
  const submitted = await clients.get('enterprise')!.post('/api/v1/enterprises/ent-001/difficulties', { category: 'energy', title: '矩阵测试企业诉求', description: '需协调用电增容' });
  if (submitted.status !== 201) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  objects.difficulties.D3 = submitted.body.id;
  const enrol = async (enterpriseId: string, officerId: string) => {
    const enrolled = await officer.post('/api/v1/listing-cases', { enterpriseId, officerId, enrolledOn: shanghaiToday(), documents: [{ title: '矩阵测试入库通知' }] });
    if (enrolled.status !== 201) throw new Error(`enrol: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    return enrolled.body.id as string;
  };
  [objects.listingCases.L1, objects.listingCases.L2] = await Promise.all([enrol('ent-001', listingOfficers.L1), enrol('ent-002', listingOfficers.L2)]);
  const ent004 = await signIn(app, users.enterpriseContact('ent-004'));
  const pooled = await ent004.post('/api/v1/listing-applications', { intendedBoard: 'star', targetYear: Number(shanghaiToday().slice(0, 4)) + 3, plan: '矩阵测试：三年内申报科创板', documents: [{ title: '矩阵测试上市工作方案' }] });
  if (pooled.status !== 201) throw new Error(`listing application: ${pooled.status} ${JSON.stringify(pooled.body)}`);
  objects.listingApplications.P1 = pooled.body.id;
  objects.listingApplications.P2 = '00000000-0000-4000-8000-0000000000b2';
  await harness.database.db.listingApplication.create({
    data: { id: objects.listingApplications.P2, enterpriseId: 'ent-001', state: 'declined', intendedBoard: 'bse', targetYear: 2030, plan: '矩阵测试：早先的入库申请', documents: [], appliedBy: 'account:matrix', appliedAt: new Date(), decidedBy: 'staff-jxw-officer-1', decidedAt: new Date(), reason: '矩阵测试：当时不符合条件' },
  });
  [objects.attachments.A, objects.attachments.B] = await Promise.all([attach(objects.items.A), attach(objects.items.B)]);
  const batch = await officer.post('/api/v1/recognition/batches', { tier: 'innovative_sme', title: '矩阵测试创新型中小企业批次', opensOn: shanghaiToday(), cutoffOn: shanghaiToday() });
  if (batch.status !== 201) throw new Error(`batch: ${batch.status} ${JSON.stringify(batch.body)}`);
  objects.batch = batch.body.id;
  const applied = await clients.get('enterprise')!.post(`/api/v1/recognition/batches/${objects.batch}/applications`, { declaration: true });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
  objects.application = applied.body.id;
  const round = await officer.post('/api/v1/subsidy-rounds', {
    measureId: 'jiangjin-srdi-2022-2025/measure/29',
    title: '矩阵测试研发补助',
    opensOn: shanghaiToday(),
    closesOn: shanghaiToday(),
    materials: [{ code: 'form', label: '申报书' }],
    maxAmount: 10,
  });
  if (round.status !== 201) throw new Error(`round: ${round.status} ${JSON.stringify(round.body)}`);
  objects.round = round.body.id;
  const applyFor = async () => {
    const applied = await clients.get('enterprise')!.post('/api/v1/subsidy-applications', { roundId: objects.round, requestedAmount: 5, materials: [{ code: 'form', description: '申报书' }] });
    if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
    return applied.body.id as string;
  };
  [objects.applications.S1, objects.applications.S2] = await Promise.all([applyFor(), applyFor()]);
  const town = await signIn(app, users.liaison('town-degan'));
  const reviewed = await town.post(`/api/v1/subsidy-applications/${objects.applications.S2}/decision`, { step: 'town_review', outcome: 'pass' });
  if (reviewed.status !== 200) throw new Error(`town review: ${reviewed.status} ${JSON.stringify(reviewed.body)}`);

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
    // Some two thousand requests: a few minutes when the machine is busy, well under one when idle.
  }, 300_000);

  test('allows every call the table allows (signing out last)', async () => {
    const last = (cell: Cell) => cell.route.operationId === 'auth.logout';
    const allowed = cells.filter((cell) => cell.allowed);
    const check = async (cell: Cell) => allowedProblem(cell, await call(cell, cell.route.method !== 'get'));
    const problems = [...(await inParallel(allowed.filter((cell) => !last(cell)), check)), ...(await inParallel(allowed.filter(last), check))];
    expect(problems.filter((problem) => problem !== undefined)).toEqual([]);
  }, 300_000);
});
