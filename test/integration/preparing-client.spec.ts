import { createDataSource, MAX_PREPARED, MAX_PREPARED_LENGTH, PLAN_ONCE, POOL_OPTIONS } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';

/**
 * The pool's client prepares each parameterised statement once per connection (PostgreSQL then parses it once
 * and may keep its plan), keeps at most MAX_PREPARED of them, and leaves the rest as they were: unnamed.
 */
describe('PreparingClient: statements prepared once per connection', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const prepared = async (): Promise<string[]> =>
    (await ds.query('SELECT statement FROM pg_prepared_statements ORDER BY prepare_time')).map((r: { statement: string }) => r.statement);

  beforeAll(async () => {
    db = await createTestDatabase('preparing_client');
    // One connection: pg_prepared_statements shows the session's own statements.
    ds = createDataSource(db.url, { extra: { ...POOL_OPTIONS, max: 1 } });
    await ds.initialize();
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('prepares a statement with parameters once, however often it runs; one without runs unprepared', async () => {
    for (let i = 0; i < 3; i++) expect(await ds.query('SELECT $1::int + 1 AS n', [i])).toEqual([{ n: i + 1 }]);
    expect(await ds.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    expect(await prepared()).toEqual(['SELECT $1::int + 1 AS n']);
  });

  it('answers an error of a prepared statement each time, and the connection goes on', async () => {
    for (let i = 0; i < 2; i++) await expect(ds.query('SELECT 1 / $1::int AS q', [0])).rejects.toThrow(/division by zero/);
    expect(await ds.query('SELECT 1 / $1::int AS q', [1])).toEqual([{ q: 1 }]);
    // A statement that fails to parse is not kept as prepared: the same text fails the same way again.
    for (let i = 0; i < 2; i++) await expect(ds.query('SELECT $1::int FROM no_such_table', [1])).rejects.toThrow(/no_such_table/);
  });

  it('plans a statement longer than MAX_PREPARED_LENGTH at every call', async () => {
    const long = `SELECT $1::int AS n -- ${'x'.repeat(MAX_PREPARED_LENGTH)}`;
    expect(await ds.query(long, [7])).toEqual([{ n: 7 }]);
    expect(await prepared()).not.toContain(long);
  });

  it('prepares a long statement all the same when it starts with PLAN_ONCE (a one-row input)', async () => {
    const long = `${PLAN_ONCE} SELECT $1::int AS n -- ${'y'.repeat(MAX_PREPARED_LENGTH)}`;
    for (let i = 0; i < 2; i++) expect(await ds.query(long, [i])).toEqual([{ n: i }]);
    expect((await prepared()).filter((statement) => statement === long)).toHaveLength(1);
  });

  it('keeps at most MAX_PREPARED statements per connection and runs the others unnamed', async () => {
    for (let i = 0; i < MAX_PREPARED + 10; i++) expect(await ds.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: 1 + i }]);
    const count = (await prepared()).length;
    expect(count).toBeLessThanOrEqual(MAX_PREPARED);
    expect(count).toBeGreaterThan(MAX_PREPARED - 5);
  });

  it('keeps an idle connection and what it prepared through a lull, and lets it go after POOL_OPTIONS.idleTimeoutMillis', async () => {
    const backend = async (): Promise<number> => (await ds.query('SELECT pg_backend_pid() AS pid, $1::int AS kept', [1]))[0].pid;
    // The pool's idle timer is set when a query gives its connection back: with the clock faked from here on, a
    // lull passes at once (the socket's I/O stays real).
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const pid = await backend();
      // A minute idle (pg-pool's default lets a connection go after 10 s): the same backend, with what it prepared.
      jest.advanceTimersByTime(60_000);
      expect(await backend()).toBe(pid);
      expect(await prepared()).toContain('SELECT $1::int + 1 AS n');
      // Idle for longer than the pool keeps a connection: the next query has a new one.
      jest.advanceTimersByTime(POOL_OPTIONS.idleTimeoutMillis + 1);
      await new Promise((resolve) => setImmediate(resolve));
      expect(await backend()).not.toBe(pid);
    } finally {
      jest.useRealTimers();
    }
  });
});
