import { loadListingProgramme } from '../../api/listing/programme';
import { listingWorkflowId } from '../../api/workflow-client';
import { appendAudit } from '../../activities/audit/audit-log';
import { demoUsernames } from '../../prisma/seed/demo-accounts';
import { shanghaiDateOf } from '../../domain/calendar';
import { addMonths, type ListingActor } from '../../domain/listing/listing';
import type { DemoContext } from './context';

// 上市培育: one enterprise mid-way (辅导备案 reached; 辅导验收 now past its expected date, so it has
// escalated) and one just enrolled in the district pool; a third enterprise's 入库申请 waits for
// the commission's review. Each step goes through the workflow's
// Updates with fixed ids, so a second run finds every step done.

interface DemoCase {
  key: string;
  enterpriseId: string;
  officerId: string;
  /** Months before today the enterprise entered the district pool. */
  enrolledMonthsAgo: number;
  /** Milestones after the pool, with the month (after enrolment) each was reached. */
  steps: { milestone: string; month: number; document: string; reference: string }[];
}

const cases: DemoCase[] = [
  {
    key: 'demo-listing-1',
    enterpriseId: 'ent-003',
    officerId: 'staff-jrzx-liaison',
    enrolledMonthsAgo: 36,
    steps: [
      { milestone: 'municipal_reserve', month: 10, document: '重庆市拟上市企业储备库名单（演示）', reference: '渝演示〔2024〕3号' },
      { milestone: 'shareholding_reform', month: 15, document: '股份有限公司营业执照（演示）', reference: '演示-股改-001' },
      { milestone: 'srdi_board_listing', month: 20, document: '重庆股份转让中心专精特新板挂牌通知（演示）', reference: '渝股转演示〔2025〕12号' },
      { milestone: 'broker_engagement', month: 24, document: '示例证券股份有限公司立项通知（演示）', reference: '演示-立项-007' },
      { milestone: 'tutoring_agreement', month: 26, document: '上市辅导协议（演示）', reference: '演示-辅导-2025-01' },
      { milestone: 'tutoring_filing', month: 27, document: '重庆证监局辅导备案受理文件（演示）', reference: '渝证监演示〔2025〕88号' },
    ],
  },
  { key: 'demo-listing-2', enterpriseId: 'ent-004', officerId: 'staff-park-shuangfu-liaison', enrolledMonthsAgo: 1, steps: [] },
];

export async function seedListingDemo(ctx: DemoContext): Promise<void> {
  const programme = loadListingProgramme();
  const commission = await ctx.actorOf('staff-jxw-officer-1');
  const commissionActor: ListingActor = { userId: commission.userId, side: 'commission', unitId: commission.unitId };
  const today = shanghaiDateOf(ctx.now);
  for (const demo of cases) {
    const [enterprise, officer] = await Promise.all([
      ctx.db.enterprise.findUniqueOrThrow({ where: { id: demo.enterpriseId } }),
      ctx.db.staffMember.findUniqueOrThrow({ where: { id: demo.officerId } }),
    ]);
    const enrolledOn = addMonths(today, -demo.enrolledMonthsAgo);
    let state = await ctx.workflows.enrolListing({
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      commissionUnitId: commission.unitId,
      programme,
      officer: { staffId: officer.id, name: officer.name, unitId: officer.unitId },
      enrolment: {
        enrolledOn,
        evidence: { documents: [{ title: '江津区专精特新企业上市培育库入库通知（演示）', reference: '津经信演示〔2023〕1号' }], attachmentIds: [], recordedBy: commission.userId },
        by: commission.userId,
        at: ctx.now.toISOString(),
        idempotencyKey: demo.key,
      },
    });
    const workflowId = listingWorkflowId(state.caseId);
    const officerActor: ListingActor = { userId: officer.id, side: 'officer_unit', unitId: officer.unitId };
    for (const step of demo.steps) {
      if (state.reached.some((reached) => reached.key === step.milestone)) continue;
      if (!state.pendingEvidence.some((evidence) => evidence.milestone === step.milestone)) {
        state = await ctx.workflows.recordListingEvidence(
          workflowId,
          { actor: officerActor, milestone: step.milestone, documents: [{ title: step.document, reference: step.reference }], attachmentIds: [] },
          `${demo.key}-${step.milestone}-evidence`,
        );
      }
      state = await ctx.workflows.confirmListingMilestone(
        workflowId,
        { actor: commissionActor, milestone: step.milestone, reachedOn: addMonths(enrolledOn, step.month), comment: '经核对佐证材料，确认达成（演示）' },
        `${demo.key}-${step.milestone}-confirm`,
      );
    }
    // A next milestone already past its date escalates right after; wait for it so the demo is settled when seeding returns.
    const next = state.reached.length < programme.milestones.length ? programme.milestones[state.reached.length]!.key : undefined;
    if (next && state.nextDueOn && state.nextDueOn < today) await settled(ctx, state.caseId, next);
  }
  await seedPendingApplication(ctx);
}

const demoApplicationId = '00000000-0000-4000-8000-00000000d501';

/** ent-005 asks to join the pool: written as the API writes it (row and audit in one transaction), once. */
async function seedPendingApplication(ctx: DemoContext): Promise<void> {
  const year = Number(shanghaiDateOf(ctx.now).slice(0, 4));
  const appliedBy = `account:${demoUsernames.enterprise('ent-005')}`;
  const data = {
    enterpriseId: 'ent-005',
    intendedBoard: 'bse',
    targetYear: year + 2,
    plan: '明年完成股份制改造并引入券商，后年签订辅导协议、向重庆证监局辅导备案（演示）',
    documents: [{ title: '企业上市工作方案（演示）', reference: '食科演示〔2026〕3号' }, { title: '近三年审计报告（演示）' }],
  };
  await ctx.db.$transaction(async (tx) => {
    if (await tx.listingApplication.findUnique({ where: { id: demoApplicationId }, select: { id: true } })) return;
    await tx.listingApplication.create({ data: { id: demoApplicationId, state: 'pending', ...data, appliedBy, appliedAt: ctx.now } });
    await appendAudit(tx, { actorId: appliedBy, action: 'listing.application.submit', subject: `listing-application:${demoApplicationId}`, detail: data, dedupKey: `listing-application:${demoApplicationId}:submit`, at: ctx.now });
  });
}

async function settled(ctx: DemoContext, caseId: string, milestone: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const row = await ctx.db.listingCase.findUnique({ where: { id: caseId }, select: { stallEscalations: true } });
    if ((row?.stallEscalations as { milestone: string }[] | undefined)?.some((entry) => entry.milestone === milestone)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  ctx.log(`上市培育演示：${milestone} 的滞后督办尚未记录`);
}
