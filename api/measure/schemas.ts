import { z } from 'zod';

export const measureTaskParamsSchema = z.strictObject({ taskId: z.uuid() });

export const cadenceSchema = z.strictObject({
  period: z.enum(['month', 'quarter'], '报送周期须为 month（每月）或 quarter（每季度）'),
  /** At least 2: co-units report a working day before the lead. */
  dueWorkingDay: z.number().int().min(2, '报送期限至少为第 2 个工作日').max(20, '报送期限至多为第 20 个工作日'),
});

export const launchBodySchema = z.strictObject({
  measureIds: z.array(z.string().min(1).max(120)).min(1, '至少选择一项任务').max(40),
  /** The first period reported is the one containing this day. */
  startsOn: z.iso.date(),
  endsOn: z.iso.date().optional(),
  /** Defaults to prisma/seed/measure-cadence.json. */
  cadence: cadenceSchema.optional(),
});

export const achievementBodySchema = z.strictObject({
  subTarget: z.string().trim().min(1, '请选择分项目标').max(100),
  count: z.number().int().min(1, '数量至少为 1').max(1000),
  achievedOn: z.iso.date(),
  enterpriseId: z.string().min(1).max(40).optional(),
  evidence: z.string().trim().min(2, '请填写佐证材料说明').max(2000),
  reference: z.string().trim().max(200).optional(),
});

export const cadenceChangeBodySchema = cadenceSchema.extend({ reason: z.string().trim().min(2, '请说明调整理由').max(500) });
