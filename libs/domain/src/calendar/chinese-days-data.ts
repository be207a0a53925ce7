import chineseDays from 'chinese-days/dist/chinese-days.json';
import { dayNumber } from './local-date';

/**
 * The State Council's holiday arrangements as published in the `chinese-days` package: statutory days off
 * (including weekend days inside a holiday block) and make-up workdays (调休). Days not listed follow the
 * week: Monday–Friday work, Saturday–Sunday rest.
 */
export interface HolidayData {
  /** day number → true for a make-up workday, false for a day off. */
  readonly days: ReadonlyMap<number, boolean>;
  /** The years the publisher covers; other years have no holiday data at all. */
  readonly years: ReadonlySet<number>;
}

interface RawHolidayJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export function holidayDataFrom(raw: RawHolidayJson): HolidayData {
  const days = new Map<number, boolean>();
  const years = new Set<number>();
  for (const date of Object.keys(raw.holidays)) {
    days.set(dayNumber(date), false);
    years.add(Number(date.slice(0, 4)));
  }
  for (const date of Object.keys(raw.workdays)) {
    days.set(dayNumber(date), true);
    years.add(Number(date.slice(0, 4)));
  }
  return { days, years };
}

let cached: HolidayData | undefined;

/** Parsed once per process: every calendar shares it. */
export function chineseDaysData(): HolidayData {
  cached ??= holidayDataFrom(chineseDays as RawHolidayJson);
  return cached;
}
