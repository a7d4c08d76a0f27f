import { z } from 'zod';
import { intendedBoardKeys } from '../../domain/listing/application';

const milestoneKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '里程碑编号不合法');
const staffId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '人员编号不合法');

const documents = z
  .array(
    z.strictObject({
      title: z.string().trim().min(2, '文件名称至少 2 个字').max(200),
      /** 文号 or another reference to find the document by. */
      reference: z.string().trim().min(1).max(100).optional(),
    }),
  )
  .max(10, '一次最多 10 份文件');
const attachmentIds = z.array(z.uuid()).max(10, '一次最多 10 个附件');

export const listingCaseParamsSchema = z.strictObject({ caseId: z.uuid() });

export const enrolBodySchema = z.strictObject({
  enterpriseId: z.string().min(1).max(64),
  /** 服务专员: a staff member. */
  officerId: staffId,
  /** The day the enterprise entered the district pool (区级培育库); today or earlier. */
  enrolledOn: z.iso.date(),
  /** The district pool's evidence: its notice or list (attachments come later, on the case's items). */
  documents: documents.min(1, '请至少填写一份入库文件'),
});

export const evidenceBodySchema = z
  .strictObject({
    milestone: milestoneKey,
    documents: documents.default([]),
    attachmentIds: attachmentIds.default([]),
  })
  .refine((body) => body.documents.length + body.attachmentIds.length > 0, { message: '请至少提供一份文件或一个附件', path: ['documents'] });

export const confirmBodySchema = z.strictObject({
  milestone: milestoneKey,
  reachedOn: z.iso.date(),
  comment: z.string().trim().min(1).max(500).optional(),
});

export const officerBodySchema = z.strictObject({
  officerId: staffId,
  reason: z.string().trim().min(2, '请填写更换理由').max(500),
});

export const listingApplicationParamsSchema = z.strictObject({ applicationId: z.uuid() });

export const listingApplicationListQuerySchema = z.strictObject({ state: z.enum(['pending', 'accepted', 'declined']).optional() });

/** 入库申请: the intended board, the year the enterprise aims to file in, its timetable and documents. */
export const listingApplyBodySchema = z.strictObject({
  intendedBoard: z.enum(intendedBoardKeys, { error: '请选择拟上市板块' }),
  targetYear: z.number({ error: '请填写计划申报年份' }).int().min(2020).max(2100),
  plan: z.string().trim().min(10, '请说明上市计划与时间安排（至少 10 个字）').max(2000),
  documents: documents.min(1, '请至少列出一份申请材料'),
});

/** Acceptance: the service officer the case gets (一企一策一人) and the day it joins the pool. */
export const listingAcceptBodySchema = z.strictObject({
  officerId: staffId,
  enrolledOn: z.iso.date().optional(),
  comment: z.string().trim().min(1).max(500).optional(),
});

export const listingDeclineBodySchema = z.strictObject({
  reason: z.string().trim().min(4, '请说明不予纳入的理由（至少 4 个字）').max(1000),
});
