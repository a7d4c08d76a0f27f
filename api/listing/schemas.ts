import { z } from 'zod';

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
