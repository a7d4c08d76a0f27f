import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../api/app';
import { createTestDatabase, type TestDatabase } from './database';
import { startTestWorker, testTemporalClient, type RunningWorker } from './temporal';

export interface ApiHarness {
  database: TestDatabase;
  worker: RunningWorker;
  temporal: Client;
  app: Express;
  /** Where this harness's attachments are stored. */
  attachmentRoot: string;
  stop(): Promise<void>;
}

/** The whole stack for an integration test file: its own database, a real worker, the HTTP app. */
export async function startApiHarness(): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const worker = await startTestWorker(database.db);
  const temporal = await testTemporalClient();
  const attachmentRoot = mkdtempSync(path.join(os.tmpdir(), 'srdi-attachments-'));
  const app = createApp({
    db: database.db,
    temporal,
    taskQueue: worker.taskQueue,
    logger: pino({ level: 'silent' }),
    bodyLimit: '100kb',
    attachments: { root: attachmentRoot, maxBytes: 1024 * 1024 },
  });
  return {
    database,
    worker,
    temporal,
    app,
    attachmentRoot,
    async stop() {
      await worker.stop();
      await temporal.connection.close();
      await database.drop();
      rmSync(attachmentRoot, { recursive: true, force: true });
    },
  };
}
