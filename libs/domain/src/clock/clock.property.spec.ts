import fc from 'fast-check';
import { addCalendarDays, chineseWorkingDayCalendar, compareDates, dayNumber, fromDayNumber, LocalDate } from '../calendar';
import { ClockEvent } from './clock-events';
import { evaluateClock } from './evaluate-clock';

const calendar = chineseWorkingDayCalendar();

/** Steps after the start: a closed pause, a pause ended by a 补正 reset, a bare reset. */
type Step =
  | { kind: 'pause-resume'; gap: number; length: number }
  | { kind: 'pause-reset'; gap: number; length: number }
  | { kind: 'reset'; gap: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('pause-resume' as const), gap: fc.nat(15), length: fc.nat(20) }),
  fc.record({ kind: fc.constant('pause-reset' as const), gap: fc.nat(15), length: fc.nat(20) }),
  fc.record({ kind: fc.constant('reset' as const), gap: fc.nat(15) }),
);

const startArb = fc.integer({ min: dayNumber('2018-06-01'), max: dayNumber('2026-06-01') }).map(fromDayNumber);

/** The events of each step kept apart, so a test can drop one step's pause and keep every other day. */
function buildSteps(start: LocalDate, steps: readonly Step[]): ClockEvent[][] {
  const blocks: ClockEvent[][] = [[{ type: 'start', on: start }]];
  let day = start;
  for (const step of steps) {
    day = addCalendarDays(day, step.gap);
    if (step.kind === 'reset') {
      blocks.push([{ type: 'reset', on: day }]);
      continue;
    }
    const pauseOn = day;
    day = addCalendarDays(day, step.length);
    blocks.push([
      { type: 'pause', on: pauseOn },
      { type: step.kind === 'pause-resume' ? 'resume' : 'reset', on: day },
    ]);
  }
  return blocks;
}

function build(start: LocalDate, steps: readonly Step[]): ClockEvent[] {
  return buildSteps(start, steps).flat();
}

const dueOf = (events: ClockEvent[], limitDays: number) =>
  evaluateClock({ events, limitDays, calendar }).due as LocalDate;

describe('clock laws (properties)', () => {
  it('a pause never shortens a due date', () => {
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 30 }), (start, steps, pick, n) => {
        const blocks = buildSteps(start, steps);
        const index = 1 + (pick % steps.length);
        // Without that step's pause: a closed pause disappears, a pause ended by a reset leaves the reset.
        const reduced = blocks.flatMap((block, i) => (i === index ? block.filter((e) => e.type === 'reset') : block));
        expect(compareDates(dueOf(blocks.flat(), n), dueOf(reduced, n))).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('a reset never makes a case due earlier than a fresh acceptance on the reset day, and equals it', () => {
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 30 }), (start, steps, n) => {
        const events = build(start, steps);
        const lastReset = events.map((e) => e.type).lastIndexOf('reset');
        if (lastReset < 0) return;
        const resetDay = events[lastReset].on;
        const due = dueOf(events, n);
        expect(compareDates(due, calendar.addWorkingDays(resetDay, n))).toBeGreaterThanOrEqual(0);
        const fresh: ClockEvent[] = [{ type: 'start', on: resetDay }, ...events.slice(lastReset + 1)];
        expect(due).toBe(dueOf(fresh, n));
      }),
    );
  });

  it('has exactly N counted days on the due date, a working day, and N − 1 the day before', () => {
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { maxLength: 6 }), fc.integer({ min: 1, max: 30 }), (start, steps, n) => {
        const events = build(start, steps);
        const due = dueOf(events, n);
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(evaluateClock({ events, limitDays: n, calendar, today: due }).countedDays).toBe(n);
        const dayBefore = addCalendarDays(due, -1);
        if (compareDates(dayBefore, events[events.length - 1].on) >= 0) {
          expect(evaluateClock({ events, limitDays: n, calendar, today: dayBefore }).countedDays).toBe(n - 1);
        }
      }),
    );
  });

  it('counted days and the warning level never go back as days pass', () => {
    const rank = { green: 0, yellow: 1, red: 2 } as const;
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { maxLength: 4 }), fc.integer({ min: 0, max: 20 }), fc.nat(60), (start, steps, n, span) => {
        const events = build(start, steps);
        const first = events[events.length - 1].on;
        let previous = evaluateClock({ events, limitDays: n, calendar, today: first });
        for (let i = 1; i <= span; i++) {
          const next = evaluateClock({ events, limitDays: n, calendar, today: addCalendarDays(first, i) });
          expect(next.countedDays).toBeGreaterThanOrEqual(previous.countedDays);
          expect(rank[next.level]).toBeGreaterThanOrEqual(rank[previous.level]);
          expect(next.escalationLevel).toBeGreaterThanOrEqual(previous.escalationLevel);
          previous = next;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('is on time exactly when stopped on or before the due date', () => {
    fc.assert(
      fc.property(startArb, fc.array(stepArb, { maxLength: 4 }), fc.integer({ min: 0, max: 20 }), fc.nat(40), (start, steps, n, after) => {
        const events = build(start, steps);
        const stopOn = addCalendarDays(events[events.length - 1].on, after);
        const due = dueOf(events, n);
        const status = evaluateClock({ events: [...events, { type: 'stop', on: stopOn }], limitDays: n, calendar });
        expect(status.due).toBe(due);
        expect(status.onTime).toBe(compareDates(stopOn, due) <= 0);
      }),
    );
  });
});
