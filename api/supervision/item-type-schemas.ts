import { z } from 'zod';
import { ladderStepKeys, notifyUnits, orgRoles, triggerAnchors } from '../../domain/supervision/escalation';
import { itemProcesses, itemTypeKeyPattern } from '../../domain/supervision/item-type';

// The shape of an item type policy at the boundary. Ranges and the rules between fields (a
// co-organiser's lead under the handling limit, unique ladder steps …) are the domain's:
// itemTypePolicyErrors runs after this, so the API and any other writer check the same rules.

const objectOf = <T extends z.ZodRawShape>(shape: T, what: string) =>
  z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : `${what}须为对象`) });
const whole = (label: string) => z.number({ error: `${label}须为整数` }).int({ error: `${label}须为整数` });
const text = (label: string, max: number) => z.string({ error: `请填写${label}` }).trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);

const notifyTarget = objectOf(
  {
    role: z.enum(orgRoles, { error: `通知角色须为 ${orgRoles.join('、')} 之一` }),
    unit: z.enum(notifyUnits, { error: '通知对象所在单位须为 lead（牵头单位）或 commission（区经济信息委）' }),
  },
  '通知对象',
);
const notifyList = z.array(notifyTarget, { error: '通知对象须为列表' }).max(10, '通知对象不超过 10 个');

const escalationSchema = objectOf(
  {
    warning: objectOf(
      {
        yellowAtShareUsed: z.number({ error: '黄牌预警的已用比例须为数字（如 0.8）' }),
        yellowAtDaysLeft: whole('黄牌预警的剩余时间'),
      },
      '预警规则',
    ),
    ladder: z
      .array(
        objectOf(
          {
            key: z.enum(ladderStepKeys, { error: `升级步骤须为 ${ladderStepKeys.join('、')} 之一` }),
            label: text('步骤名称', 20),
            trigger: objectOf(
              {
                after: z.enum(triggerAnchors, { error: '触发基准须为 yellow（变黄）或 due（到期）' }),
                workingDays: whole('触发工作日数'),
              },
              '触发条件',
            ),
            notify: notifyList,
          },
          '升级步骤',
        ),
        { error: '升级阶梯须为步骤列表' },
      )
      .max(ladderStepKeys.length, `升级阶梯最多 ${ladderStepKeys.length} 级`),
    signOverdue: objectOf({ label: text('签收超时的名称', 20), notify: notifyList }, '签收超时规则').optional(),
  },
  '预警与升级规则',
);

/** PUT /item-types/:type: the whole policy (process only when creating a type) and why it changes. */
export const itemTypeBodySchema = objectOf(
  {
    label: text('类型名称', 40),
    process: z.enum(itemProcesses, { error: `所属流程须为 ${itemProcesses.join('、')} 之一` }).optional(),
    signDays: whole('签收时限'),
    handleDays: whole('办理时限'),
    budgetUnit: z.enum(['working_days', 'hours'], { error: '时限单位须为 working_days（工作日）或 hours（小时）' }),
    returnDays: whole('退回时限'),
    coUnitLeadDays: whole('配合单位提前反馈的时间'),
    escalation: escalationSchema,
    reason: text('修改理由', 500),
    /** The version the editor saw (same as If-Match); 0 when creating a type that must not exist yet. */
    expectedVersion: z.number({ error: '版本号须为整数' }).int({ error: '版本号须为整数' }).min(0, '版本号须为整数').optional(),
  },
  '请求体',
);

export const itemTypeParamsSchema = z.strictObject({
  type: z.string().regex(itemTypeKeyPattern, '类型编号须以小写字母开头，由 2-40 位小写字母、数字或下划线组成'),
});

export const itemTypeListQuerySchema = z.strictObject({
  process: z.enum(itemProcesses, { error: `所属流程须为 ${itemProcesses.join('、')} 之一` }).optional(),
});
