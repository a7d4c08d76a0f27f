import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import type { TestDatabase } from '../support/database';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { signIn, users, type ApiClient } from '../support/session';

// Uploads are checked by their bytes, size and the uploader's access, stored under generated
// names, and served back only to those who may see the item.

let harness: ApiHarness;
let database: TestDatabase;
let app: Express;
let commission!: ApiClient;
let lead!: ApiClient;
let coUnit!: ApiClient;
let stranger!: ApiClient;
let itemId: string;

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')]);

/** Every file in the store, relative to its root. */
function storedFiles(): string[] {
  return readdirSync(harness.attachmentRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(harness.attachmentRoot, path.join(entry.parentPath, entry.name)));
}

const upload = (client: ApiClient, body: Buffer, contentType: string, fileName = '%E5%8F%8D%E9%A6%88%E6%9D%90%E6%96%99.pdf') =>
  client.post(`/api/v1/items/${itemId}/attachments`).set('Content-Type', contentType).set('X-File-Name', fileName).send(body);

async function footprint() {
  return { files: storedFiles().length, rows: await database.db.itemAttachment.count(), audit: await database.db.auditEvent.count({ where: { action: 'item.attachment_added' } }) };
}

beforeAll(async () => {
  harness = await startApiHarness();
  ({ database, app } = harness);
  [commission, lead, coUnit, stranger] = await Promise.all([
    signIn(app, users.commissionOfficer),
    signIn(app, users.liaison('kjj')),
    signIn(app, users.liaison('czj')),
    signIn(app, users.liaison('ghzrj')),
  ]);
  const assigned = await commission.post('/api/v1/items', { title: '核实企业研发费用加计扣除材料', leadUnitId: 'kjj', coUnitIds: ['czj'] });
  expect(assigned.status).toBe(201);
  itemId = assigned.body.id;
});

afterAll(async () => {
  await harness?.stop();
});

test('the lead unit uploads a PDF: stored under a generated name, listed, audited, downloadable by the item units only', async () => {
  const response = await upload(lead, pdf, 'application/pdf');
  expect(response.status).toBe(201);
  expect(response.body).toMatchObject({ itemId, fileName: '反馈材料.pdf', contentType: 'application/pdf', sizeBytes: pdf.length, unitId: 'kjj' });
  const id: string = response.body.id;
  expect(storedFiles()).toEqual([path.join(id.slice(0, 2), id)]);
  expect(await database.db.auditEvent.count({ where: { action: 'item.attachment_added', subject: `item:${itemId}` } })).toBe(1);

  const listed = await coUnit.get(`/api/v1/items/${itemId}/attachments`);
  expect(listed.body.attachments.map((row: { id: string }) => row.id)).toEqual([id]);

  for (const client of [coUnit, commission, lead]) {
    const download = await client.get(`/api/v1/attachments/${id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(download.status).toBe(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  }
  expect((await stranger.get(`/api/v1/attachments/${id}`)).status).toBe(403);
  expect((await stranger.get(`/api/v1/items/${itemId}/attachments`)).status).toBe(403);
  expect((await request(app).get(`/api/v1/attachments/${id}`)).status).toBe(401);
});

test('a path in the file name never reaches the disk', async () => {
  const response = await upload(lead, pdf, 'application/pdf', '../../../etc/passwd.pdf');
  expect(response.status).toBe(201);
  expect(response.body.fileName).toBe('passwd.pdf');
  expect(storedFiles().every((file) => /^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(file))).toBe(true);
});

test('refuses, writing nothing: content that is not what it claims, other types, empty and oversized files, other units, no CSRF token', async () => {
  const before = await footprint();
  const disguised = await upload(lead, Buffer.from('#!/bin/sh\nrm -rf /\n'), 'application/pdf');
  expect(disguised.status).toBe(415);
  expect(disguised.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  expect(disguised.body.error.message).toMatch(/文件内容与类型不符/);
  expect((await upload(lead, Buffer.from('<script>alert(1)</script>'), 'text/html')).status).toBe(415);
  expect((await upload(lead, Buffer.alloc(0), 'application/pdf')).status).toBe(400);
  const oversized = await upload(lead, Buffer.concat([pdf, Buffer.alloc(1024 * 1024)]), 'application/pdf');
  expect(oversized.status).toBe(413);
  expect(oversized.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  expect((await upload(stranger, pdf, 'application/pdf')).status).toBe(403);
  const noToken = await lead.agent.post(`/api/v1/items/${itemId}/attachments`).set('Content-Type', 'application/pdf').send(pdf);
  expect(noToken.status).toBe(403);
  expect(noToken.body.error.code).toBe('CSRF_REJECTED');
  expect(await footprint()).toEqual(before);
});
