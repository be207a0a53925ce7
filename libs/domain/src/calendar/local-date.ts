/**
 * A calendar day as 'YYYY-MM-DD' (Asia/Shanghai), never a Date at midnight: a Date carries a time zone and
 * an instant, and a day shifted by eight hours is the wrong day. Plain strings keep the type easy to read
 * from the database and JSON; every function here validates what it is given.
 */
export type LocalDate = string;

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // UTC+8, no daylight saving since 1991

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), from H. Hinnant's `days_from_civil`. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The inverse of daysFromCivil. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** The day number of a valid LocalDate, or NaN: the hot path of every calendar call, so no regex. */
export function tryDayNumber(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return NaN;
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (!(year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;
  return daysFromCivil(year, month, day);
}

export function isLocalDate(value: unknown): value is LocalDate {
  return !Number.isNaN(tryDayNumber(value));
}

/** Validates a calendar day; the error says what was wrong, for 400s and CLI messages. */
export function parseLocalDate(value: unknown, what = 'date'): LocalDate {
  if (!isLocalDate(value)) {
    const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
    throw new RangeError(`${what} must be a calendar date 'YYYY-MM-DD', got ${shown}`);
  }
  return value;
}

export function dayNumber(date: LocalDate): number {
  const n = tryDayNumber(date);
  if (Number.isNaN(n)) parseLocalDate(date);
  return n;
}

export function fromDayNumber(days: number): LocalDate {
  const { year, month, day } = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** b − a in calendar days. */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** −1, 0 or 1, for sorting. Valid LocalDates compare correctly as strings; this validates too. */
export function compareDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  const d = dayNumber(a) - dayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return compareDates(a, b) >= 0 ? a : b;
}

/** ISO day of the week of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** ISO day of the week: 1 = Monday … 7 = Sunday, as Chinese notices count (周一 … 周日). */
export function dayOfWeek(date: LocalDate): number {
  return isoWeekday(dayNumber(date));
}

export function yearOf(date: LocalDate): number {
  dayNumber(date);
  return Number(date.slice(0, 4));
}

/** The Asia/Shanghai calendar day of an instant. */
export function localDateInShanghai(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('instant is an invalid Date');
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}
