import {
  CalendarOverride,
  chineseWorkingDayCalendar,
  ClockEvent,
  DomainError,
  evaluateClock,
  isLocalDate,
  WorkingDayCalendar,
} from '@app/domain';
import { CliInputError, JsonObject } from './cli-input';

const EVENT_TYPES = ['pause', 'resume', 'reset'];

function date(value: unknown, field: string): string {
  if (!isLocalDate(value)) {
    throw CliInputError.of(field, `must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`);
  }
  return value;
}

function readEvents(value: unknown): ClockEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw CliInputError.of('events', 'must be an array of {"type","on"}');
  return value.map((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw CliInputError.of(`events[${i}]`, 'must be an object {"type","on"}');
    }
    const { type, on } = raw as JsonObject;
    if (typeof type !== 'string' || !EVENT_TYPES.includes(type)) {
      throw CliInputError.of(
        `events[${i}].type`,
        `must be one of ${EVENT_TYPES.join(', ')} (acceptance is acceptedOn, the stop is stoppedOn), got ${JSON.stringify(type)}`,
      );
    }
    return { type: type as ClockEvent['type'], on: date(on, `events[${i}].on`) };
  });
}

function readCalendar(value: unknown): WorkingDayCalendar {
  const base = chineseWorkingDayCalendar();
  if (value === undefined || value === null) return base;
  if (!Array.isArray(value)) throw CliInputError.of('overrides', 'must be an array of {"date","kind"}');
  const overrides = value.map((raw: unknown, i): CalendarOverride => {
    const { date: on, kind } = (raw ?? {}) as JsonObject;
    if (kind !== 'holiday' && kind !== 'workday') {
      throw CliInputError.of(`overrides[${i}].kind`, `must be 'holiday' or 'workday', got ${JSON.stringify(kind)}`);
    }
    return { date: date(on, `overrides[${i}].date`), kind };
  });
  try {
    return base.withOverrides(overrides);
  } catch (e) {
    throw CliInputError.of('overrides', (e as Error).message);
  }
}

/**
 * `deadline`: {"acceptedOn","workingDays","events"?,"stoppedOn"?,"today"?,"overrides"?} →
 * {"due","onTime","countedDays"}. `due` is null while a pause is open; `onTime` is null until stopped;
 * `countedDays` runs to stoppedOn, else to today when given, else to the due date (or the open pause).
 */
export function runDeadline(input: JsonObject): unknown {
  const acceptedOn = date(input.acceptedOn, 'acceptedOn');
  const { workingDays } = input;
  if (!Number.isSafeInteger(workingDays) || (workingDays as number) < 0) {
    throw CliInputError.of('workingDays', `must be a non-negative integer, got ${JSON.stringify(workingDays)}`);
  }
  const events = readEvents(input.events);
  const stopped = input.stoppedOn !== undefined && input.stoppedOn !== null;
  const stoppedOn = stopped ? date(input.stoppedOn, 'stoppedOn') : null;
  const today = input.today === undefined || input.today === null ? undefined : date(input.today, 'today');
  const calendar = readCalendar(input.overrides);

  const clockEvents: ClockEvent[] = [{ type: 'start', on: acceptedOn }, ...events];
  if (stoppedOn !== null) clockEvents.push({ type: 'stop', on: stoppedOn });
  // The clock numbers the start as event 0; the CLI's own names are acceptedOn, events[i] and stoppedOn.
  const rename = (field: string) =>
    field.replace(/^events\[(\d+)\](\.on|\.type)?/, (_all, index: string, part: string | undefined) => {
      const i = Number(index);
      if (i === 0) return 'acceptedOn';
      if (i === clockEvents.length - 1 && stoppedOn !== null) return 'stoppedOn';
      return `events[${i - 1}]${part ?? ''}`;
    });

  try {
    const status = evaluateClock({ events: clockEvents, limitDays: workingDays as number, calendar, today });
    return { due: status.due, onTime: status.onTime, countedDays: status.countedDays };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'validation') throw CliInputError.fromDomain(e, rename);
    throw e;
  }
}
