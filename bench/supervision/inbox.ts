import { Client as PgClient } from 'pg';
import { Prisma } from '../../generated/prisma/client';
import type { BenchStack } from './stack';
import { benchSignIn, type BenchSession } from './session';
import { percentile, round } from './stats';
import { inboxPageQuery, listUnitItems } from '../../api/supervision/read-model';
import { inboxQuerySchema } from '../../api/supervision/schemas';
import { shanghaiDateOf } from '../../domain/calendar';
import { openItemStates, undatedSortKey } from '../../domain/supervision/item-state';

// (b) A unit's inbox (GET /api/v1/units/:unitId/items) over a large read model: supervised_item
// and item_assignment are filled directly in PostgreSQL with INSERT … SELECT over
// generate_series (no workflows, no history, no audit), grown from one size to the next in the
// same database, vacuumed and analysed, then each kind of inbox query is timed through the HTTP
// API and, for comparison, as listUnitItems called in this process.

/** The measured unit: 区科技局, a department that leads or supports a large share of all items. */
const measuredUnit = 'kjj';
let staffSession: Promise<BenchSession> | undefined;
/** The measured unit's liaison, signed in once for the whole run. */
const staffHeaders = async (apiUrl: string) => (await (staffSession ??= benchSignIn(apiUrl, `${measuredUnit}-liaison`))).headers;
/** Share of all items the measured unit leads, and of other units' co-organised items it supports. */
const leadShare = 0.3;
const coShare = 0.25;
const batchSize = 100_000;

/** Item types and their weights (cumulative thresholds are built from these). */
const typeMix: readonly [type: string, process: string, budgetDays: number, weight: number][] = [
  ['difficulty', 'difficulty', 7, 0.3],
  ['assignment', 'assignment', 10, 0.25],
  ['measure_report', 'measure', 5, 0.15],
  ['joint_meeting_task', 'meeting', 15, 0.1],
  ['subsidy_review', 'subsidy', 10, 0.08],
  ['difficulty_urgent', 'difficulty', 3, 0.05],
  ['difficulty_complex', 'difficulty', 15, 0.05],
  ['urgent_hours', 'assignment', 1, 0.02],
];
/** The type filter measured: a mid-sized type (8 % of items). */
const measuredType = 'subsidy_review';

/**
 * States, cumulative: 12 % open (待签收 2 %, 办理中 7 %, 待审核 2.5 %, 已退回 0.5 %), the rest
 * historic (已办结 6 %, 已销号 80 %, 已中止 2 %).
 */
const stateMix: readonly [state: string, upTo: number][] = [
  ['pending_sign', 0.02],
  ['in_progress', 0.09],
  ['pending_review', 0.115],
  ['returned', 0.12],
  ['completed', 0.18],
  ['closed', 0.98],
  ['halted', 1],
];

/** openItemStates as an SQL list: the default inbox. */
const openList = openItemStates.map((state) => `'${state}'`).join(', ');

const queryKinds: Record<string, Record<string, string>> = {
  default: {},
  page2: {}, // the default inbox's second page, through nextCursor
  colourRed: { colour: 'red' },
  overdue: { overdue: 'true' },
  stateInProgress: { state: 'in_progress' },
  type: { type: measuredType },
  roleCo: { role: 'co' },
};

function caseOf(variable: string, entries: readonly (readonly [string, number])[]): string {
  const arms = entries.map(([value, upTo]) => `WHEN ${variable} < ${upTo} THEN '${value}'`).join(' ');
  return `CASE ${arms} ELSE '${entries[entries.length - 1]![0]}' END`;
}

function cumulative<T extends readonly [string, ...unknown[]]>(entries: readonly T[], weight: (entry: T) => number): [string, number][] {
  let sum = 0;
  return entries.map((entry) => [entry[0], (sum += weight(entry))]);
}

/**
 * One batch of items [from, to] and their assignments, in one statement. Open items are due
 * between 30 days ago and 180 days ahead (2 % with the clock suspended: no deadline), coloured
 * as the workflow colours them (red when overdue, yellow within 5 days); historic items were
 * due within the past year and closed with any colour. 20 % of items
 * have co-organisers (a third of those two), each due two days before the item.
 */
function batchSql(): string {
  const types = cumulative(typeMix, (entry) => entry[3]);
  const typeCase = caseOf('r_type', types);
  const budgetCase = `CASE type ${typeMix.map(([type, , days]) => `WHEN '${type}' THEN ${days}`).join(' ')} END`;
  const processCase = `CASE type ${typeMix.map(([type, process]) => `WHEN '${type}' THEN '${process}'`).join(' ')} END`;
  return `
    WITH src AS MATERIALIZED (
      SELECT g, md5('srdi-inbox-bench:' || g)::uuid::text AS id,
             random() AS r_state, random() AS r_unit, random() AS r_other, random() AS r_type,
             random() AS r_due, random() AS r_colour, random() AS r_age, random() AS r_hours
        FROM generate_series($1::int, $2::int) AS g
    ),
    typed AS (
      SELECT src.*, (${caseOf('r_state', stateMix)})::item_state AS state, ${typeCase} AS type,
             CASE WHEN r_unit < $4::float8 THEN $5::text ELSE ($6::text[])[1 + floor(r_other * cardinality($6::text[]))::int] END AS lead_unit_id
        FROM src
    ),
    dated AS (
      SELECT typed.*, ${budgetCase} AS budget_days, ${processCase} AS source_kind,
             state IN (${openList}) AS open,
             CASE WHEN state IN (${openList})
                  THEN CASE WHEN r_due < 0.02 THEN NULL ELSE $3::date + (-30 + floor(r_due * 211))::int END
                  ELSE $3::date + (-365 + floor(r_due * 365))::int END AS due_on
        FROM typed
    ),
    shaped AS (
      SELECT dated.*,
             CASE WHEN open THEN CASE WHEN due_on < $3::date THEN 'red' WHEN due_on < $3::date + 5 THEN 'yellow' ELSE 'green' END
                  ELSE CASE WHEN r_colour < 0.7 THEN 'green' WHEN r_colour < 0.85 THEN 'yellow' ELSE 'red' END END::item_colour AS colour,
             least(now() - interval '1 hour',
                   (coalesce(due_on, $3::date) - budget_days * 7 / 5 - 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
                     - r_age * interval '20 days') AS created_at
        FROM dated
    ),
    timed AS (
      SELECT shaped.*,
             CASE WHEN state NOT IN ('pending_sign', 'returned') THEN least(now(), created_at + r_hours * interval '40 hours') END AS signed_at,
             CASE WHEN state IN ('pending_review', 'completed', 'closed') THEN least(now(), created_at + interval '2 days' + r_hours * interval '9 days') END AS reported_at,
             CASE WHEN state IN ('completed', 'closed') THEN least(now(), created_at + interval '4 days' + r_hours * interval '9 days') END AS completed_at,
             CASE WHEN state = 'closed' THEN least(now(), created_at + interval '5 days' + r_hours * interval '9 days') END AS closed_at
        FROM shaped
    ),
    items AS (
      INSERT INTO supervised_item (id, workflow_id, type, title, source_kind, source_id, lead_unit_id, state, budget_days, clock,
                                   sign_due_on, due_on, due_at, provisional, colour, extension_pending, escalation,
                                   signed_at, reported_at, completed_at, closed_at, result, version, created_at, updated_at)
      SELECT id, 'item-' || id, type, '基准测试督办事项 ' || g || '：落实专项行动计划相关任务', source_kind, id, lead_unit_id, state, budget_days,
             jsonb_build_object('unit', CASE WHEN type = 'urgent_hours' THEN 'hours' ELSE 'working_days' END, 'budget', budget_days,
                                'startedAt', created_at, 'suspensions', '[]'::jsonb, 'extensions', '[]'::jsonb),
             (created_at AT TIME ZONE 'Asia/Shanghai')::date + 2, due_on,
             (due_on + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', false, colour, false,
             CASE WHEN colour = 'red' THEN 'urge' END,
             signed_at, reported_at, completed_at, closed_at,
             CASE WHEN reported_at IS NOT NULL THEN '已按要求办结，相关材料已报送' END,
             CASE state WHEN 'pending_sign' THEN 1 WHEN 'returned' THEN 2 WHEN 'in_progress' THEN 2 WHEN 'pending_review' THEN 3
                        WHEN 'completed' THEN 4 WHEN 'closed' THEN 5 ELSE 3 END,
             created_at, coalesce(closed_at, completed_at, reported_at, signed_at, created_at)
        FROM timed
      RETURNING id, type, lead_unit_id, state, due_on, colour, reported_at, result, version
    ),
    leads AS (
      INSERT INTO item_assignment (item_id, unit_id, role, type, state, open, due_on, sort_on, colour, reported_at, report, version)
      SELECT id, lead_unit_id, 'lead', type, state, state IN (${openList}),
             due_on, coalesce(due_on, '${undatedSortKey}'), colour, reported_at, result, version
        FROM items
    ),
    co AS (
      SELECT items.*, k, random() AS r_unit, random() AS r_step
        FROM (SELECT items.*, ('x' || substr(md5(id || ':co'), 1, 8))::bit(32)::bigint / 4294967296.0 AS r_co FROM items) AS items,
             -- the count must depend on the row, or PostgreSQL evaluates the function once for all rows
             LATERAL generate_series(1, CASE WHEN r_co >= 0.2 THEN 0 WHEN r_co < 0.2 / 3 THEN 2 ELSE 1 END) AS k
    )
    INSERT INTO item_assignment (item_id, unit_id, role, type, state, open, due_on, sort_on, colour, reported_at, report, version)
    SELECT id,
           CASE WHEN k = 1 AND lead_unit_id <> $5::text AND r_unit < $7::float8 THEN $5::text
                ELSE ($6::text[])[1 + ((coalesce(array_position($6::text[], lead_unit_id), 0) - 1 + k * (1 + floor(r_step * 11))::int)
                                       % cardinality($6::text[]) + cardinality($6::text[])) % cardinality($6::text[])] END,
           'co', type, state, state IN (${openList}), due_on - 2, coalesce(due_on - 2, '${undatedSortKey}'), colour,
           CASE WHEN reported_at IS NOT NULL THEN reported_at - interval '1 day' END,
           CASE WHEN reported_at IS NOT NULL THEN '已提供配合意见' END, version
      FROM co
    ON CONFLICT (item_id, unit_id) DO NOTHING`;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

const summary = (values: number[]): Latency => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), p99: round(percentile(values, 99)) });

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** A plan as one line: node types (and index names) depth first, e.g. "Limit > Index Scan(x_idx)". */
function planShape(node: PlanNode): string {
  const self = `${node['Node Type']}${node['Index Name'] ? `(${node['Index Name']})` : node['Relation Name'] ? `(${node['Relation Name']})` : ''}`;
  const children = (node.Plans ?? []).map(planShape);
  return children.length === 0 ? self : `${self} > ${children.length === 1 ? children[0] : `[${children.join(', ')}]`}`;
}

async function explain(stack: BenchStack, params: Record<string, string>, today: string) {
  const query = inboxQuerySchema.parse(params);
  const [row] = await stack.db.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Planning Time': number; 'Execution Time': number }] }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${inboxPageQuery(measuredUnit, query, today)}`,
  );
  const [result] = row!['QUERY PLAN'];
  return {
    planningMs: round(result['Planning Time'], 3),
    executionMs: round(result['Execution Time'], 3),
    sharedBlocks: (result.Plan['Shared Hit Blocks'] ?? 0) + (result.Plan['Shared Read Blocks'] ?? 0),
    plan: planShape(result.Plan),
  };
}

interface InboxPage {
  items: { id: string }[];
  nextCursor: string | null;
}

async function httpInbox(apiUrl: string, params: Record<string, string>): Promise<InboxPage> {
  const response = await fetch(`${apiUrl}/api/v1/units/${measuredUnit}/items?${new URLSearchParams(params)}`, { headers: await staffHeaders(apiUrl) });
  if (!response.ok) throw new Error(`GET inbox ${JSON.stringify(params)}: ${response.status} ${await response.text()}`);
  return (await response.json()) as InboxPage;
}

async function timedMs(task: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
}

/** What the measured unit holds, and how many of its rows each query kind matches. */
async function holdings(pg: PgClient, today: string) {
  const { rows } = await pg.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM supervised_item) AS items,
            (SELECT count(*) FROM item_assignment) AS assignments,
            (SELECT count(*) FROM item_assignment WHERE state IN (${openList})) AS open_assignments,
            count(*) AS unit_rows,
            count(*) FILTER (WHERE a.role = 'lead') AS unit_lead_rows,
            count(*) FILTER (WHERE a.role = 'co') AS unit_co_rows,
            count(*) FILTER (WHERE a.state IN (${openList})) AS unit_open_rows,
            count(*) FILTER (WHERE a.state IN (${openList}) AND a.colour = 'red') AS open_red,
            count(*) FILTER (WHERE a.state IN (${openList}) AND a.due_on < $2::date) AS open_overdue,
            count(*) FILTER (WHERE a.state = 'in_progress') AS in_progress,
            count(*) FILTER (WHERE a.state IN (${openList}) AND i.type = $3) AS open_of_type,
            count(*) FILTER (WHERE a.state IN (${openList}) AND a.role = 'co') AS open_co,
            pg_total_relation_size('supervised_item') AS item_bytes,
            pg_total_relation_size('item_assignment') AS assignment_bytes
       FROM item_assignment a JOIN supervised_item i ON i.id = a.item_id
      WHERE a.unit_id = $1`,
    [measuredUnit, today, measuredType],
  );
  const n = (key: string) => Number(rows[0]![key]);
  const mib = (key: string) => round(n(key) / 2 ** 20, 1);
  return {
    items: n('items'),
    assignments: n('assignments'),
    openAssignments: n('open_assignments'),
    tableMiB: { supervised_item: mib('item_bytes'), item_assignment: mib('assignment_bytes') },
    measuredUnit: {
      unitId: measuredUnit,
      rows: n('unit_rows'),
      leadRows: n('unit_lead_rows'),
      coRows: n('unit_co_rows'),
      openRows: n('unit_open_rows'),
      matching: {
        default: n('unit_open_rows'),
        colourRed: n('open_red'),
        overdue: n('open_overdue'),
        stateInProgress: n('in_progress'),
        type: n('open_of_type'),
        roleCo: n('open_co'),
      },
    },
  };
}

async function measureQueries(stack: BenchStack, options: InboxOptions, today: string) {
  const first = await httpInbox(stack.apiUrl, {});
  if (!first.nextCursor) throw new Error('the default inbox has a single page; nothing to page through');
  const kinds = Object.entries(queryKinds).map(([kind, params]) => [kind, kind === 'page2' ? { cursor: first.nextCursor! } : params] as const);
  const viaDb = (params: Record<string, string>) => listUnitItems(stack.db, measuredUnit, inboxQuerySchema.parse(params), today);

  const pages = new Map<string, InboxPage>();
  for (const [kind, params] of kinds) {
    const [http, db] = [await httpInbox(stack.apiUrl, params), await viaDb(params)];
    const ids = (page: InboxPage) => page.items.map((item) => item.id).join();
    if (ids(http) !== ids(db)) throw new Error(`${kind}: the API and listUnitItems disagree`);
    pages.set(kind, http);
  }
  for (let pass = 0; pass < options.warmup; pass++) {
    for (const [, params] of kinds) {
      await httpInbox(stack.apiUrl, params);
      await viaDb(params);
    }
  }
  // Sequential requests (one in flight), the kinds interleaved so that none gets a quieter moment.
  const http = new Map<string, number[]>(kinds.map(([kind]) => [kind, []]));
  const db = new Map<string, number[]>(kinds.map(([kind]) => [kind, []]));
  for (let index = 0; index < options.requests; index++) {
    for (const [kind, params] of kinds) http.get(kind)!.push(await timedMs(() => httpInbox(stack.apiUrl, params)));
  }
  for (let index = 0; index < options.requests; index++) {
    for (const [kind, params] of kinds) db.get(kind)!.push(await timedMs(() => viaDb(params)));
  }
  const queries: Record<string, unknown> = {};
  for (const [kind, params] of kinds) {
    const page = pages.get(kind)!;
    queries[kind] = {
      params: kind === 'page2' ? { cursor: '<nextCursor of default>' } : params,
      items: page.items.length,
      hasNextPage: page.nextCursor !== null,
      httpMs: summary(http.get(kind)!),
      dbMs: summary(db.get(kind)!),
      pageQuery: await explain(stack, params, today),
    };
  }
  const all = (samples: Map<string, number[]>) => [...samples.values()].flat();
  const overall = (samples: number[]) => ({ requests: samples.length, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)), p99: round(percentile(samples, 99)) });
  return { overall: { httpMs: overall(all(http)), dbMs: overall(all(db)) }, queries };
}

export interface InboxOptions {
  /** Item counts to measure at, grown in this order in one database. */
  sizes: number[];
  /** Timed requests per query kind (HTTP, and again in process). */
  requests: number;
  /** Untimed rounds over every kind first. */
  warmup: number;
}

export async function measureInbox(stack: BenchStack, options: InboxOptions) {
  const today = shanghaiDateOf(new Date());
  const pg = new PgClient({ connectionString: stack.databaseUrl });
  await pg.connect();
  try {
    const { rows: units } = await pg.query<{ id: string }>(`SELECT id FROM unit WHERE kind <> 'commission' AND id <> $1 ORDER BY id`, [measuredUnit]);
    const others = units.map((unit) => unit.id);
    await pg.query('SELECT setseed(0.2026)');
    const sql = batchSql();
    // Grows from one size to the next: counts only the rows it generated itself (their title), not
    // the lifecycles (a) left before it.
    let generated = Number((await pg.query<{ count: string }>(`SELECT count(*) FROM supervised_item WHERE title LIKE '基准测试督办事项 %'`)).rows[0]!.count);
    const sizes = [];
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const started = performance.now();
      const from = generated;
      for (let first = generated + 1; first <= size; first += batchSize) {
        await pg.query(sql, [first, Math.min(size, first + batchSize - 1), today, leadShare, measuredUnit, others, coShare]);
      }
      generated = Math.max(generated, size);
      const generationSeconds = (performance.now() - started) / 1000;
      const vacuumStarted = performance.now();
      await pg.query('VACUUM (ANALYZE) supervised_item');
      await pg.query('VACUUM (ANALYZE) item_assignment');
      const vacuumAnalyzeSeconds = (performance.now() - vacuumStarted) / 1000;
      const data = await holdings(pg, today);
      process.stderr.write(`inbox: ${data.items} items, ${data.assignments} assignments generated in ${round(generationSeconds)} s; measuring\n`);
      sizes.push({
        ...data,
        generation: { itemsAdded: generated - from, seconds: round(generationSeconds), itemsPerSecond: round((generated - from) / generationSeconds, 0), vacuumAnalyzeSeconds: round(vacuumAnalyzeSeconds) },
        ...(await measureQueries(stack, options, today)),
      });
    }
    return {
      unit: measuredUnit,
      today,
      requestsPerKind: options.requests,
      warmupRounds: options.warmup,
      limit: 50,
      data: {
        leadShare,
        coOrganisedShare: 0.2,
        measuredUnitShareOfOthersCoRows: coShare,
        states: Object.fromEntries(stateMix.map(([state, upTo], index) => [state, round(upTo - (stateMix[index - 1]?.[1] ?? 0), 3)])),
        types: Object.fromEntries(typeMix.map(([type, , , weight]) => [type, weight])),
        measuredType,
      },
      sizes,
      target: { items: 1_000_000, p95Ms: 20 },
    };
  } finally {
    // The generated rows have no workflows behind them, and d and c, which run next, count and
    // recompute every open item: leave them an empty read model (a's items are closed anyway).
    await pg.query('TRUNCATE supervised_item CASCADE');
    await pg.end();
  }
}
