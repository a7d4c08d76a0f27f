// What may be attached to an item, decided from the file's own bytes: a declared type that the
// content does not bear out is refused, so a script renamed to .pdf never reaches a reviewer.

export const attachmentTypes = {
  'application/pdf': { label: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  'image/png': { label: 'PNG 图片', magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/jpeg': { label: 'JPEG 图片', magic: [[0xff, 0xd8, 0xff]] },
  // Office Open XML documents are ZIP containers.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word 文档（docx）', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel 表格（xlsx）', magic: [[0x50, 0x4b, 0x03, 0x04]] },
} as const;

export type AttachmentType = keyof typeof attachmentTypes;
export const attachmentContentTypes = Object.keys(attachmentTypes) as AttachmentType[];

export function isAttachmentType(value: string): value is AttachmentType {
  return Object.prototype.hasOwnProperty.call(attachmentTypes, value);
}

/** Do the bytes start the way files of the declared type start? */
export function contentMatches(type: AttachmentType, bytes: Uint8Array): boolean {
  return attachmentTypes[type].magic.some((magic) => magic.length <= bytes.length && magic.every((byte, index) => bytes[index] === byte));
}

/**
 * The uploader's file name made safe to show and to offer on download: no directories, no
 * control or path characters, bounded length. It is never used to name anything on disk.
 */
export function displayFileName(raw: string | undefined): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: use as given.
  }
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').replace(/^\.+/, '').trim();
  return (cleaned || '附件').slice(0, 120);
}
