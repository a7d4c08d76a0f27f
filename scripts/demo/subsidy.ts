import { itemWorkflowId, uuidFromKey } from '../../api/workflow-client';
import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { subsidyApplicationWorkflowId, type StepDecision } from '../../domain/subsidy/subsidy';
import { prepareSubsidyApplication } from '../../activities/subsidy/prepare-application';
import { openSubsidyRound } from '../../activities/subsidy/rounds';
import type { DemoContext } from './context';

// 资金补助: an open round (研发投入补助, measure 29) with applications at several steps — just
// submitted, waiting for 补正 (clock suspended), in 核查, in 公示, and one paid and accepted —
// and a closed round (示范企业奖励, measure 27). All through the real workflows.

const materials = [
  { code: 'application_form', label: '补助申报书（加盖公章）' },
  { code: 'audit_report', label: '上年度财务审计报告' },
  { code: 'rd_ledger', label: '研发费用辅助账' },
];
const declared = materials.map((material) => ({ code: material.code, description: `${material.label}（演示）` }));

type Stage = { step: string; by: string; decision: StepDecision; coReportBy?: string };

export async function seedSubsidyDemo(ctx: DemoContext): Promise<void> {
  const today = shanghaiDateOf(ctx.now);
  const officer = await ctx.actorOf('staff-jxw-officer-1');
  await openSubsidyRound(ctx.db, uuidFromKey('subsidy-round', 'demo-subsidy-round-closed'), {
    measureId: 'jiangjin-srdi-2022-2025/measure/27',
    title: '2026 年“专精特新”示范企业奖励（已截止，演示）',
    opensOn: addCalendarDays(today, -120),
    closesOn: addCalendarDays(today, -60),
    eligibility: { inDistrict: true, minRevenue: 20000 },
    materials: materials.slice(0, 2),
    maxAmount: 100,
  }, officer.userId, ctx.now);
  const round = await openSubsidyRound(ctx.db, uuidFromKey('subsidy-round', 'demo-subsidy-round-open'), {
    measureId: 'jiangjin-srdi-2022-2025/measure/29',
    title: '2026 年“专精特新”企业研发投入补助（演示）',
    opensOn: addCalendarDays(today, -30),
    closesOn: addCalendarDays(today, 30),
    eligibility: { inDistrict: true, minRevenue: 5000, minRdRatio: 0.03 },
    materials,
    maxAmount: 50,
  }, officer.userId, ctx.now);

  const pass = (step: string, by: string, extra: Partial<StepDecision> = {}): Stage => ({ step, by, decision: { outcome: 'pass', ...extra } });
  const through = (town: string, until?: string): Stage[] => {
    const all: Stage[] = [
      pass('town_review', town, { reason: '企业在册经营，申报材料属实' }),
      pass('formal_review', 'staff-jxw-officer-1'),
      pass('verification', 'staff-jxw-officer-2', { reason: '现场核查研发费用辅助账，属实' }),
      { ...pass('joint_review', 'staff-jxw-head'), coReportBy: 'staff-czj-liaison' },
    ];
    return until ? all.slice(0, all.findIndex((stage) => stage.step === until)) : all;
  };
  const plans: { enterpriseId: string; amount: number; stages: Stage[] }[] = [
    { enterpriseId: 'ent-001', amount: 30, stages: [] },
    {
      enterpriseId: 'ent-002',
      amount: 25,
      stages: [
        pass('town_review', 'staff-town-shuangfu-liaison'),
        { step: 'formal_review', by: 'staff-jxw-officer-1', decision: { outcome: 'incomplete', missing: ['研发项目立项文件', '研发人员花名册（加盖公章）'] } },
      ],
    },
    { enterpriseId: 'ent-005', amount: 20, stages: through('staff-town-jijiang-liaison', 'verification') },
    {
      enterpriseId: 'ent-003',
      amount: 50,
      stages: [...through('staff-town-luohuang-liaison'), pass('approval', 'staff-jxw-head', { amount: 40, publicityFrom: today })],
    },
    {
      enterpriseId: 'ent-004',
      amount: 15,
      stages: [
        ...through('staff-town-baisha-liaison'),
        pass('approval', 'staff-jxw-head', { amount: 12, publicityFrom: addCalendarDays(today, -20) }),
        pass('disbursement', 'staff-czj-liaison', { amount: 12, reason: '已拨付至企业基本账户' }),
        pass('acceptance', 'staff-jxw-officer-1', { reason: '研发项目完成，绩效目标达成' }),
      ],
    },
  ];

  for (const [index, plan] of plans.entries()) {
    const key = `demo-subsidy-${index + 1}`;
    const input = await prepareSubsidyApplication(ctx.db, { roundId: round.id, enterpriseId: plan.enterpriseId, applicantId: `account:contact-${plan.enterpriseId}`, requestedAmount: plan.amount, materials: declared }, ctx.now);
    const { applicationId } = await ctx.workflows.applyForSubsidy(input, key);
    const workflowId = subsidyApplicationWorkflowId(applicationId);
    for (const [n, stage] of plan.stages.entries()) {
      // Safe to run again: a step already passed is skipped (the read model says where it stands).
      const application = await waitForStep(ctx, applicationId, stage.step);
      if (!application) continue;
      if (stage.coReportBy) {
        await ctx.workflows.act(itemWorkflowId(application.currentItemId!), await ctx.actorOf(stage.coReportBy), { action: 'coReport', report: '资金渠道已落实，同意' }, `${key}-${n}`);
      }
      await ctx.workflows.decideSubsidyStep(workflowId, { actor: await ctx.actorOf(stage.by), step: stage.step, decision: stage.decision }, `${key}-${n}`);
    }
  }
  ctx.log('资金补助: 2 个申报批次，5 份申请（初审、待补正、核查、公示、已验收）');
}

/** The application once it is at `step` (publicity runs out on its own), or undefined when that step's item exists and it has moved past it. */
async function waitForStep(ctx: DemoContext, applicationId: string, step: string) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const application = await ctx.db.subsidyApplication.findUniqueOrThrow({ where: { id: applicationId } });
    if (application.state === step && application.currentItemId) return application;
    const stepItems = application.stepItems as Record<string, string>;
    if (stepItems[step]) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`demo: subsidy application ${applicationId} did not reach ${step}`);
}
