import { itemTypePolicyFor } from '../../api/supervision/assignment';
import { itemWorkflowId } from '../../api/workflow-client';
import type { ItemCommand } from '../../domain/supervision/item';
import type { DemoContext } from './context';

// 交办事项 in every state a newcomer should see: fresh, signed, awaiting review, closed, returned,
// with an extension pending, suspended, and long overdue with its escalation ladder fired. Items
// assigned in the past run their clocks from then, so the ladder fires as it would have.

interface DemoStep {
  by: string;
  command: ItemCommand;
}

interface DemoItem {
  key: string;
  title: string;
  leadUnitId: string;
  coUnitIds?: string[];
  daysAgo: number;
  steps: DemoStep[];
}

const officer = 'staff-jxw-officer-1';
const liaison = (unitId: string) => `staff-${unitId}-liaison`;

const demoItems: DemoItem[] = [
  { key: 'fresh', title: '梳理本部门支持专精特新企业政策清单', leadUnitId: 'kjj', daysAgo: 0, steps: [] },
  {
    key: 'signed',
    title: '推进工业园区标准化厂房建设（措施 11）',
    leadUnitId: 'ghzrj',
    coUnitIds: ['park-degan'],
    daysAgo: 3,
    steps: [{ by: liaison('ghzrj'), command: { action: 'sign' } }],
  },
  {
    key: 'reported',
    title: '统计 2026 年度创新型中小企业研发投入',
    leadUnitId: 'tjj',
    daysAgo: 6,
    steps: [
      { by: liaison('tjj'), command: { action: 'sign' } },
      { by: liaison('tjj'), command: { action: 'report', result: '已完成 48 家企业研发投入统计，汇总表见附件。' } },
    ],
  },
  {
    key: 'closed',
    title: '组织专精特新企业知识产权培训',
    leadUnitId: 'scjgj',
    daysAgo: 20,
    steps: [
      { by: liaison('scjgj'), command: { action: 'sign' } },
      { by: liaison('scjgj'), command: { action: 'report', result: '已于双福园区举办培训 2 场，参训企业 63 家。' } },
      { by: officer, command: { action: 'approve', comment: '材料齐全，同意办结。' } },
      { by: officer, command: { action: 'close' } },
    ],
  },
  {
    key: 'returned',
    title: '核查白沙园区企业用地指标',
    leadUnitId: 'rsj',
    daysAgo: 1,
    steps: [{ by: liaison('rsj'), command: { action: 'return', reason: '用地指标不属本单位职责，建议交区规划自然资源局办理。' } }],
  },
  {
    key: 'extension',
    title: '编制专精特新企业融资需求清单',
    leadUnitId: 'jrzx',
    daysAgo: 8,
    steps: [
      { by: liaison('jrzx'), command: { action: 'sign' } },
      {
        by: liaison('jrzx'),
        command: { action: 'requestExtension', days: 5, reason: '银行端数据尚未全部返回。', progress: '已收集 9 家银行中 6 家的数据。' },
      },
    ],
  },
  {
    key: 'suspended',
    title: '协调德感园区企业双回路供电',
    leadUnitId: 'swh',
    daysAgo: 4,
    steps: [
      { by: liaison('swh'), command: { action: 'sign' } },
      { by: officer, command: { action: 'suspend', reason: '等待企业补充用电负荷测算材料', legalBasis: '一次性告知补正，补正期间暂停计时' } },
    ],
  },
  {
    key: 'overdue',
    title: '落实专精特新企业人才公寓保障（措施 24）',
    leadUnitId: 'czj',
    coUnitIds: ['rsj'],
    daysAgo: 40,
    steps: [{ by: liaison('czj'), command: { action: 'sign' } }],
  },
  { key: 'unsigned-overdue', title: '报送园区闲置厂房底数', leadUnitId: 'park-luohuang', daysAgo: 15, steps: [] },
];

export async function seedSupervisionDemo(ctx: DemoContext): Promise<void> {
  const policy = await itemTypePolicyFor(ctx.db, 'assignment', 'general', 'type');
  const commission = await ctx.actorOf(officer);
  for (const item of demoItems) {
    const snapshot = await ctx.workflows.assignItem(
      {
        title: item.title,
        leadUnitId: item.leadUnitId,
        coUnitIds: item.coUnitIds ?? [],
        commissionUnitId: commission.unitId,
        policy,
        assignedAt: new Date(ctx.now.getTime() - item.daysAgo * 86_400_000).toISOString(),
        createdBy: commission.userId,
      },
      `demo-item-${item.key}`,
    );
    for (const [index, step] of item.steps.entries()) {
      await ctx.workflows.act(itemWorkflowId(snapshot.itemId), await ctx.actorOf(step.by), step.command, `demo-item-${item.key}-${index}`);
    }
  }
}
