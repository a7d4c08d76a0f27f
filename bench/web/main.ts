import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { prepareDatabase } from '../../prisma/bootstrap';
import { createDb } from '../../runtime/db';
import { demoUsernames } from '../../prisma/seed/demo-accounts';
import { ensureWebBuild, webDistDir } from '../../scripts/lib/web-build';
import { launchBrowser } from '../../test/support/browser';
import { withDatabase } from '../../test/support/database';

// `npm run bench:web`: the staff inbox's first load in Debian's chromium, with BENCH_WEB_ITEMS
// (default 10 000) open items in the unit, on localhost; plus the web bundle's sizes. Prints JSON
// on stdout (progress on stderr). Not a test: nothing is asserted; the target is < 1500 ms.
//
// The read model is filled with one SQL statement (the inbox reads nothing else) in a database of
// its own (srdi_bench_web) on TEST_DATABASE_URL's server, or scripts/ensure-postgres.sh's.
// The API runs in this process with a Temporal client that never connects (the inbox does not
// use it). Each run is a fresh browser context: empty cache, a new sign-in, then a navigation to
// /inbox until the first row is on screen.

const root = path.join(__dirname, '..', '..');
const databaseName = 'srdi_bench_web';
const items = Number(process.env.BENCH_WEB_ITEMS ?? 10_000);
const runs = Number(process.env.BENCH_WEB_RUNS ?? 5);
const unitId = 'kjj';
const password = 'Bench-Pass-2026';
const log = (message: string) => console.error(`[bench:web] ${message}`);

/** Open items led by the unit, due from 20 days ago to 200 days ahead, coloured as the workflow would. */
const fillSql = `
  WITH src AS (
    SELECT g, md5('srdi-web-bench:' || g)::uuid::text AS id, (current_date + (-20 + (g * 7919) % 221))::date AS due_on,
           (ARRAY['pending_sign', 'in_progress', 'pending_review'])[1 + g % 3]::item_state AS state
      FROM generate_series(1, $1::int) AS g
  ),
  items AS (
    INSERT INTO supervised_item (id, workflow_id, type, title, source_kind, source_id, lead_unit_id, state, budget_days, clock,
                                 sign_due_on, due_on, due_at, provisional, colour, extension_pending, escalation,
                                 signed_at, reported_at, completed_at, closed_at, result, version, created_at, updated_at)
    SELECT id, 'item-' || id, 'assignment', '基准测试督办事项 ' || g || '：落实专项行动计划相关任务', 'assignment', id, $2::text, state, 10,
           jsonb_build_object('unit', 'working_days', 'budget', 10, 'startedAt', now() - interval '10 days', 'suspensions', '[]'::jsonb, 'extensions', '[]'::jsonb),
           due_on - 12, due_on, (due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', false,
           (CASE WHEN due_on < current_date THEN 'red' WHEN due_on < current_date + 5 THEN 'yellow' ELSE 'green' END)::item_colour,
           false, NULL, NULL, NULL, NULL, NULL, NULL, 1, now() - interval '10 days', now()
      FROM src
    RETURNING id, type, lead_unit_id, state, due_on, colour
  )
  INSERT INTO item_assignment (item_id, unit_id, role, type, state, open, due_on, sort_on, colour, reported_at, report, version)
  SELECT id, lead_unit_id, 'lead', type, state, true, due_on, due_on, colour, NULL, NULL, 1 FROM items`;

async function prepare(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? execFileSync('bash', ['scripts/ensure-postgres.sh'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const url = withDatabase(adminUrl, databaseName);
  await prepareDatabase(url, { demoAccountsPassword: password });
  const pg = new PgClient({ connectionString: url });
  await pg.connect();
  await pg.query(fillSql, [items, unitId]);
  await pg.query('VACUUM ANALYZE supervised_item');
  await pg.query('VACUUM ANALYZE item_assignment');
  await pg.end();
  return url;
}

function bundleSizes() {
  const html = readFileSync(path.join(webDistDir, 'index.html'), 'utf8');
  const initial = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((match) => match[1]!));
  const sizeOf = (file: string) => {
    const bytes = readFileSync(path.join(webDistDir, 'assets', file));
    return { file, bytes: statSync(path.join(webDistDir, 'assets', file)).size, gzipBytes: gzipSync(bytes).length };
  };
  const all = readdirSync(path.join(webDistDir, 'assets')).map(sizeOf);
  const entry = all.filter((asset) => initial.has(asset.file));
  const lazy = all.filter((asset) => !initial.has(asset.file) && asset.file.endsWith('.js')).sort((a, b) => b.bytes - a.bytes);
  const total = (list: typeof all) => ({ bytes: list.reduce((sum, a) => sum + a.bytes, 0), gzipBytes: list.reduce((sum, a) => sum + a.gzipBytes, 0) });
  return { entry: { ...total(entry), files: entry }, lazy: { ...total(lazy), count: lazy.length, largest: lazy.slice(0, 8) } };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main() {
  ensureWebBuild({ log });
  log(`preparing ${databaseName} with ${items} items in ${unitId}`);
  const url = await prepare();
  const db = createDb(url, 5);
  // Never connects: the inbox and sign-in do not touch Temporal.
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = createApp({ db, temporal, taskQueue: 'srdi-bench-web', logger: pino({ level: 'silent' }), bodyLimit: '100kb', security: { loginRateLimit: 1000 } });
  const server = await new Promise<import('node:http').Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  const username = demoUsernames.staff(`staff-${unitId}-liaison`);
  const loads: { navigationMs: number; inboxApiMs: number }[] = [];
  try {
    for (let run = 0; run <= runs; run += 1) {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1360, height: 900 } });
      const signIn = await context.request.post(`${baseUrl}/api/v1/auth/login`, { data: { username, password } });
      if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
      const page = await context.newPage();
      let inboxApiMs = 0;
      page.on('requestfinished', (request) => {
        if (request.url().includes(`/api/v1/units/${unitId}/items`)) inboxApiMs = Math.round(request.timing().responseEnd);
      });
      const started = performance.now();
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.ant-table-row').first().waitFor({ timeout: 30_000 });
      const navigationMs = Math.round(performance.now() - started);
      // BENCH_WEB_TRACE=1: where the time went (the page's own resource timing), on stderr.
      if (process.env.BENCH_WEB_TRACE === '1') {
        const entries = await page.evaluate<{ name: string; start: number; end: number }[]>(
          `performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).map((e) => ({ name: e.name.replace(location.origin, ''), start: Math.round(e.startTime), end: Math.round(e.responseEnd) }))`,
        );
        for (const entry of entries.sort((a, b) => a.start - b.start)) log(`  ${String(entry.start).padStart(5)} → ${String(entry.end).padStart(5)} ms  ${entry.name}`);
        log(`  ${String(await page.evaluate<number>('Math.round(performance.now())')).padStart(5)} ms  first row on screen`);
      }
      // Run 0 warms the server (connection pool, query plans); it is not counted.
      if (run > 0) loads.push({ navigationMs, inboxApiMs });
      log(`run ${run}: inbox rendered in ${navigationMs} ms${run === 0 ? ' (warm-up, not counted)' : ''}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
    await db.$disconnect();
  }
  const navigation = loads.map((load) => load.navigationMs);
  console.log(
    JSON.stringify(
      {
        benchmark: 'web inbox first load',
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
        itemsInUnit: items,
        runs: loads,
        firstLoadMs: { median: median(navigation), max: Math.max(...navigation), min: Math.min(...navigation) },
        targetMs: 1500,
        withinTarget: Math.max(...navigation) < 1500,
        bundle: bundleSizes(),
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
