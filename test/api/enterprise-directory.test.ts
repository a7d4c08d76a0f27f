import { startAccessApp, type AccessApp } from '../support/access-app';
import { signIn, users, type ApiClient } from '../support/session';

// 企业库: staff find enterprises by name or credit code, town and current tier, paged by name.
// The five seeded enterprises plus three made here: one with a literal % in its name, one in a
// town of its own, and tiers that are current (valid until 2099) or long expired (until 2001),
// so that nothing here depends on today's date.

let access: AccessApp;
let officer: ApiClient;

type Row = { id: string; name: string; creditCode: string; townUnitId: string | null; tiers: { tier: string; tierLabel: string; validUntil: string }[] };

const day = (date: string) => new Date(`${date}T00:00:00Z`);

beforeAll(async () => {
  access = await startAccessApp();
  const { db } = access.database;
  await db.enterprise.createMany({
    data: [
      { id: 'dir-001', name: '江津示例百分之百科技有限公司（100%虚构）', creditCode: '91500116DIR000001X', townUnitId: 'town-degan' },
      { id: 'dir-002', name: '江津示例目录测试有限公司（虚构）', creditCode: '91500116DIR000002Y', townUnitId: 'town-dingshan' },
      { id: 'dir-003', name: '江津示例三号企业有限公司（虚构）', creditCode: '91500116DIR000003Z', townUnitId: null },
    ],
  });
  const tier = (id: string, enterpriseId: string, kind: string, recognisedOn: string, validUntil: string) => ({
    id,
    enterpriseId,
    tier: kind,
    recognisedOn: day(recognisedOn),
    validUntil: day(validUntil),
    recheckOn: day(validUntil),
    source: 'record',
  });
  await db.enterpriseTier.createMany({
    data: [
      tier('dir-tier-1', 'dir-001', 'innovative_sme', '2096-01-01', '2099-01-01'),
      tier('dir-tier-2', 'dir-002', 'innovative_sme', '1998-01-01', '2001-01-01'),
      tier('dir-tier-3', 'dir-002', 'municipal_srdi', '2096-06-01', '2099-06-01'),
    ],
  });
  officer = await signIn(access.app, users.commissionOfficer);
});

afterAll(async () => {
  await access?.stop();
});

const list = async (client: ApiClient, query: string) => {
  const response = await client.get(`/api/v1/enterprises${query}`);
  expect(response.status).toBe(200);
  return response.body as { enterprises: Row[]; nextCursor: string | null };
};

test('lists every enterprise by name, and the pages join up into the whole list', async () => {
  const all = await list(officer, '?limit=100');
  const names = all.enterprises.map((row) => row.name);
  expect(all.enterprises).toHaveLength(8);
  expect(names).toEqual([...names].sort());
  expect(all.nextCursor).toBeNull();
  expect(JSON.stringify(all)).not.toMatch(/revenue|contactPhone/);

  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 10; page += 1) {
    const result = await list(officer, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(result.enterprises.length).toBeLessThanOrEqual(3);
    seen.push(...result.enterprises.map((row) => row.id));
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  expect(seen).toEqual(all.enterprises.map((row) => row.id));
});

test('finds by part of the name or the start of the credit code, with % taken literally', async () => {
  expect((await list(officer, `?q=${encodeURIComponent('目录测试')}`)).enterprises.map((row) => row.id)).toEqual(['dir-002']);
  expect((await list(officer, '?q=91500116dir')).enterprises.map((row) => row.id).sort()).toEqual(['dir-001', 'dir-002', 'dir-003']);
  expect((await list(officer, `?q=${encodeURIComponent('100%')}`)).enterprises.map((row) => row.id)).toEqual(['dir-001']);
  expect((await list(officer, `?q=${encodeURIComponent('%')}`)).enterprises.map((row) => row.id)).toEqual(['dir-001']);
  expect((await list(officer, '?q=DIR000002')).enterprises).toEqual([]); // a code is matched from its start
});

test('filters by town and by a tier held now, and shows the current tiers only', async () => {
  expect((await list(officer, '?townUnitId=town-degan')).enterprises.map((row) => row.id).sort()).toEqual(['dir-001', 'ent-001']);
  const innovative = await list(officer, '?tier=innovative_sme');
  expect(innovative.enterprises.map((row) => row.id)).toEqual(['dir-001']);
  expect(innovative.enterprises[0]!.tiers).toEqual([{ tier: 'innovative_sme', tierLabel: expect.any(String), validUntil: '2099-01-01' }]);
  const municipal = await list(officer, '?tier=municipal_srdi');
  expect(municipal.enterprises.map((row) => row.id)).toEqual(['dir-002']);
  // The expired innovative-SME recognition is history, not a current tier.
  expect(municipal.enterprises[0]!.tiers.map((tier) => tier.tier)).toEqual(['municipal_srdi']);
});

test('is for staff: an enterprise contact is refused, and a bad query is a 400 in Chinese', async () => {
  const liaison = await signIn(access.app, users.liaison('kjj'));
  expect((await list(liaison, '?limit=2')).enterprises).toHaveLength(2);
  const contact = await signIn(access.app, users.enterpriseContact('ent-001'));
  expect((await contact.get('/api/v1/enterprises')).status).toBe(403);
  for (const query of ['?limit=0', '?tier=giant', '?cursor=a%20b', '?q=', '?unknown=1']) {
    const response = await officer.get(`/api/v1/enterprises${query}`);
    expect({ query, status: response.status }).toEqual({ query, status: 400 });
    expect(response.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  }
});
