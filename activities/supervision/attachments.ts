import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../runtime/db';
import { AppError } from '../../domain/errors';
import { attachmentTypes, contentMatches, isAttachmentType } from '../../domain/supervision/attachment';
import { appendAudit } from '../audit/audit-log';

// The attachment store: bytes on disk under a generated id (two-character fan-out directories),
// metadata and the audit entry in PostgreSQL. The uploader's file name never touches the disk.

export interface AttachmentStore {
  root: string;
}

const fileOf = (store: AttachmentStore, id: string) => path.join(store.root, id.slice(0, 2), id);

export async function saveAttachment(
  db: Db,
  store: AttachmentStore,
  input: { itemId: string; fileName: string; contentType: string; bytes: Buffer; uploadedBy: string; unitId: string },
  now = new Date(),
) {
  if (input.bytes.length === 0) throw new AppError('VALIDATION_FAILED', { fieldErrors: [{ path: '(body)', message: '文件为空' }] });
  if (!isAttachmentType(input.contentType) || !contentMatches(input.contentType, input.bytes)) {
    const allowed = Object.values(attachmentTypes).map((type) => type.label).join('、');
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { userMessage: `文件内容与类型不符，或不是允许的类型（${allowed}）` });
  }
  const id = randomUUID();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const file = fileOf(store, id);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, input.bytes, { flag: 'wx', mode: 0o640 });
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.itemAttachment.create({
        data: { id, itemId: input.itemId, fileName: input.fileName, contentType: input.contentType, sizeBytes: input.bytes.length, sha256, uploadedBy: input.uploadedBy, unitId: input.unitId, createdAt: now },
      });
      await appendAudit(tx, {
        actorId: input.uploadedBy,
        action: 'item.attachment_added',
        subject: `item:${input.itemId}`,
        detail: { attachmentId: id, fileName: input.fileName, contentType: input.contentType, sizeBytes: input.bytes.length, sha256 },
        dedupKey: `attachment:${id}`,
        at: now,
      });
      return row;
    });
  } catch (error) {
    // Nothing half-written: without its row the file is removed.
    await rm(file, { force: true });
    throw error;
  }
}

export async function readAttachment(store: AttachmentStore, id: string): Promise<Buffer> {
  return readFile(fileOf(store, id));
}
