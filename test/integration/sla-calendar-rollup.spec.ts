import { CalendarService, createDataSource, runMigrations } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { distribution, splitPeriod } from '../../apps/api/src/sla/sla-summary';

describe('SLA: calendar overrides across processes, and the roll-up arithmetic', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let writer: DataSource;
  let reader: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('sla_calendar');
    writer = createDataSource(db.url, { extra: { max: 2 } });
    reader = createDataSource(db.url, { extra: { max: 2 } });
    await Promise.all([writer.initialize(), reader.initialize()]);
    await runMigrations(writer);
  });

  afterAll(async () => {
    await Promise.all([writer?.destroy(), reader?.destroy()]);
    await db?.drop();
  });

  it('gives another process the new calendar once the override stamp moves, and the old one after removal', async () => {
    // Two CalendarServices on two connections stand for two processes (api and sla).
    const api = new CalendarService(writer);
    const sla = new CalendarService(reader);
    await Promise.all([api.reload(), sla.reload()]);
    // An ordinary Tuesday, declared a holiday at short notice.
    const day = '2025-06-10';
    expect(sla.calendar().isWorkingDay(day)).toBe(true);
    expect(await sla.reloadIfChanged()).toBe(false);

    await writer.query(`INSERT INTO calendar_overrides (date, kind, reason) VALUES ($1, 'holiday', 'extension')`, [day]);
    expect(await sla.reloadIfChanged()).toBe(true);
    expect(sla.calendar().isWorkingDay(day)).toBe(false);
    expect(await sla.reloadIfChanged()).toBe(false);

    await writer.query(`UPDATE calendar_overrides SET deleted_at = clock_timestamp(), updated_at = clock_timestamp() WHERE date = $1`, [day]);
    expect(await sla.reloadIfChanged()).toBe(true);
    expect(sla.calendar().isWorkingDay(day)).toBe(true);
    expect(api.calendar().isWorkingDay(day)).toBe(true);
  });

  it('splits a period into whole months and ragged days that cover it exactly once', () => {
    expect(splitPeriod(null, null)).toEqual({ months: { from: null, until: null }, days: [] });
    expect(splitPeriod('2025-01-01', '2025-12-31')).toEqual({ months: { from: '2025-01-01', until: '2026-01-01' }, days: [] });
    expect(splitPeriod('2026-01-15', '2026-03-10')).toEqual({
      months: { from: '2026-02-01', until: '2026-03-01' },
      days: [{ from: '2026-01-15', to: '2026-01-31' }, { from: '2026-03-01', to: '2026-03-10' }],
    });
    expect(splitPeriod('2026-01-15', '2026-01-20')).toEqual({ months: null, days: [{ from: '2026-01-15', to: '2026-01-20' }] });
    expect(splitPeriod(null, '2024-02-29')).toEqual({ months: { from: null, until: '2024-03-01' }, days: [] });
    expect(splitPeriod('2024-12-02', null)).toEqual({
      months: { from: '2025-01-01', until: null },
      days: [{ from: '2024-12-02', to: '2024-12-31' }],
    });
  });

  it('derives the rate, the mean and the nearest-rank p90 from counts by working days used', () => {
    expect(distribution([])).toMatchObject({ completed: 0, onTimeRate: null, p90WorkingDays: null });
    const rows = [
      { used: 3, completed: 5, onTime: 5 },
      { used: 10, completed: 4, onTime: 4 },
      { used: 20, completed: 1, onTime: 0 },
    ];
    expect(distribution(rows)).toEqual({ completed: 10, onTime: 9, onTimeRate: 0.9, meanWorkingDays: 7.5, p90WorkingDays: 10 });
    expect(distribution([...rows, { used: 25, completed: 1, onTime: 0 }]).p90WorkingDays).toBe(20);
  });
});
