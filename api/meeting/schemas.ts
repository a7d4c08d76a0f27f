import { z } from 'zod';

const unitId = z.string().regex(/^[a-z0-9-]{1,40}$/);

export const meetingParamsSchema = z.strictObject({ meetingId: z.uuid() });

export const conveneMeetingBodySchema = z.strictObject({
  /** The day it is planned for (China time), today or within a year. */
  scheduledOn: z.iso.date(),
});

export const minutesBodySchema = z.strictObject({
  heldOn: z.iso.date(),
  minutes: z.string().trim().min(1, '请填写会议纪要').max(20_000),
  decisions: z
    .array(
      z.strictObject({
        text: z.string().trim().min(2, '议定事项至少 2 个字').max(200),
        leadUnitId: unitId,
        coUnitIds: z.array(unitId).max(10).default([]),
      }),
    )
    .max(30, '一次会议最多 30 项议定事项'),
});

export const cadenceBodySchema = z.strictObject({
  months: z
    .array(z.number().int().min(1).max(12))
    .min(1, '至少选择一个月份')
    .max(12)
    .refine((months) => new Set(months).size === months.length, '月份不能重复'),
  /** Up to the 28th, so every month has the day. */
  dayOfMonth: z.number().int().min(1).max(28),
  hour: z.number().int().min(0).max(23),
  /** Why the cadence changes (e.g. the meeting's decision); recorded in the audit trail. */
  reason: z.string().trim().min(2).max(500).optional(),
});
