import { WorkingCalendar } from '../../../domain/calendar/working-calendar';
import { shanghaiDayStart } from '../../../domain/calendar/local-date';
import { chineseDaysCalendar } from '../../../domain/calendar/chinese-days-seed';
import { type Clock, type Suspension, resume, startClock, suspend } from '../../../domain/supervision/clock';
import {
  type EscalationPolicy,
  type ScheduledStep,
  colourAt,
  defaultEscalationPolicy,
  escalationSchedule,
  nextStep,
  yellowFrom,
} from '../../../domain/supervision/escalation';

const calendar = WorkingCalendar.from(chineseDaysCalendar());
const policy = defaultEscalationPolicy;

function at(localDateTime: string): string {
  return `${localDateTime}+08:00`;
}

function instant(localDateTime: string): Date {
  return new Date(at(localDateTime));
}

/** 00:00 +08:00 of a China date, as the ISO string the functions return. */
function startOf(date: string): string {
  return shanghaiDayStart(date).toISOString();
}

function plusMs(iso: string, ms: number): Date {
  return new Date(Date.parse(iso) + ms);
}

function suspension(id: string, from: string): Omit<Suspension, 'to'> {
  return { id, reason: '等待企业补正材料', legalBasis: '《行政许可法》第三十二条', by: 'officer-1', from: at(from) };
}

function mondayClock(budget: number): Clock {
  return startClock('working_days', budget, at('2026-03-02T09:00:00'));
}

describe('yellowFrom', () => {
  it('turns yellow by share used: 16 of 20 days (80 %) comes before 3 days left', () => {
    expect(yellowFrom(mondayClock(20), policy, calendar)).toBe(startOf(calendar.addWorkingDays('2026-03-02', 16).date));
  });

  it('turns yellow by days left: 3 left after 7 of 10 comes before 80 % used', () => {
    expect(yellowFrom(mondayClock(10), policy, calendar)).toBe(startOf('2026-03-11'));
  });

  it('compares the share exactly, so 70 % of 10 days is reached on the 7th day', () => {
    const exactShare: EscalationPolicy = { ...policy, warning: { yellowAtShareUsed: 0.7, yellowAtDaysLeft: 0 } };
    expect(yellowFrom(mondayClock(10), exactShare, calendar)).toBe(startOf('2026-03-11'));
  });

  it('is the start of a working day, skipping the Spring Festival holidays', () => {
    // 7 days from Thursday 02-12: the 4th working day is 02-25 (02-13, make-up 02-14, 02-24, 02-25).
    const clock = startClock('working_days', 7, at('2026-02-12T10:00:00'));
    expect(yellowFrom(clock, policy, calendar)).toBe(startOf('2026-02-25'));
  });

  it('is pushed back by the working days of a suspension before it', () => {
    const clock = resume(suspend(mondayClock(15), suspension('s1', '2026-03-05T10:00:00')), 's1', at('2026-03-11T16:00:00'));
    expect(yellowFrom(mondayClock(15), policy, calendar)).toBe(startOf('2026-03-18'));
    expect(yellowFrom(clock, policy, calendar)).toBe(startOf('2026-03-24'));
  });

  it('is the assignment instant when the budget is within the warning from the outset', () => {
    expect(yellowFrom(mondayClock(3), policy, calendar)).toBe(new Date(at('2026-03-02T09:00:00')).toISOString());
  });

  it('is an exact instant for an hour budget: 80 % of 24 hours is 19 h 12 min', () => {
    expect(yellowFrom(startClock('hours', 24, at('2026-05-01T18:00:00')), policy, calendar)).toBe(new Date(at('2026-05-02T13:12:00')).toISOString());
  });

  it('is null while the clock is stopped', () => {
    expect(yellowFrom(suspend(mondayClock(15), suspension('s1', '2026-03-05T10:00:00')), policy, calendar)).toBeNull();
  });
});

describe('colourAt', () => {
  const clock = mondayClock(15); // yellow from 03-18, due 03-23

  it('is green until yellowFrom, yellow from then until the deadline, red from dueAt', () => {
    const yellow = yellowFrom(clock, policy, calendar)!;
    const dueAt = new Date(at('2026-03-24T00:00:00')).toISOString();
    expect(colourAt(clock, policy, calendar, instant('2026-03-02T09:00:00'))).toBe('green');
    expect(colourAt(clock, policy, calendar, plusMs(yellow, -1))).toBe('green');
    expect(colourAt(clock, policy, calendar, new Date(yellow))).toBe('yellow');
    expect(colourAt(clock, policy, calendar, plusMs(dueAt, -1))).toBe('yellow');
    expect(colourAt(clock, policy, calendar, new Date(dueAt))).toBe('red');
    expect(colourAt(clock, policy, calendar, instant('2026-06-01T09:00:00'))).toBe('red');
  });

  it('turns red at the end of the make-up Saturday deadline after Spring Festival', () => {
    const festival = startClock('working_days', 7, at('2026-02-12T10:00:00'));
    expect(colourAt(festival, policy, calendar, instant('2026-02-28T23:59:59'))).toBe('yellow');
    expect(colourAt(festival, policy, calendar, instant('2026-03-01T00:00:00'))).toBe('red');
  });

  it('keeps the colour the item had when its clock was stopped', () => {
    const stoppedGreen = suspend(clock, suspension('s1', '2026-03-05T10:00:00'));
    expect(colourAt(stoppedGreen, policy, calendar, instant('2026-05-01T09:00:00'))).toBe('green');
    const stoppedYellow = suspend(clock, suspension('s1', '2026-03-19T10:00:00'));
    expect(colourAt(stoppedYellow, policy, calendar, instant('2026-05-01T09:00:00'))).toBe('yellow');
    const stoppedRed = suspend(clock, suspension('s1', '2026-03-25T10:00:00'));
    expect(colourAt(stoppedRed, policy, calendar, instant('2026-05-01T09:00:00'))).toBe('red');
  });

  it('turns red at the deadline instant of an hour budget', () => {
    const urgent = startClock('hours', 24, at('2026-05-01T18:00:00'));
    expect(colourAt(urgent, policy, calendar, instant('2026-05-02T17:59:59'))).toBe('yellow');
    expect(colourAt(urgent, policy, calendar, instant('2026-05-02T18:00:00'))).toBe('red');
  });
});

describe('escalationSchedule', () => {
  const leadLiaison = { role: 'liaison', unit: 'lead' };
  const leadUnitLeader = { role: 'unit_leader', unit: 'lead' };
  const commissionOfficer = { role: 'commission_officer', unit: 'commission' };
  const commissionHead = { role: 'commission_head', unit: 'commission' };
  const districtLeader = { role: 'district_leader', unit: 'commission' };

  it('lays out the default ladder for the Spring Festival item: 催办 on Monday after the make-up Saturday deadline', () => {
    const clock = startClock('working_days', 7, at('2026-02-12T10:00:00'));
    const schedule = escalationSchedule(clock, policy, calendar);
    expect(schedule.map(({ key, label, fireAt, notify }) => ({ key, label, fireAt, notify }))).toEqual([
      { key: 'remind_liaison', label: '提醒联络员', fireAt: startOf('2026-02-25'), notify: [leadLiaison] },
      { key: 'urge', label: '催办通知', fireAt: startOf('2026-03-02'), notify: [leadLiaison, leadUnitLeader] },
      { key: 'supervise', label: '督办单', fireAt: startOf('2026-03-04'), notify: [leadLiaison, leadUnitLeader, commissionOfficer] },
      { key: 'flag', label: '挂牌督办', fireAt: startOf('2026-03-06'), notify: [leadLiaison, leadUnitLeader, commissionOfficer, commissionHead] },
      {
        key: 'bulletin',
        label: '通报批评',
        // More than 5 working days after the 催办 of 03-02: 03-03 … 03-09 are five, so 03-10.
        fireAt: startOf('2026-03-10'),
        notify: [leadLiaison, leadUnitLeader, commissionOfficer, commissionHead, districtLeader],
      },
    ]);
  });

  it('skips National Day: due 09-30, 催办 on 10-08 and 督办单 on the make-up Saturday 10-10', () => {
    const clock = startClock('working_days', 4, at('2026-09-23T09:00:00'));
    const fireAt = Object.fromEntries(escalationSchedule(clock, policy, calendar).map((step) => [step.key, step.fireAt]));
    expect(fireAt.urge).toBe(startOf('2026-10-08'));
    expect(fireAt.supervise).toBe(startOf('2026-10-10'));
  });

  it('fires "due + 0" at dueAt and "yellow + N" at the start of the N-th working day after the yellow day', () => {
    const custom: EscalationPolicy = {
      warning: policy.warning,
      ladder: [
        { key: 'urge', label: '催办通知', trigger: { after: 'due', workingDays: 0 }, notify: [] },
        { key: 'remind_liaison', label: '提醒联络员', trigger: { after: 'yellow', workingDays: 2 }, notify: [] },
      ],
    };
    // Yellow from Wednesday 03-18, due Monday 03-23 (dueAt = 03-24 00:00).
    expect(escalationSchedule(mondayClock(15), custom, calendar).map((step) => [step.key, step.fireAt])).toEqual([
      ['remind_liaison', startOf('2026-03-20')],
      ['urge', startOf('2026-03-24')],
    ]);
  });

  it('keeps ladder order for steps due at the same instant', () => {
    const tied: EscalationPolicy = {
      warning: policy.warning,
      ladder: [
        { key: 'flag', label: '挂牌督办', trigger: { after: 'due', workingDays: 1 }, notify: [] },
        { key: 'urge', label: '催办通知', trigger: { after: 'due', workingDays: 1 }, notify: [] },
      ],
    };
    expect(escalationSchedule(mondayClock(15), tied, calendar).map((step) => step.key)).toEqual(['flag', 'urge']);
  });

  it('follows the deadline when a suspension moves it', () => {
    const clock = resume(suspend(mondayClock(15), suspension('s1', '2026-03-05T10:00:00')), 's1', at('2026-03-11T16:00:00'));
    const urge = escalationSchedule(clock, policy, calendar).find((step) => step.key === 'urge');
    expect(urge?.fireAt).toBe(startOf('2026-03-30')); // due Friday 03-27
  });

  it('is empty while the clock is stopped', () => {
    expect(escalationSchedule(suspend(mondayClock(15), suspension('s1', '2026-03-05T10:00:00')), policy, calendar)).toEqual([]);
  });

  it('counts ladder days after an hour budget in working days from its due date', () => {
    // Due Saturday 05-02 18:00 during the Labour Day holidays (05-01..05-05): 催办 on Wednesday 05-06.
    const urgent = startClock('hours', 24, at('2026-05-01T18:00:00'));
    expect(escalationSchedule(urgent, policy, calendar).find((step) => step.key === 'urge')?.fireAt).toBe(startOf('2026-05-06'));
  });
});

describe('nextStep', () => {
  const schedule: ScheduledStep[] = escalationSchedule(mondayClock(15), policy, calendar);

  it('is the first step not yet fired, not yet due before its instant', () => {
    expect(nextStep(schedule, [], instant('2026-03-10T09:00:00'))).toEqual({ step: schedule[0], dueNow: false });
  });

  it('is due from its instant on', () => {
    expect(nextStep(schedule, ['remind_liaison'], new Date(schedule[1]!.fireAt))).toEqual({ step: schedule[1], dueNow: true });
  });

  it('skips steps already fired, in any order', () => {
    expect(nextStep(schedule, ['urge', 'remind_liaison', 'supervise'], instant('2026-03-10T09:00:00'))?.step.key).toBe('flag');
  });

  it('is null once every step has fired', () => {
    expect(nextStep(schedule, ['remind_liaison', 'urge', 'supervise', 'flag', 'bulletin'], instant('2026-12-01T09:00:00'))).toBeNull();
  });
});

describe('defaultEscalationPolicy', () => {
  it('is data that cannot be changed by accident', () => {
    expect(Object.isFrozen(defaultEscalationPolicy.ladder)).toBe(true);
    expect(() => {
      (defaultEscalationPolicy.warning as { yellowAtDaysLeft: number }).yellowAtDaysLeft = 10;
    }).toThrow(TypeError);
  });

  it('triggers the steps at yellow + 0 and due + 1, 3, 5 and 7 working days (通报批评: more than 5 after the 催办)', () => {
    expect(defaultEscalationPolicy.ladder.map((step) => [step.key, step.trigger.after, step.trigger.workingDays])).toEqual([
      ['remind_liaison', 'yellow', 0],
      ['urge', 'due', 1],
      ['supervise', 'due', 3],
      ['flag', 'due', 5],
      ['bulletin', 'due', 7],
    ]);
  });
});
