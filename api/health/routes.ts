import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Db } from '../../runtime/db';

export function healthRoutes(db: Db, temporal: Client): Router {
  const router = Router();

  // Liveness: the process answers. Readiness: its dependencies answer too.
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const [database, temporalServer] = await Promise.all([
      probe(() => db.$queryRaw`SELECT 1`),
      probe(() => temporal.connection.workflowService.getSystemInfo({})),
    ]);
    const ready = database.ok && temporalServer.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal: temporalServer } });
  });

  return router;
}

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
