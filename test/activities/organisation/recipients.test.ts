import { resolveRecipients } from '../../../activities/organisation/recipients';
import type { TestDatabase } from '../../support/database';
import { createTestDatabase } from '../../support/database';

// Each test works in a unit of its own, on people it adds to the seeded organisation chart.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 2 });
});

afterAll(async () => {
  await database?.drop();
});

const at = (iso: string) => new Date(iso);
const ids = (recipients: { id: string }[]) => recipients.map((recipient) => recipient.id);

async function person(id: string, unitId: string, roles: ('liaison' | 'unit_leader')[], active = true) {
  await database.db.staffMember.create({ data: { id, name: `${id}示例`, unitId, roles, email: `${id}@example.cn`, active } });
}

async function standIn(id: string, staffMemberId: string, forStaffMemberId: string, from: string, to: string) {
  await database.db.actingAssignment.create({
    data: { id, staffMemberId, forStaffMemberId, from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`), reason: '休假' },
  });
}

describe('resolving a role in a unit to people', () => {
  test('reaches the seeded liaison of that unit and nobody from other units or roles', async () => {
    const recipients = await resolveRecipients(database.db, [{ role: 'liaison', unitId: 'kjj' }], at('2026-03-02T09:00:00+08:00'));
    expect(recipients).toEqual([
      { id: 'staff-kjj-liaison', name: expect.any(String), unitId: 'kjj', email: 'liaison.kjj@example.cn', holdsRole: true, standingInFor: [] },
    ]);
  });

  test('lists a person reached through several targets once', async () => {
    await person('both-czj', 'czj', ['liaison', 'unit_leader']);
    const recipients = await resolveRecipients(
      database.db,
      [
        { role: 'liaison', unitId: 'czj' },
        { role: 'unit_leader', unitId: 'czj' },
        { role: 'liaison', unitId: 'czj' },
      ],
      at('2026-03-02T09:00:00+08:00'),
    );
    expect(ids(recipients)).toEqual(['both-czj', 'staff-czj-leader', 'staff-czj-liaison']);
  });

  test('leaves out a staff member who is no longer active', async () => {
    await person('gone-tjj', 'tjj', ['liaison'], false);
    expect(ids(await resolveRecipients(database.db, [{ role: 'liaison', unitId: 'tjj' }], at('2026-03-02T09:00:00+08:00')))).toEqual([
      'staff-tjj-liaison',
    ]);
  });

  test('returns nobody for no targets', async () => {
    expect(await resolveRecipients(database.db, [], at('2026-03-02T09:00:00+08:00'))).toEqual([]);
  });
});

describe('an acting stand-in (代岗)', () => {
  beforeAll(async () => {
    await person('standin-swh', 'swh', []);
    await standIn('acting-swh', 'standin-swh', 'staff-swh-liaison', '2026-03-02', '2026-03-06');
  });

  const liaisonOfSwh = [{ role: 'liaison' as const, unitId: 'swh' }];

  test('receives for the absent colleague’s role on every China-local day of the period, and the colleague still receives', async () => {
    for (const instant of ['2026-03-02T00:00:00+08:00', '2026-03-04T12:00:00+08:00', '2026-03-06T23:59:59+08:00']) {
      const recipients = await resolveRecipients(database.db, liaisonOfSwh, at(instant));
      expect(recipients).toEqual([
        expect.objectContaining({ id: 'staff-swh-liaison', holdsRole: true, standingInFor: [] }),
        expect.objectContaining({ id: 'standin-swh', holdsRole: false, standingInFor: ['staff-swh-liaison'] }),
      ]);
    }
  });

  test('does not receive outside the period, judged by the China-local date', async () => {
    // 2026-03-01T23:59 in Beijing is still the day before the period; 2026-03-06T16:00Z is 3-07 there.
    for (const instant of ['2026-03-01T23:59:59+08:00', '2026-03-06T16:00:00Z', '2026-04-01T09:00:00+08:00']) {
      expect(ids(await resolveRecipients(database.db, liaisonOfSwh, at(instant)))).toEqual(['staff-swh-liaison']);
    }
  });

  test('does not receive what is addressed to another role of the same unit', async () => {
    expect(ids(await resolveRecipients(database.db, [{ role: 'unit_leader', unitId: 'swh' }], at('2026-03-04T09:00:00+08:00')))).toEqual([
      'staff-swh-leader',
    ]);
  });

  test('still receives for a colleague who was set inactive, but an inactive stand-in does not', async () => {
    await person('left-rsj', 'rsj', ['liaison'], false);
    await person('cover-rsj', 'rsj', []);
    await person('inactive-cover-rsj', 'rsj', [], false);
    await standIn('acting-rsj-1', 'cover-rsj', 'left-rsj', '2026-03-01', '2026-03-31');
    await standIn('acting-rsj-2', 'inactive-cover-rsj', 'left-rsj', '2026-03-01', '2026-03-31');
    const recipients = await resolveRecipients(database.db, [{ role: 'liaison', unitId: 'rsj' }], at('2026-03-10T09:00:00+08:00'));
    expect(ids(recipients)).toEqual(['cover-rsj', 'staff-rsj-liaison']);
  });

  test('is not followed further: the stand-in’s own stand-in does not receive', async () => {
    await person('first-jw', 'jw', []);
    await person('second-jw', 'jw', []);
    await standIn('acting-jw-1', 'first-jw', 'staff-jw-liaison', '2026-03-01', '2026-03-31');
    await standIn('acting-jw-2', 'second-jw', 'first-jw', '2026-03-01', '2026-03-31');
    expect(ids(await resolveRecipients(database.db, [{ role: 'liaison', unitId: 'jw' }], at('2026-03-10T09:00:00+08:00')))).toEqual([
      'first-jw',
      'staff-jw-liaison',
    ]);
  });
});
