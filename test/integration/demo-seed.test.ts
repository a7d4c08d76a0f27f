import { databaseIsEmpty, demoContext, seedDemo } from '../../scripts/demo/seed';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import type { DemoContext } from '../../scripts/demo/context';
import { eventually } from '../support/eventually';

// `npm start` seeds the demo through the real workflows; this runs the same seeders against the
// test stack, so a process change that breaks the demo fails here, and checks that a second run
// (a restart after a crash half-way) adds nothing.

let harness: ApiHarness;
let ctx: DemoContext;

beforeAll(async () => {
  harness = await startApiHarness();
  ctx = demoContext(harness.database.db, harness.temporal, harness.worker.taskQueue, () => undefined);
});

afterAll(async () => {
  await harness?.stop();
});


test('the demo seeds items in every state, overdue and escalated ones, and a past meeting, once', async () => {
  const { db } = harness.database;
  expect(await databaseIsEmpty(db)).toBe(true);
  await seedDemo(ctx);
  expect(await databaseIsEmpty(db)).toBe(false);

  const states = new Set((await db.supervisedItem.findMany({ select: { state: true } })).map((item) => item.state));
  for (const state of ['pending_sign', 'in_progress', 'pending_review', 'closed', 'returned'] as const) expect(states).toContain(state);
  const escalated = await eventually(
    () => db.supervisedItem.findMany({ where: { colour: 'red', escalation: { not: null } }, select: { title: true } }),
    (items) => items.length >= 2,
  );
  expect(escalated.length).toBeGreaterThanOrEqual(2);
  expect(await db.supervisedItem.count({ where: { extensionPending: true } })).toBe(1);
  expect(await db.supervisedItem.count({ where: { dueOn: null, state: 'in_progress', sourceKind: { not: 'subsidy' } } })).toBe(1);
  // The formal review waiting for 补正: its clock is suspended.
  expect(await db.supervisedItem.count({ where: { dueOn: null, state: 'in_progress', sourceKind: 'subsidy' } })).toBe(1);
  const meeting = await db.meeting.findFirst({ where: { state: 'held' } });
  expect(meeting).not.toBeNull();
  expect(await db.supervisedItem.count({ where: { sourceKind: 'meeting' } })).toBe(2);
  const applications = await db.recognitionApplication.findMany({ select: { enterpriseId: true, state: true, currentStep: true }, orderBy: { enterpriseId: 'asc' } });
  expect(applications.map((row) => [row.enterpriseId, row.state, row.state === 'in_review' ? row.currentStep : null])).toEqual([
    ['ent-001', 'in_review', 'review'],
    ['ent-002', 'in_review', 'spot_check'],
    ['ent-003', 'in_review', 'review'],
    ['ent-004', 'in_review', 'result'],
    ['ent-005', 'recognised', null],
  ]);
  expect(await db.enterpriseTier.count({ where: { tier: 'innovative_sme' } })).toBeGreaterThan(1000);
  expect(await db.subsidyRound.count()).toBe(2);
  const subsidyStates = (await db.subsidyApplication.findMany({ select: { state: true } })).map((application) => application.state).sort();
  expect(subsidyStates).toEqual(['awaiting_supplement', 'completed', 'publicity', 'town_review', 'verification']);

  const difficultyStates = new Set((await db.difficulty.findMany({ select: { state: true } })).map((row) => row.state));
  for (const state of ['awaiting_classification', 'assigned', 'resolved'] as const) expect(difficultyStates).toContain(state);
  expect(await db.difficulty.count({ where: { state: 'assigned', reopenCount: 1 } })).toBe(1);
  expect(await db.difficultyRating.count({ where: { score: 5 } })).toBe(1);
  const listing = await db.listingCase.findMany({ orderBy: { enterpriseId: 'asc' } });
  expect(listing.map((row) => [row.enterpriseId, row.currentMilestone])).toEqual([
    ['ent-003', 'tutoring_filing'],
    ['ent-004', 'district_pool'],
  ]);
  expect(await db.supervisedItem.count({ where: { sourceKind: 'listing', type: 'listing_reward_claim' } })).toBe(3);
  expect(await db.listingApplication.findMany({ select: { enterpriseId: true, state: true } })).toEqual([{ enterpriseId: 'ent-005', state: 'pending' }]);

  // 重点任务: every measure and mechanism tracked; period reports done and one missing, escalated.
  expect(await db.measureTask.count()).toBe(34);
  const reports = await db.measureReport.findMany({ orderBy: { period: 'asc' } });
  const reportItems = await eventually(
    () => db.supervisedItem.findMany({ where: { id: { in: reports.map((report) => report.itemId) } }, select: { state: true, colour: true, escalation: true } }),
    (items) => items.some((item) => item.state === 'pending_sign' && item.escalation !== null),
  );
  expect(reportItems.filter((item) => item.state === 'completed')).toHaveLength(2);
  expect(reportItems.some((item) => item.state === 'pending_sign' && item.colour === 'red' && item.escalation !== null)).toBe(true);
  expect(await db.measureAchievement.count()).toBe(4);

  const before = await db.supervisedItem.count();
  const subsidyEvents = await db.subsidyApplicationEvent.count();
  await seedDemo(ctx);
  expect(await db.supervisedItem.count()).toBe(before);
  expect(await db.subsidyApplicationEvent.count()).toBe(subsidyEvents);
  expect(await db.measureAchievement.count()).toBe(4);
}, 120_000);
