import { chineseDaysData, HolidayData } from './chinese-days-data';
import { civilFromDays, dayNumber, daysFromCivil, fromDayNumber, isoWeekday, LocalDate, parseLocalDate } from './local-date';

/**
 * An administrator's correction of the published calendar: a holiday announced at short notice (the 2020
 * Spring Festival extension) or a year the package does not know yet. An override wins over the data.
 */
export interface CalendarOverride {
  date: LocalDate;
  kind: 'holiday' | 'workday';
}

export interface WorkingDayCalendarOptions {
  overrides?: readonly CalendarOverride[];
  /** Defaults to the `chinese-days` package; tests can pass their own. */
  data?: HolidayData;
}

/** One year, precomputed so every question is an array lookup. */
interface YearTable {
  readonly year: number;
  readonly firstDay: number;
  /** workingBefore[i] = working days among the year's first i days; length = days in year + 1. */
  readonly workingBefore: Int32Array;
  /** The day numbers of the year's working days, ascending. */
  readonly workingDays: Int32Array;
}

/**
 * Working days in mainland China: Monday–Friday except statutory holidays, plus weekend make-up workdays
 * (调休). Immutable: an override makes a new calendar (`withOverrides`), so a cached due date can never
 * silently disagree with the calendar it came from. Years are built lazily and cached.
 */
export class WorkingDayCalendar {
  readonly overrides: readonly CalendarOverride[];
  private readonly data: HolidayData;
  private readonly overrideDays = new Map<number, boolean>();
  private readonly years = new Map<number, YearTable>();
  private readonly cumulativeByYear = new Map<number, number>();
  private lastTable: YearTable | undefined;

  constructor(options: WorkingDayCalendarOptions = {}) {
    this.data = options.data ?? chineseDaysData();
    this.overrides = [...(options.overrides ?? [])];
    this.overrides.forEach((o, i) => {
      parseLocalDate(o.date, `overrides[${i}].date`);
      if (o.kind !== 'holiday' && o.kind !== 'workday') {
        throw new RangeError(`overrides[${i}].kind must be 'holiday' or 'workday', got ${String(o.kind)}`);
      }
      const day = dayNumber(o.date);
      const working = o.kind === 'workday';
      if (this.overrideDays.get(day) === !working) {
        throw new RangeError(`overrides[${i}]: ${o.date} is declared both a holiday and a workday`);
      }
      this.overrideDays.set(day, working);
    });
  }

  /** A calendar with these overrides added after the existing ones (a later override of a day wins). */
  withOverrides(overrides: readonly CalendarOverride[]): WorkingDayCalendar {
    const dates = new Set(overrides.map((o) => o.date));
    const kept = this.overrides.filter((o) => !dates.has(o.date));
    return new WorkingDayCalendar({ data: this.data, overrides: [...kept, ...overrides] });
  }

  /**
   * Whether the published data or an override says anything about this year. When false, the calendar
   * falls back to plain Monday–Friday, and callers should warn that the year needs overrides.
   */
  hasHolidayData(year: number): boolean {
    if (this.data.years.has(year)) return true;
    return this.overrides.some((o) => Number(o.date.slice(0, 4)) === year);
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.isWorkingDayNumber(dayNumber(date));
  }

  /** The earliest day D with exactly n working days in (date, D]; n = 0 gives date itself. */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    assertCount(n);
    return fromDayNumber(this.addWorkingDaysToDayNumber(dayNumber(date), n));
  }

  /**
   * The latest working day D with exactly n working days in (D, date], so that counting forward from it
   * gives n again; n = 0 gives date itself.
   */
  subtractWorkingDays(date: LocalDate, n: number): LocalDate {
    assertCount(n);
    return fromDayNumber(this.subtractWorkingDaysFromDayNumber(dayNumber(date), n));
  }

  /** Working days d with fromExclusive < d ≤ toInclusive; 0 when toInclusive ≤ fromExclusive. */
  countWorkingDays(fromExclusive: LocalDate, toInclusive: LocalDate): number {
    return this.countBetween(dayNumber(fromExclusive), dayNumber(toInclusive));
  }

  /** Day-number versions, for the clock's inner loops. */
  isWorkingDayNumber(day: number): boolean {
    const table = this.yearTableOf(day);
    const i = day - table.firstDay;
    return table.workingBefore[i + 1] !== table.workingBefore[i];
  }

  countBetween(fromExclusive: number, toInclusive: number): number {
    if (toInclusive <= fromExclusive) return 0;
    const from = this.yearTableOf(fromExclusive);
    const to = this.yearTableOf(toInclusive);
    const inYear = to.workingBefore[toInclusive - to.firstDay + 1] - from.workingBefore[fromExclusive - from.firstDay + 1];
    return from === to ? inYear : inYear + this.workingBeforeYear(to.year) - this.workingBeforeYear(from.year);
  }

  addWorkingDaysToDayNumber(day: number, n: number): number {
    if (n === 0) return day;
    let table = this.yearTableOf(day);
    let remaining = n + table.workingBefore[day - table.firstDay + 1];
    for (;;) {
      if (remaining <= table.workingDays.length) return table.workingDays[remaining - 1];
      remaining -= table.workingDays.length;
      table = this.yearTable(table.year + 1);
    }
  }

  subtractWorkingDaysFromDayNumber(day: number, n: number): number {
    if (n === 0) return day;
    let table = this.yearTableOf(day);
    // index (0-based, within this year's list) of the (n+1)-th working day counting back from `day`
    let index = table.workingBefore[day - table.firstDay + 1] - 1 - n;
    for (;;) {
      if (index >= 0) return table.workingDays[index];
      table = this.yearTable(table.year - 1);
      index += table.workingDays.length;
    }
  }

  /** Working days in all years from an anchor year up to (excluding) `year`; negative before the anchor. */
  private workingBeforeYear(year: number): number {
    const cached = this.cumulativeByYear.get(year);
    if (cached !== undefined) return cached;
    const anchor = 2000;
    let total = 0;
    if (year >= anchor) {
      for (let y = anchor; y < year; y++) total += this.yearTable(y).workingDays.length;
    } else {
      for (let y = year; y < anchor; y++) total -= this.yearTable(y).workingDays.length;
    }
    this.cumulativeByYear.set(year, total);
    return total;
  }

  private yearTableOf(day: number): YearTable {
    const last = this.lastTable;
    if (last && day >= last.firstDay && day < last.firstDay + last.workingBefore.length - 1) return last;
    if (!Number.isSafeInteger(day)) throw new RangeError(`not a day number: ${day}`);
    this.lastTable = this.yearTable(civilFromDays(day).year);
    return this.lastTable;
  }

  private yearTable(year: number): YearTable {
    let table = this.years.get(year);
    if (table) return table;
    if (year < 1 || year > 9999) throw new RangeError(`year ${year} is outside the supported range`);
    const firstDay = daysFromCivil(year, 1, 1);
    const length = daysFromCivil(year + 1, 1, 1) - firstDay;
    const workingBefore = new Int32Array(length + 1);
    const working: number[] = [];
    for (let i = 0; i < length; i++) {
      const day = firstDay + i;
      const isWorking = this.classify(day);
      workingBefore[i + 1] = workingBefore[i] + (isWorking ? 1 : 0);
      if (isWorking) working.push(day);
    }
    table = { year, firstDay, workingBefore, workingDays: Int32Array.from(working) };
    this.years.set(year, table);
    return table;
  }

  private classify(day: number): boolean {
    return this.overrideDays.get(day) ?? this.data.days.get(day) ?? isoWeekday(day) <= 5;
  }
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`a number of working days must be a non-negative integer, got ${n}`);
}

let defaultCalendar: WorkingDayCalendar | undefined;

/** The published calendar without overrides, shared (it is immutable). */
export function chineseWorkingDayCalendar(): WorkingDayCalendar {
  defaultCalendar ??= new WorkingDayCalendar();
  return defaultCalendar;
}
