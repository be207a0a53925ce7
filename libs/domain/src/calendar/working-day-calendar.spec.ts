import fc from 'fast-check';
import { addCalendarDays, compareDates, dayOfWeek, fromDayNumber, LocalDate, dayNumber } from './local-date';
import { chineseWorkingDayCalendar, WorkingDayCalendar } from './working-day-calendar';

const calendar = chineseWorkingDayCalendar();

/** Reference: walk day by day, so the fast tables are checked against the definition. */
function slowCount(cal: WorkingDayCalendar, fromExclusive: LocalDate, toInclusive: LocalDate): number {
  let n = 0;
  for (let d = addCalendarDays(fromExclusive, 1); compareDates(d, toInclusive) <= 0; d = addCalendarDays(d, 1)) {
    if (cal.isWorkingDay(d)) n++;
  }
  return n;
}

const dateArb = fc.integer({ min: dayNumber('2004-01-01'), max: dayNumber('2028-12-31') }).map(fromDayNumber);

describe('WorkingDayCalendar on the published data', () => {
  it('knows the 2019 National Day block and its make-up workdays', () => {
    expect(calendar.isWorkingDay('2019-09-29')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkingDay('2019-09-30')).toBe(true);
    for (let day = 1; day <= 7; day++) expect(calendar.isWorkingDay(`2019-10-0${day}`)).toBe(false);
    expect(calendar.isWorkingDay('2019-10-08')).toBe(true);
    expect(calendar.isWorkingDay('2019-10-12')).toBe(true); // Saturday, 调休
    expect(calendar.isWorkingDay('2019-10-13')).toBe(false);
  });

  it('knows the 2019 Spring Festival (02-04..10 off, Sat 02-02 and Sun 02-03 worked)', () => {
    expect(calendar.isWorkingDay('2019-02-02')).toBe(true);
    expect(calendar.isWorkingDay('2019-02-03')).toBe(true);
    expect(calendar.countWorkingDays('2019-02-01', '2019-02-11')).toBe(3);
  });

  it('knows the revised 2019 Labour Day (05-01..04 off, Sundays 04-28 and 05-05 worked)', () => {
    expect(calendar.isWorkingDay('2019-04-28')).toBe(true);
    expect(['2019-05-01', '2019-05-02', '2019-05-03'].map((d) => calendar.isWorkingDay(d))).toEqual([false, false, false]);
    expect(calendar.isWorkingDay('2019-05-05')).toBe(true);
  });

  it('already includes the 2020 Spring Festival extension to 02-02 (国办发明电〔2020〕1号)', () => {
    expect(calendar.isWorkingDay('2020-01-19')).toBe(true); // Sunday, 调休
    for (const d of ['2020-01-24', '2020-01-30', '2020-01-31', '2020-02-01', '2020-02-02']) {
      expect(calendar.isWorkingDay(d)).toBe(false);
    }
    expect(calendar.isWorkingDay('2020-02-03')).toBe(true);
    expect(calendar.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('adds working days as the worked example counts them', () => {
    expect(calendar.addWorkingDays('2019-09-27', 1)).toBe('2019-09-29');
    expect(calendar.addWorkingDays('2019-09-27', 2)).toBe('2019-09-30');
    expect(calendar.addWorkingDays('2019-09-27', 3)).toBe('2019-10-08');
    expect(calendar.addWorkingDays('2019-09-27', 5)).toBe('2019-10-10');
    expect(calendar.addWorkingDays('2019-09-27', 0)).toBe('2019-09-27');
    expect(calendar.countWorkingDays('2019-09-27', '2019-10-11')).toBe(6);
    expect(calendar.countWorkingDays('2019-10-11', '2019-09-27')).toBe(0);
  });

  it('crosses year ends (2019 元旦 block: 2018-12-29 worked, 12-30..01-01 off)', () => {
    expect(calendar.addWorkingDays('2018-12-28', 1)).toBe('2018-12-29');
    expect(calendar.addWorkingDays('2018-12-29', 1)).toBe('2019-01-02');
    expect(calendar.subtractWorkingDays('2019-01-02', 1)).toBe('2018-12-29');
    expect(calendar.countWorkingDays('2018-12-28', '2019-01-02')).toBe(2);
    expect(calendar.addWorkingDays('2019-01-02', 250 * 3)).toBe(calendar.addWorkingDays(calendar.addWorkingDays('2019-01-02', 400), 350));
  });

  it('subtracts working days to the latest working day from which counting gives n', () => {
    expect(calendar.subtractWorkingDays('2019-10-10', 5)).toBe('2019-09-27');
    expect(calendar.subtractWorkingDays('2019-10-08', 1)).toBe('2019-09-30');
    expect(calendar.subtractWorkingDays('2019-10-06', 1)).toBe('2019-09-29'); // from a holiday
    expect(calendar.subtractWorkingDays('2019-10-06', 0)).toBe('2019-10-06');
  });

  it('refuses negative or fractional counts and bad dates', () => {
    expect(() => calendar.addWorkingDays('2019-09-27', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2019-09-27', 1.5)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2019-02-30')).toThrow(RangeError);
  });

  it('counts as a day-by-day walk does (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -30, max: 400 }), (from, span) => {
        const to = addCalendarDays(from, span);
        expect(calendar.countWorkingDays(from, to)).toBe(span <= 0 ? 0 : slowCount(calendar, from, to));
      }),
      { numRuns: 200 },
    );
  });

  it('lands on a working day with exactly n working days counted (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 300 }), (from, n) => {
        const due = calendar.addWorkingDays(from, n);
        expect(calendar.isWorkingDay(due)).toBe(true);
        expect(calendar.countWorkingDays(from, due)).toBe(n);
        expect(calendar.countWorkingDays(from, addCalendarDays(due, -1))).toBe(n - 1);
      }),
    );
  });

  it('is monotonic in n (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (from, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(compareDates(calendar.addWorkingDays(from, lo), calendar.addWorkingDays(from, hi))).toBe(lo === hi ? 0 : -1);
      }),
    );
  });

  it('counts back to n, and inverts addWorkingDays on working days (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 300 }), (date, n) => {
        const back = calendar.subtractWorkingDays(date, n);
        expect(calendar.countWorkingDays(back, date)).toBe(n);
        if (n > 0) expect(calendar.isWorkingDay(back)).toBe(true);
        if (calendar.isWorkingDay(date)) expect(calendar.addWorkingDays(back, n)).toBe(date);
      }),
    );
  });
});

describe('WorkingDayCalendar overrides and unknown years', () => {
  it('lets an override win over the published data', () => {
    const cal = calendar.withOverrides([
      { date: '2019-10-08', kind: 'holiday' },
      { date: '2019-10-05', kind: 'workday' },
    ]);
    expect(cal.isWorkingDay('2019-10-08')).toBe(false);
    expect(cal.isWorkingDay('2019-10-05')).toBe(true);
    expect(calendar.isWorkingDay('2019-10-08')).toBe(true); // the original is untouched
    expect(cal.addWorkingDays('2019-09-27', 5)).toBe('2019-10-10');
    expect(cal.withOverrides([{ date: '2019-10-08', kind: 'workday' }]).isWorkingDay('2019-10-08')).toBe(true);
  });

  it('can express the 2020 extension on data that lacks it', () => {
    const withoutExtension = new WorkingDayCalendar({
      data: {
        days: new Map([
          ...['2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29', '2020-01-30'].map(
            (d) => [dayNumber(d), false] as const,
          ),
          [dayNumber('2020-01-19'), true] as const,
          [dayNumber('2020-02-01'), true] as const,
        ]),
        years: new Set([2020]),
      },
    });
    expect(withoutExtension.addWorkingDays('2020-01-23', 1)).toBe('2020-01-31');
    const extended = withoutExtension.withOverrides(
      ['2020-01-31', '2020-02-01', '2020-02-02'].map((date) => ({ date, kind: 'holiday' as const })),
    );
    expect(extended.addWorkingDays('2020-01-23', 1)).toBe('2020-02-03');
  });

  it('falls back to Monday–Friday in a year the package does not know (2027), until overridden', () => {
    expect(calendar.hasHolidayData(2026)).toBe(true);
    expect(calendar.hasHolidayData(2027)).toBe(false);
    expect(dayOfWeek('2027-01-01')).toBe(5);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(true);
    const cal2027 = calendar.withOverrides([{ date: '2027-01-01', kind: 'holiday' }]);
    expect(cal2027.hasHolidayData(2027)).toBe(true);
    expect(cal2027.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal2027.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('refuses contradictory or malformed overrides', () => {
    expect(
      () =>
        new WorkingDayCalendar({
          overrides: [
            { date: '2019-10-08', kind: 'holiday' },
            { date: '2019-10-08', kind: 'workday' },
          ],
        }),
    ).toThrow('declared both');
    expect(() => new WorkingDayCalendar({ overrides: [{ date: '2019-1-8', kind: 'holiday' }] })).toThrow(
      'overrides[0].date',
    );
  });
});
