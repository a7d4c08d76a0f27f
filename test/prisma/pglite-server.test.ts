import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { projectRoot } from '../support/paths';

// `npm start` serves PGlite (one backend) to the API, the worker and the demo seeder at once. The
// extended query protocol (Parse, Bind, Execute … Sync) keeps an unnamed statement and portal on
// the backend between messages, so one connection's sequence must not be interleaved with
// another's; parameterised queries from several pools at once are the case that broke.

let child: ChildProcess;
let dataDir: string;
const embedded = { url: '' };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'srdi-pglite-'));
  child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'test', 'support', 'pglite-child.ts'), dataDir], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  embedded.url = chunk.toString().trim();
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('parameterised queries from several pools at once each get their own answers', async () => {
  const pools = [0, 1, 2].map(() => new Pool({ connectionString: embedded.url, max: 4 }));
  try {
    const answers = await Promise.all(
      Array.from({ length: 300 }, async (_, n) => {
        // Each pool sends a different statement with a different number of parameters: a Bind
        // landing on another connection's unnamed statement fails or answers the wrong thing.
        const k = n % pools.length;
        const extra = Array.from({ length: k }, (_, i) => `, $${i + 3}::int AS x${i}`).join('');
        const { rows } = await pools[k]!.query(`SELECT $1::int AS n, $2::text || $1::text AS label${extra}`, [n, 'q', ...Array.from({ length: k }, () => k)]);
        return { n: rows[0].n, label: rows[0].label };
      }),
    );
    expect(answers).toEqual(Array.from({ length: 300 }, (_, n) => ({ n, label: `q${n}` })));
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
}, 60_000);

test('a transaction stays together while other connections query', async () => {
  const [a, b] = [new Pool({ connectionString: embedded.url, max: 1 }), new Pool({ connectionString: embedded.url, max: 4 })];
  try {
    await a.query('CREATE TABLE IF NOT EXISTS t (n int)');
    const client = await a.connect();
    const noise = Promise.all(Array.from({ length: 50 }, (_, n) => b.query('SELECT $1::int AS n', [n])));
    await client.query('BEGIN');
    await client.query('INSERT INTO t VALUES ($1)', [1]);
    await client.query('ROLLBACK');
    client.release();
    await noise;
    expect((await b.query('SELECT count(*)::int AS c FROM t')).rows[0]).toEqual({ c: 0 });
  } finally {
    await Promise.all([a.end(), b.end()]);
  }
}, 60_000);
