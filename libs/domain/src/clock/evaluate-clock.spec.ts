import { chineseWorkingDayCalendar } from '../calendar';
import { DomainError } from '../workflow/domain-error';
import { clockAlarms } from './clock-alarms';
import { ClockEvent } from './clock-events';
import { evaluateClock } from './evaluate-clock';

const calendar = chineseWorkingDayCalendar();
const start = (on: string): ClockEvent => ({ type: 'start', on });
const pause = (on: string): ClockEvent => ({ type: 'pause', on });
const resume = (on: string): ClockEvent => ({ type: 'resume', on });
const reset = (on: string): ClockEvent => ({ type: 'reset', on });
const stop = (on: string): ClockEvent => ({ type: 'stop', on });

describe('evaluateClock: the worked example across the 2019 National Day', () => {
  it('accepted Friday 2019-09-27, limit 5 → due 2019-10-10', () => {
    const status = evaluateClock({ events: [start('2019-09-27')], limitDays: 5, calendar });
    expect(status).toMatchObject({ state: 'running', due: '2019-10-10', countedDays: 5, remainingDays: 0, onTime: null });
  });

  it('stopped on 10-11 is late with 6 counted days (the CLI example)', () => {
    const status = evaluateClock({ events: [start('2019-09-27'), stop('2019-10-11')], limitDays: 5, calendar });
    expect(status).toMatchObject({ state: 'stopped', due: '2019-10-10', countedDays: 6, onTime: false, level: 'red' });
    expect(status.overdueWorkingDays).toBe(1);
    expect(status.escalationLevel).toBe(1);
  });

  it('stopped on the due date is on time; a stop on the weekend after a Thursday due date is late', () => {
    expect(evaluateClock({ events: [start('2019-09-27'), stop('2019-10-10')], limitDays: 5, calendar }).onTime).toBe(true);
    const weekend = evaluateClock({ events: [start('2019-09-30'), stop('2019-10-13')], limitDays: 3, calendar });
    expect(weekend.due).toBe('2019-10-10');
    expect(weekend.countedDays).toBe(5); // 10-12 is a make-up Saturday
    expect(weekend.onTime).toBe(false);
  });

  it('counts day by day with today: green, yellow from the last day, red after, escalation every 5 days', () => {
    const at = (today: string) => evaluateClock({ events: [start('2019-09-27')], limitDays: 5, calendar, today });
    expect(at('2019-09-27')).toMatchObject({ countedDays: 0, remainingDays: 5, level: 'green', yellowFrom: '2019-10-09' });
    expect(at('2019-10-07')).toMatchObject({ countedDays: 2, remainingDays: 3, level: 'green' });
    expect(at('2019-10-09')).toMatchObject({ countedDays: 4, remainingDays: 1, level: 'yellow' });
    expect(at('2019-10-10')).toMatchObject({ countedDays: 5, remainingDays: 0, level: 'yellow', escalationLevel: 0 });
    expect(at('2019-10-11')).toMatchObject({ countedDays: 6, level: 'red', overdueWorkingDays: 1, escalationLevel: 1 });
    // overdue: 10-11 (1), Sat 10-12 make-up (2), 10-14 (3), 10-15 (4), 10-16 (5) … 10-23 (10)
    expect(at('2019-10-15')).toMatchObject({ overdueWorkingDays: 4, escalationLevel: 1 });
    expect(at('2019-10-16')).toMatchObject({ overdueWorkingDays: 5, escalationLevel: 2 });
    expect(at('2019-10-22')).toMatchObject({ overdueWorkingDays: 9, escalationLevel: 2 });
    expect(at('2019-10-23')).toMatchObject({ overdueWorkingDays: 10, escalationLevel: 3 });
    expect(at('2019-12-31')).toMatchObject({ escalationLevel: 3 });
  });

  it('yellow starts when the remaining days reach floor(N / 5): 15-day limit → 3 days', () => {
    const status = evaluateClock({ events: [start('2019-09-02')], limitDays: 15, calendar, today: '2019-09-17' });
    // 09-13 (中秋) is a holiday: counted 09-03..12 (8), 09-16, 09-17 → 10
    expect(status).toMatchObject({ countedDays: 10, remainingDays: 5, level: 'green', due: '2019-09-24' });
    expect(status.yellowFrom).toBe('2019-09-19');
  });

  it('arms alarms for yellow, red and escalations', () => {
    expect(clockAlarms({ events: [start('2019-09-27')], limitDays: 5, calendar })).toEqual([
      { kind: 'yellow', escalationLevel: 0, on: '2019-10-09' },
      { kind: 'red', escalationLevel: 1, on: '2019-10-11' },
      { kind: 'escalation', escalationLevel: 2, on: '2019-10-16' },
      { kind: 'escalation', escalationLevel: 3, on: '2019-10-23' },
    ]);
    expect(clockAlarms({ events: [start('2019-09-27'), pause('2019-09-30')], limitDays: 5, calendar })).toEqual([]);
    expect(clockAlarms({ events: [], limitDays: 5, calendar })).toEqual([]);
  });
});

describe('evaluateClock: pauses', () => {
  it('the pause day counts and counting resumes the day after the resume', () => {
    // Counted: 09-29 (1), 09-30 (2, pause day), paused through 10-09, 10-10 (3), 10-11 (4), 10-12 Sat make-up (5)
    const status = evaluateClock({
      events: [start('2019-09-27'), pause('2019-09-30'), resume('2019-10-09')],
      limitDays: 5,
      calendar,
    });
    expect(status.due).toBe('2019-10-12');
    expect(status.state).toBe('running');
  });

  it('has no due date while a pause is open, and counts through the pause day', () => {
    const status = evaluateClock({ events: [start('2019-09-27'), pause('2019-09-30')], limitDays: 5, calendar });
    expect(status).toMatchObject({ state: 'paused', due: null, countedDays: 2, remainingDays: 3, level: 'green' });
    const later = evaluateClock({
      events: [start('2019-09-27'), pause('2019-09-30')],
      limitDays: 5,
      calendar,
      today: '2019-11-30',
    });
    expect(later).toMatchObject({ due: null, countedDays: 2, level: 'green', escalationLevel: 0 });
  });

  it('a pause begun after the due date keeps the red, but the escalation waits', () => {
    const status = evaluateClock({
      events: [start('2019-09-27'), pause('2019-10-14')],
      limitDays: 5,
      calendar,
      today: '2019-11-30',
    });
    expect(status).toMatchObject({ due: null, level: 'red', countedDays: 8, overdueWorkingDays: 3, escalationLevel: 1 });
  });

  it('a same-day pause and resume changes nothing', () => {
    const status = evaluateClock({
      events: [start('2019-09-27'), pause('2019-10-08'), resume('2019-10-08')],
      limitDays: 5,
      calendar,
    });
    expect(status.due).toBe('2019-10-10');
  });

  it('a stop during a pause ends the pause: the stop is judged by the count so far', () => {
    const status = evaluateClock({
      events: [start('2019-09-27'), pause('2019-09-30'), stop('2019-10-25')],
      limitDays: 5,
      calendar,
    });
    expect(status).toMatchObject({ state: 'stopped', countedDays: 2, onTime: true, due: '2019-10-30' });
  });
});

describe('evaluateClock: reset (补正)', () => {
  it('restarts counting as if accepted on the reset day', () => {
    const status = evaluateClock({
      events: [start('2019-09-02'), pause('2019-09-04'), reset('2019-09-27')],
      limitDays: 5,
      calendar,
    });
    expect(status).toMatchObject({ state: 'running', countingFrom: '2019-09-27', due: '2019-10-10' });
  });

  it('counts from the reset in the CLI example shape', () => {
    const status = evaluateClock({
      events: [start('2019-09-20'), pause('2019-09-23'), resume('2019-09-24'), reset('2019-09-27'), stop('2019-10-11')],
      limitDays: 5,
      calendar,
    });
    expect(status).toMatchObject({ due: '2019-10-10', onTime: false, countedDays: 6 });
  });
});

describe('evaluateClock: the 2020 Spring Festival extension', () => {
  it('accepted Wednesday 2020-01-22, limit 5: nothing counts from 01-24 to 02-02', () => {
    const status = evaluateClock({ events: [start('2020-01-22')], limitDays: 5, calendar });
    expect(status.due).toBe('2020-02-06');
  });

  it('would have been due 02-04 under the original arrangement (01-31 worked, Sat 02-01 make-up)', () => {
    const original = calendar.withOverrides([
      { date: '2020-01-31', kind: 'workday' },
      { date: '2020-02-01', kind: 'workday' },
      { date: '2020-02-02', kind: 'holiday' },
    ]);
    expect(evaluateClock({ events: [start('2020-01-22')], limitDays: 5, calendar: original }).due).toBe('2020-02-04');
  });

  it('a 补正 arriving during the holiday restarts from that day: the first counted day is 02-03', () => {
    const status = evaluateClock({
      events: [start('2020-01-20'), pause('2020-01-21'), reset('2020-01-31')],
      limitDays: 15,
      calendar,
    });
    expect(status.due).toBe('2020-02-21');
  });
});

describe('evaluateClock: edge cases and errors', () => {
  it('is not started without events', () => {
    expect(evaluateClock({ events: [], limitDays: 5, calendar })).toMatchObject({
      state: 'not-started',
      due: null,
      countedDays: 0,
      remainingDays: null,
      level: 'green',
    });
  });

  it('a zero limit is due on the acceptance day (即办件)', () => {
    const status = evaluateClock({ events: [start('2019-09-27'), stop('2019-09-27')], limitDays: 0, calendar });
    expect(status).toMatchObject({ due: '2019-09-27', onTime: true, countedDays: 0 });
  });

  const invalid = (events: ClockEvent[]) => {
    try {
      evaluateClock({ events, limitDays: 5, calendar });
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      return (e as DomainError).fields[0];
    }
    throw new Error('expected an error');
  };

  it('names the event that breaks the order', () => {
    expect(invalid([start('2019-09-27'), resume('2019-09-30')])).toEqual({
      field: 'events[1]',
      message: 'resume without a pause',
    });
    expect(invalid([pause('2019-09-27')]).message).toBe('pause before the clock was started');
    expect(invalid([start('2019-09-27'), pause('2019-09-28'), pause('2019-09-29')]).field).toBe('events[2]');
    expect(invalid([start('2019-09-27'), start('2019-09-28')]).message).toBe('the clock was already started');
    expect(invalid([start('2019-09-27'), stop('2019-09-28'), reset('2019-09-29')]).message).toBe(
      'reset after the clock was stopped',
    );
    expect(invalid([start('2019-09-27'), pause('2019-09-26')]).field).toBe('events[1].on');
    expect(invalid([start('2019-09-31')]).field).toBe('events[0].on');
    expect(invalid([{ type: 'hold' as never, on: '2019-09-27' }]).field).toBe('events[0].type');
  });

  it('refuses a bad limit and a bad today', () => {
    expect(() => evaluateClock({ events: [start('2019-09-27')], limitDays: -1, calendar })).toThrow(DomainError);
    expect(() => evaluateClock({ events: [start('2019-09-27')], limitDays: 5, calendar, today: '2019-9-1' })).toThrow(
      RangeError,
    );
  });
});
