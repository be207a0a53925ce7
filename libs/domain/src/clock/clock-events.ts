import { dayNumber, isLocalDate, LocalDate } from '../calendar';
import { DomainError } from '../workflow/domain-error';

/**
 * What happens to a case's clock (承诺时限) or to one stage's clock, in the order it happened:
 * - `start`  acceptance (受理) on day d0: the day after is the first that can count;
 * - `pause`  suspension (专家评审, 公示, …) from day p: p itself still counts;
 * - `resume` end of the suspension on day r: counting resumes on the day after r;
 * - `reset`  补正 materials arrived on day x: counting restarts as if accepted on x;
 * - `stop`   办结 on day s.
 */
export const CLOCK_EVENT_TYPES = ['start', 'pause', 'resume', 'reset', 'stop'] as const;
export type ClockEventType = (typeof CLOCK_EVENT_TYPES)[number];

export interface ClockEvent {
  type: ClockEventType;
  on: LocalDate;
}

/** The events folded into day numbers: counting runs over `segments`, each (from, to]. */
export interface ClockTimeline {
  state: 'not-started' | 'running' | 'paused' | 'stopped';
  /** d0, or the last reset day. */
  origin: number;
  /** Counting spans (from, to] in order; `to` is Infinity for the open-ended last one. */
  segments: Array<{ from: number; to: number }>;
  /** Set while a pause is open (and the clock is not stopped). */
  openPauseFrom: number | null;
  stoppedOn: number | null;
}

/**
 * Checks the order of the events and folds them. A stop during a pause ends the pause on the stop day;
 * a reset during a pause ends it too (the 补正 materials arrived, counting starts afresh).
 */
export function foldClockEvents(events: readonly ClockEvent[]): ClockTimeline {
  const invalid = (i: number, message: string, part = ''): DomainError =>
    DomainError.invalid([{ field: `events[${i}]${part}`, message }]);

  if (events.length === 0) {
    return { state: 'not-started', origin: NaN, segments: [], openPauseFrom: null, stoppedOn: null };
  }

  let state: ClockTimeline['state'] = 'not-started';
  let origin = NaN;
  let segmentFrom = NaN;
  let pausedFrom = NaN;
  let previous = -Infinity;
  let stoppedOn: number | null = null;
  let segments: ClockTimeline['segments'] = [];

  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event === null || typeof event !== 'object') throw invalid(i, 'must be an object { type, on }');
    if (!(CLOCK_EVENT_TYPES as readonly string[]).includes(event.type)) {
      throw invalid(i, `unknown clock event type ${JSON.stringify(event.type)} (expected ${CLOCK_EVENT_TYPES.join(', ')})`, '.type');
    }
    if (!isLocalDate(event.on)) throw invalid(i, `must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(event.on)}`, '.on');
    const day = dayNumber(event.on);
    if (day < previous) throw invalid(i, `${event.type} on ${event.on} is earlier than the event before it`, '.on');
    previous = day;

    if (state === 'not-started' && event.type !== 'start') throw invalid(i, `${event.type} before the clock was started`);
    if (state === 'stopped') throw invalid(i, `${event.type} after the clock was stopped`);

    switch (event.type) {
      case 'start':
        if (state !== 'not-started') throw invalid(i, 'the clock was already started');
        origin = segmentFrom = day;
        state = 'running';
        break;
      case 'pause':
        if (state === 'paused') throw invalid(i, 'pause while already paused');
        segments.push({ from: segmentFrom, to: day });
        pausedFrom = day;
        state = 'paused';
        break;
      case 'resume':
        if (state !== 'paused') throw invalid(i, 'resume without a pause');
        segmentFrom = day;
        state = 'running';
        break;
      case 'reset':
        segments = [];
        origin = segmentFrom = day;
        state = 'running';
        break;
      case 'stop':
        if (state === 'paused') segmentFrom = day;
        stoppedOn = day;
        state = 'stopped';
        break;
    }
  }

  const open = state === 'paused';
  // Past a stop nothing is counted any more, but the due date is still found as if the clock ran on.
  if (!open) segments.push({ from: segmentFrom, to: Infinity });
  return { state, origin, segments, openPauseFrom: open ? pausedFrom : null, stoppedOn };
}
