import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Db } from '../runtime/db';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  workflowBundlePath: string;
  activityConcurrency: number;
  emailEnabled?: boolean;
}

export function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: options.workflowBundlePath },
    activities: createActivities(options.db, {
      emailEnabled: options.emailEnabled,
      // The worker's connection serves the subsidy activities that act on supervised items.
      temporal: new Client({ connection: options.connection, namespace: options.namespace }),
    }),
    // Matches the database pool: an activity never waits long for a connection another one
    // holds. The item's activities are local (run inside workflow tasks); the few regular ones
    // (calendar recompute) rarely run at the same time.
    maxConcurrentActivityTaskExecutions: options.activityConcurrency,
    maxConcurrentLocalActivityExecutions: options.activityConcurrency,
    shutdownGraceTime: '10 seconds',
  });
}
