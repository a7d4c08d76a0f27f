import { addCalendarDays, shanghaiDateOf } from '../../domain/calendar';
import { tierKeys, type StepDecision, type TierKey } from '../../domain/recognition/recognition';
import { createRecognitionActivities } from '../../activities/recognition/recognition-activities';
import { applicationInput } from '../../api/recognition/routes';
import { tierConfig } from '../../api/recognition/tier-config';
import { recognitionWorkflowId, uuidFromKey } from '../../api/workflow-client';
import type { DemoContext } from './context';

// 梯度培育 demo (all fictitious): a history of recognitions over the plan period, so goal
// progress shows plausible figures; this year's batches; and applications of the five demo
// enterprises in several states, driven through the real workflows.

/** New recognitions per tier and year (2022 from the plan's start on 5 July). */
const history: Record<TierKey, Record<number, number>> = {
  innovative_sme: { 2022: 180, 2023: 320, 2024: 360, 2025: 310 },
  municipal_srdi: { 2022: 30, 2023: 48, 2024: 55, 2025: 52 },
  national_little_giant: { 2022: 2, 2023: 4, 2024: 4, 2025: 3 },
};

/** Recognition days of the year: spread over the usual rhythm (spring and autumn lists). */
const daysOfYear = ['-03-18', '-05-26', '-08-12', '-11-20'];

function historicRows() {
  const total = Object.values(history.innovative_sme).reduce((sum, count) => sum + count, 0);
  const enterprises = Array.from({ length: total }, (_, index) => {
    const no = String(index + 1).padStart(4, '0');
    return { id: `demo-hist-${no}`, name: `江津示例历史企业${no}（虚构）`, creditCode: `91500116HIST${String(index + 1).padStart(5, '0')}H` };
  });
  const rows: { enterpriseId: string; tier: TierKey; recognisedOn: string }[] = [];
  // Each higher tier goes to enterprises that hold the tier below, a year or more later.
  for (const tier of tierKeys) {
    let next = 0;
    for (const [year, count] of Object.entries(history[tier])) {
      for (let index = 0; index < count; index += 1, next += 1) {
        const day = daysOfYear[(index + (year === '2022' ? 2 : 0)) % daysOfYear.length]!;
        rows.push({ enterpriseId: enterprises[next]!.id, tier, recognisedOn: `${year}${Number(year) === 2022 && day < '-07-05' ? '-08-12' : day}` });
      }
    }
  }
  return { enterprises, rows };
}

export async function seedRecognitionDemo(ctx: DemoContext): Promise<void> {
  const records = createRecognitionActivities(ctx.db);
  const officer = await ctx.actorOf('staff-jxw-officer-1');
  const at = ctx.now.toISOString();
  const today = shanghaiDateOf(ctx.now);

  const { enterprises, rows } = historicRows();
  await ctx.db.enterprise.createMany({ data: enterprises, skipDuplicates: true });
  const historicRecords = [
    ...rows,
    // The demo enterprises' own earlier recognitions, which their applications below build on.
    { enterpriseId: 'ent-003', tier: 'innovative_sme' as const, recognisedOn: '2023-03-18' },
    { enterpriseId: 'ent-003', tier: 'municipal_srdi' as const, recognisedOn: '2024-05-26' },
    { enterpriseId: 'ent-004', tier: 'innovative_sme' as const, recognisedOn: '2024-08-12' },
  ].map((row) => ({ ...row, validityYears: tierConfig(row.tier).validityYears, recheckReminderDays: tierConfig(row.tier).recheckReminderDays }));
  const imported = await records.importTierRecords({ rows: historicRecords, note: '演示数据：历年认定名单导入（虚构）', actorId: officer.userId, at });
  ctx.log(`recognition: ${imported} historic recognitions`);

  // Applicants are judged on the figures of the year before a batch opens: open the demo batches
  // in the year after the latest figures on file, so the demo works whatever year it is seeded in.
  const latest = (await ctx.db.enterpriseFigure.aggregate({ _max: { year: true } }))._max.year ?? Number(today.slice(0, 4)) - 1;
  const opening = (daysAgo: number) => {
    const candidate = addCalendarDays(today, -daysAgo);
    const first = `${latest + 1}-01-01`;
    const last = `${latest + 1}-12-31`;
    return candidate < first ? (first <= today ? first : candidate) : candidate > last ? last : candidate;
  };
  const batch = async (key: string, tier: TierKey, title: string, opensDaysAgo: number, cutoffInDays: number) => {
    const created = await records.createRecognitionBatch({
      id: uuidFromKey('recognition-batch', key),
      tier,
      title,
      opensOn: opening(opensDaysAgo),
      cutoffOn: addCalendarDays(today, cutoffInDays),
      actorId: officer.userId,
      at,
    });
    if (!created) throw new Error(`demo: no criteria in force for ${tier}`);
    return created;
  };
  const innovative = await batch('demo-recognition-batch-1', 'innovative_sme', '创新型中小企业认定（演示批次）', 40, 20);
  const municipal = await batch('demo-recognition-batch-2', 'municipal_srdi', '市级专精特新中小企业认定（演示批次）', 60, 10);
  const national = await batch('demo-recognition-batch-3', 'national_little_giant', '国家级专精特新“小巨人”推荐（演示批次）', 30, 30);

  const apply = async (b: typeof innovative, enterpriseId: string) => {
    const account = await ctx.db.account.findFirst({ where: { enterpriseId }, select: { id: true } });
    const progress = await ctx.workflows.applyForRecognition(await applicationInput(ctx.db, b, enterpriseId, account?.id ?? `enterprise-${enterpriseId}`));
    return recognitionWorkflowId(progress.applicationId);
  };
  const decide = (workflowId: string, key: string, decision: StepDecision) => ctx.workflows.decideRecognitionStep(workflowId, { actor: officer, decision }, key);
  const pass = (step: StepDecision['step'], comment: string, extra: Partial<StepDecision> = {}): StepDecision => ({ step, decision: 'pass', comment, ...extra });
  const publicity = { publicityFrom: addCalendarDays(today, -14), publicityTo: addCalendarDays(today, -2) };

  // ent-001: just applied, awaiting the district review.
  await apply(innovative, 'ent-001');
  // ent-002: reviewed, awaiting the spot-check.
  const ent002 = await apply(innovative, 'ent-002');
  await decide(ent002, 'demo-recognition-2-review', pass('review', '材料齐全，数据与统计年报一致'));
  // ent-005: reviewed, spot-checked, published: recognised.
  const ent005 = await apply(innovative, 'ent-005');
  await decide(ent005, 'demo-recognition-5-review', pass('review', '材料齐全'));
  await decide(ent005, 'demo-recognition-5-spot', pass('spot_check', '实地抽查：研发投入与台账一致'));
  await decide(ent005, 'demo-recognition-5-publicity', pass('publicity', '公示期满无异议', publicity));
  // ent-004: recommended to the city, awaiting its decision.
  const ent004 = await apply(municipal, 'ent-004');
  await decide(ent004, 'demo-recognition-4-review', pass('review', '初审通过，同意推荐'));
  await decide(ent004, 'demo-recognition-4-recommend', pass('recommend', '已行文推荐至市经济信息委', { documentNo: '江津经信〔2026〕演示1号' }));
  // ent-003: applied for the national list under the 2026 criteria, awaiting the district review.
  await apply(national, 'ent-003');
}
