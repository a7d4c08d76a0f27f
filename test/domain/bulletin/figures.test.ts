import { WorkingCalendar } from '../../../domain/calendar';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { figuresOf, honourLists, rankUnits, ratio, satisfactionOf, type AssignmentFacts, type UnitRef } from '../../../domain/bulletin/figures';
import { deadlineOf, type Clock } from '../../../domain/supervision/clock';

// The 通报 rates on a constructed data set, worked out by hand. Units: U1 (a department), U2 (a
// park), U3 (a town). November 2026, as of 2026-11-30 (Monday).

const calendar = WorkingCalendar.from(chineseDaysCalendar());
const asOf = '2026-11-30';
const unit = (id: string, kind: UnitRef['kind'], sortOrder: number): UnitRef => ({ id, name: id, kind, sortOrder });
const U1 = unit('u1', 'department', 1);
const U2 = unit('u2', 'park', 2);
const U3 = unit('u3', 'town', 3);

const row = (over: Partial<AssignmentFacts> & Pick<AssignmentFacts, 'itemId' | 'unitId'>): AssignmentFacts => ({
  role: 'lead',
  assignedOn: '2026-11-02',
  signDueOn: '2026-11-03',
  signedOn: null,
  dueOn: null,
  doneOn: null,
  extensionsApprovedOn: [],
  ...over,
});

// A 5-working-day clock started 2026-11-02 (Monday): due 2026-11-09 without suspensions. A
// suspension from 11-04 to 11-11 (补正) keeps 5 working days (11-05, 06, 09, 10, 11) off the
// clock, so the deadline moves to 2026-11-16; the unit reports on 11-13: on time net of the
// suspension, four days late without it.
const suspendedClock: Clock = {
  unit: 'working_days',
  budget: 5,
  startedAt: '2026-11-02T02:00:00.000Z',
  suspensions: [{ id: 's1', reason: '等待企业补正', legalBasis: '一次性告知', by: 'officer', from: '2026-11-04T02:00:00.000Z', to: '2026-11-11T02:00:00.000Z' }],
  extensions: [],
};
const netDue = deadlineOf(suspendedClock, calendar).dueOn!;
const grossDue = deadlineOf({ ...suspendedClock, suspensions: [] }, calendar).dueOn!;

test('the constructed clock: the suspension moves the deadline from 11-09 to 11-16', () => {
  expect(grossDue).toBe('2026-11-09');
  expect(netDue).toBe('2026-11-16');
});

const rowsU1: AssignmentFacts[] = [
  // Signed on time, done on time.
  row({ itemId: 'a', unitId: 'u1', signedOn: '2026-11-03', dueOn: '2026-11-09', doneOn: '2026-11-06' }),
  // Signed late, done late, one approved extension.
  row({ itemId: 'b', unitId: 'u1', signedOn: '2026-11-05', dueOn: '2026-11-12', doneOn: '2026-11-13', extensionsApprovedOn: ['2026-11-10'] }),
  // Never signed, open past its deadline: overdue.
  row({ itemId: 'c', unitId: 'u1', dueOn: '2026-11-20' }),
  // Done within the deadline net of its suspension (late without it).
  row({ itemId: 'd', unitId: 'u1', signedOn: '2026-11-02', dueOn: netDue, doneOn: '2026-11-13' }),
  // Assigned on the 27th: sign deadline today, deadline ahead: neither sign-due nor due yet.
  row({ itemId: 'e', unitId: 'u1', assignedOn: '2026-11-27', signDueOn: '2026-11-30', dueOn: '2026-12-04' }),
  // The clock is suspended now (no deadline): not due, however long it has been open.
  row({ itemId: 'f', unitId: 'u1', signedOn: '2026-11-03', dueOn: null }),
  // Signed and done after asOf: as of asOf, neither happened; past its deadline, so overdue.
  row({ itemId: 'g', unitId: 'u1', signedOn: '2026-12-01', dueOn: '2026-11-25', doneOn: '2026-12-02' }),
];
// U2 co-organises a and b: no sign; its own sub-deadlines.
const rowsU2: AssignmentFacts[] = [
  row({ itemId: 'a', unitId: 'u2', role: 'co', signDueOn: null, dueOn: '2026-11-05', doneOn: '2026-11-05' }),
  row({ itemId: 'b', unitId: 'u2', role: 'co', signDueOn: null, dueOn: '2026-11-10', doneOn: '2026-11-09' }),
];

test('each rate is its numerator over its denominator, net of suspensions and as of the day', () => {
  const f = figuresOf(U1, rowsU1, asOf, null);
  expect(f.assigned).toBe(7);
  // Sign-due: a, b, d, f (signed), c (deadline 11-03 passed), g (signed after asOf, deadline passed); e's is today.
  // On time: a, d, f.
  expect(f.signOnTime).toEqual({ numerator: 3, denominator: 6, rate: 0.5 });
  // Done by asOf: a, b, d.
  expect(f.completion).toEqual({ numerator: 3, denominator: 7, rate: 0.4286 });
  // Due: a, b, d (done), c and g (past the deadline). On time: a, d.
  expect(f.onTime).toEqual({ numerator: 2, denominator: 5, rate: 0.4 });
  expect(f.overdue).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
  expect(f.extensions).toBe(1);
  expect(f.satisfaction).toBeNull();
});

test('without the suspension the same report would be late: the suspension is what makes it on time', () => {
  const gross = rowsU1.map((r) => (r.itemId === 'd' ? { ...r, dueOn: grossDue } : r));
  expect(figuresOf(U1, gross, asOf, null).onTime).toEqual({ numerator: 1, denominator: 5, rate: 0.2 });
});

test('co-organisers are counted by their own report against their sub-deadline, and never for signing', () => {
  const f = figuresOf(U2, rowsU2, asOf, null);
  expect(f.signOnTime).toEqual({ numerator: 0, denominator: 0, rate: null });
  expect(f.completion).toEqual({ numerator: 2, denominator: 2, rate: 1 });
  expect(f.onTime).toEqual({ numerator: 2, denominator: 2, rate: 1 });
  expect(f.overdue).toEqual({ numerator: 0, denominator: 2, rate: 0 });
});

test('units are ranked by on-time rate, units with nothing due are not ranked, and the lists follow', () => {
  const order = new Map([
    ['u1', 1],
    ['u2', 2],
    ['u3', 3],
  ]);
  const ranked = rankUnits([figuresOf(U1, rowsU1, asOf, null), figuresOf(U2, rowsU2, asOf, null), figuresOf(U3, [], asOf, null)], order);
  expect(ranked.map((f) => [f.unitId, f.rank])).toEqual([
    ['u2', 1],
    ['u1', 2],
    ['u3', null],
  ]);
  const lists = honourLists(ranked, { redListSize: 3, blackListSize: 3 });
  expect(lists.red.map((f) => f.unitId)).toEqual(['u2']);
  expect(lists.black.map((f) => f.unitId)).toEqual(['u1']);
});

test('a unit still sitting on an overdue item from an earlier period is named on the black list, never praised on the red', () => {
  // October's items of U2 (otherwise the best of November) and U3 (nothing in November at all).
  const earlier = [
    // Open and 20 working days past its deadline: carried over.
    row({ itemId: 'old-1', unitId: 'u2', assignedOn: '2026-10-08', dueOn: '2026-10-30' }),
    // Done after asOf: still open as of asOf.
    row({ itemId: 'old-2', unitId: 'u2', assignedOn: '2026-10-12', dueOn: '2026-10-28', doneOn: '2026-12-03' }),
    // Done in November, late: done by asOf, not carried.
    row({ itemId: 'old-3', unitId: 'u2', assignedOn: '2026-10-12', dueOn: '2026-10-28', doneOn: '2026-11-05' }),
    // Open, deadline still ahead at asOf: not overdue.
    row({ itemId: 'old-4', unitId: 'u3', assignedOn: '2026-10-20', dueOn: '2026-12-10' }),
    row({ itemId: 'old-5', unitId: 'u3', role: 'co', assignedOn: '2026-10-20', dueOn: '2026-11-20' }),
  ];
  const of = (u: UnitRef, rows: AssignmentFacts[]) => figuresOf(u, rows, asOf, null, earlier.filter((r) => r.unitId === u.id));
  const figures = [of(U1, rowsU1), of(U2, rowsU2), of(U3, [])];
  expect(figures.map((f) => [f.unitId, f.carriedOverdue])).toEqual([
    ['u1', 0],
    ['u2', 2],
    ['u3', 1],
  ]);
  const ranked = rankUnits(figures, new Map([['u1', 1], ['u2', 2], ['u3', 3]]));
  // The period's ranking is unchanged; the lists are not.
  expect(ranked.map((f) => [f.unitId, f.rank])).toEqual([
    ['u2', 1],
    ['u1', 2],
    ['u3', null],
  ]);
  const lists = honourLists(ranked, { redListSize: 3, blackListSize: 3 });
  expect(lists.red).toEqual([]);
  // u1: 3 overdue in November; u2: 0 + 2 carried; u3 (unranked): 1 carried.
  expect(lists.black.map((f) => f.unitId)).toEqual(['u1', 'u2', 'u3']);
});

test('equal figures share a rank', () => {
  const same = (id: string) => figuresOf(unit(id, 'town', 0), [row({ itemId: id, unitId: id, signedOn: '2026-11-03', dueOn: '2026-11-09', doneOn: '2026-11-09' })], asOf, null);
  const ranked = rankUnits([same('x'), same('y'), figuresOf(U1, rowsU1, asOf, null)], new Map([['x', 1], ['y', 2], ['u1', 3]]));
  expect(ranked.map((f) => f.rank)).toEqual([1, 1, 3]);
});

test('满意率 is null until ratings exist, and counts 4–5 as satisfied once they do', () => {
  expect(satisfactionOf(undefined)).toBeNull();
  expect(satisfactionOf([{ score: 5 }, { score: 4 }, { score: 2 }])).toEqual(ratio(2, 3));
  expect(satisfactionOf([])).toEqual({ numerator: 0, denominator: 0, rate: null });
});
