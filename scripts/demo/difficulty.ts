import { currentRatingPolicy } from '../../api/difficulty/routes';
import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { difficultyWorkflowId, itemWorkflowId } from '../../api/workflow-client';
import type { DifficultyCategory } from '../../domain/difficulty/categories';
import type { RatingRequest } from '../../domain/difficulty/difficulty';
import type { ItemCommand } from '../../domain/supervision/item';
import type { DemoContext } from './context';

// 企业诉求 in every state a newcomer should see: raised by an enterprise and waiting for the
// commission, being handled, long overdue, closed and rated satisfied, and reopened after a low
// rating blamed on the unit. All through the real workflows; enterprises and content fictitious.

const officer = 'staff-jxw-officer-1';
const liaison = (unitId: string) => `staff-${unitId}-liaison`;

interface DemoDifficulty {
  key: string;
  enterpriseId: string;
  category: DifficultyCategory;
  title: string;
  description: string;
  /** Absent: raised by the enterprise, waiting for classification. */
  units?: { leadUnitId: string; coUnitIds: string[] };
  daysAgo: number;
  steps: 'none' | 'signed' | 'closed';
  rating?: Omit<RatingRequest, 'ratedBy' | 'enterpriseId'>;
}

const demoDifficulties: DemoDifficulty[] = [
  { key: 'awaiting', enterpriseId: 'ent-003', category: 'energy', title: '新建产线用电增容', description: '新建智能产线需增容 2000 千伏安，请协调供电部门。（演示数据）', daysAgo: 0, steps: 'none' },
  {
    key: 'in-progress',
    enterpriseId: 'ent-001',
    category: 'land',
    title: '二期厂房用地指标',
    description: '扩建二期需新增工业用地约 30 亩。（演示数据）',
    units: { leadUnitId: 'ghzrj', coUnitIds: ['park-degan'] },
    daysAgo: 2,
    steps: 'signed',
  },
  {
    key: 'overdue',
    enterpriseId: 'ent-004',
    category: 'supporting',
    title: '园区污水管网配套接入',
    description: '新厂区污水管网尚未接入园区主管网，影响投产。（演示数据）',
    units: { leadUnitId: 'sthjj', coUnitIds: [] },
    daysAgo: 25,
    steps: 'signed',
  },
  {
    key: 'satisfied',
    enterpriseId: 'ent-002',
    category: 'financing',
    title: '设备更新贷款贴息',
    description: '购置数控设备需贷款 800 万元，申请贴息支持。（演示数据）',
    units: { leadUnitId: 'jrzx', coUnitIds: [] },
    daysAgo: 12,
    steps: 'closed',
    rating: { score: 5, comment: '贴息已到位，办理及时。' },
  },
  {
    key: 'reopened',
    enterpriseId: 'ent-005',
    category: 'labour',
    title: '数控技工招聘',
    description: '急需数控技工 20 名，请协助对接职业院校。（演示数据）',
    units: { leadUnitId: 'rsj', coUnitIds: [] },
    daysAgo: 10,
    steps: 'closed',
    rating: { score: 1, cause: 'unit', comment: '只转发了招聘信息，未实际对接院校。' },
  },
];

async function waitForState(ctx: DemoContext, difficultyId: string, state: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const row = await ctx.db.difficulty.findUnique({ where: { id: difficultyId }, select: { state: true } });
    if (row?.state === state) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo: difficulty ${difficultyId} did not reach ${state}`);
}

export async function seedDifficultyDemo(ctx: DemoContext): Promise<void> {
  const policy = await itemTypePolicyFor(ctx.db, 'difficulty', 'difficulty', 'itemType');
  const commission = await ctx.actorOf(officer);
  for (const demo of demoDifficulties) {
    const key = `demo-difficulty-${demo.key}`;
    // Seeded once: a difficulty already there (a second run, or a crash after it) is left as it is.
    if (await ctx.db.difficulty.findFirst({ where: { title: demo.title, enterpriseId: demo.enterpriseId }, select: { id: true } })) continue;
    const raisedAt = new Date(ctx.now.getTime() - demo.daysAgo * 86_400_000).toISOString();
    const contact = await ctx.db.account.findFirst({ where: { enterpriseId: demo.enterpriseId }, select: { id: true } });
    const contactId = contact?.id ?? `enterprise:${demo.enterpriseId}`;
    const base = { enterpriseId: demo.enterpriseId, category: demo.category, title: demo.title, description: demo.description, commissionUnitId: commission.unitId, raisedAt, rating: currentRatingPolicy() };
    if (!demo.units) {
      await ctx.workflows.submitDifficulty({ ...base, raisedBy: contactId, origin: 'enterprise' }, key);
      continue;
    }
    const registration = await ctx.workflows.raiseDifficulty(
      { ...base, ...demo.units, itemType: 'difficulty', policy, raisedBy: commission.userId, origin: 'commission' },
      key,
    );
    const lead = liaison(demo.units.leadUnitId);
    const steps: { by: string; command: ItemCommand }[] =
      demo.steps === 'none'
        ? []
        : demo.steps === 'signed'
          ? [{ by: lead, command: { action: 'sign' } }]
          : [
              { by: lead, command: { action: 'sign' } },
              { by: lead, command: { action: 'report', result: '已按企业诉求办理并答复。' } },
              { by: officer, command: { action: 'approve', comment: '同意办结。' } },
              { by: officer, command: { action: 'close' } },
            ];
    for (const [index, step] of steps.entries()) {
      await ctx.workflows.act(itemWorkflowId(registration.item.itemId), await ctx.actorOf(step.by), step.command, `${key}-${index}`);
    }
    if (demo.rating) {
      await waitForState(ctx, registration.difficultyId, 'awaiting_rating');
      await ctx.workflows.rateDifficulty(difficultyWorkflowId(registration.difficultyId), { ...demo.rating, ratedBy: contactId, enterpriseId: demo.enterpriseId }, `${key}-rate`);
    }
  }
}
