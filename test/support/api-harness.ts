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
  stop(): Promise<void>;
}

/** The whole stack for an integration test file: its own database, a real worker, the HTTP app. */
export async function startApiHarness(): Promise<ApiHarness> {
  const database = await createTestDatabase();
  const worker = await startTestWorker(database.db);
  const temporal = await testTemporalClient();
  const app = createApp({ db: database.db, temporal, taskQueue: worker.taskQueue, logger: pino({ level: 'silent' }), bodyLimit: '100kb' });
  return {
    database,
    worker,
    temporal,
    app,
    async stop() {
      await worker.stop();
      await temporal.connection.close();
      await database.drop();
    },
  };
}
