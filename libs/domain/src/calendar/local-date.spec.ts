import fc from 'fast-check';
import {
  addCalendarDays,
  calendarDaysBetween,
  civilFromDays,
  compareDates,
  dayOfWeek,
  daysFromCivil,
  fromDayNumber,
  isLocalDate,
  localDateInShanghai,
  parseLocalDate,
  yearOf,
} from './local-date';

describe('LocalDate', () => {
  it('accepts real calendar days only', () => {
    expect(isLocalDate('2019-09-27')).toBe(true);
    expect(isLocalDate('2020-02-29')).toBe(true);
    expect(isLocalDate('2019-02-29')).toBe(false);
    expect(isLocalDate('1900-02-29')).toBe(false);
    expect(isLocalDate('2000-02-29')).toBe(true);
    expect(isLocalDate('2019-13-01')).toBe(false);
    expect(isLocalDate('2019-9-27')).toBe(false);
    expect(isLocalDate('2019-09-27T00:00:00Z')).toBe(false);
    expect(isLocalDate('2019/09/27')).toBe(false);
    expect(isLocalDate(20190927)).toBe(false);
    expect(isLocalDate(null)).toBe(false);
  });

  it('says what was wrong', () => {
    expect(() => parseLocalDate('2019-02-30', 'acceptedOn')).toThrow(
      "acceptedOn must be a calendar date 'YYYY-MM-DD', got '2019-02-30'",
    );
    expect(parseLocalDate('2019-02-28')).toBe('2019-02-28');
  });

  it('adds and compares calendar days across month and year ends', () => {
    expect(addCalendarDays('2019-12-31', 1)).toBe('2020-01-01');
    expect(addCalendarDays('2020-03-01', -1)).toBe('2020-02-29');
    expect(calendarDaysBetween('2019-09-27', '2019-10-10')).toBe(13);
    expect(compareDates('2019-09-27', '2019-10-10')).toBe(-1);
    expect(compareDates('2019-10-10', '2019-10-10')).toBe(0);
    expect(yearOf('2027-01-01')).toBe(2027);
  });

  it('knows the day of the week (1 = Monday … 7 = Sunday)', () => {
    expect(dayOfWeek('2019-09-27')).toBe(5);
    expect(dayOfWeek('2019-09-29')).toBe(7);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-29')).toBe(1);
  });

  it('round-trips day numbers and agrees with Date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => {
        const date = fromDayNumber(n);
        const { year, month, day } = civilFromDays(n);
        expect(daysFromCivil(year, month, day)).toBe(n);
        if (year >= 1000) expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(date);
      }),
    );
  });

  it('takes the day in Asia/Shanghai, eight hours ahead of UTC', () => {
    expect(localDateInShanghai(new Date('2019-09-27T15:59:59.999Z'))).toBe('2019-09-27');
    expect(localDateInShanghai(new Date('2019-09-27T16:00:00Z'))).toBe('2019-09-28');
    expect(localDateInShanghai(new Date('2019-12-31T16:00:00Z'))).toBe('2020-01-01');
    expect(() => localDateInShanghai(new Date('nope'))).toThrow(RangeError);
  });
});
