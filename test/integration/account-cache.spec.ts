import { AccountCache } from '@app/auth';
import { createDataSource, runMigrations } from '@app/persistence';
import { createStaff, createTestDatabase, waitFor } from '@app/testing';
import { DataSource } from 'typeorm';
import { ACCOUNT_CACHE_MS } from '../../libs/auth/src/account-cache';

/**
 * The cache of the accounts behind tokens: a change of the row, made by any process, is heard by NOTIFY and
 * evicts it; a change made here evicts at once; and whatever happens to the notifications, no entry is used
 * longer than ACCOUNT_CACHE_MS.
 */
describe('AccountCache: the account behind a token, cached briefly and forgotten when it changes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let api: DataSource;
  let other: DataSource;
  let cache: AccountCache;
  let reads = 0;

  beforeAll(async () => {
    db = await createTestDatabase('account_cache');
    api = createDataSource(db.url, { extra: { max: 2 } });
    other = createDataSource(db.url, { extra: { max: 2 } });
    await Promise.all([api.initialize(), other.initialize()]);
    await runMigrations(api);
    // Counts the account reads the cache sends (by id; the fixtures' own statements are not counted).
    const query = api.query.bind(api);
    jest.spyOn(api, 'query').mockImplementation((sql: string, parameters?: unknown) => {
      if (/FROM accounts WHERE id = \$1/.test(sql)) reads++;
      return query(sql, parameters as unknown[] | undefined);
    });
    cache = new AccountCache(api);
  });

  afterAll(async () => {
    await cache?.onApplicationShutdown();
    await Promise.all([api?.destroy(), other?.destroy()]);
    await db?.drop();
  });

  it('reads an account once while it is unchanged, and again once another process changed it', async () => {
    const staff = await createStaff(api, ['district_reviewer']);
    // The first read starts listening (nothing is cached before that), and the account's creation is heard.
    await waitFor(async () => {
      const before = reads;
      await cache.get(staff.accountId);
      return reads === before ? true : null;
    }, 'a cached read');
    const before = reads;
    for (let i = 0; i < 5; i++) expect((await cache.get(staff.accountId))?.tokenVersion).toBe(0);
    expect(reads).toBe(before);

    // Another process ends the account's tokens (a logout, a lock, a role change): heard within milliseconds.
    await other.query('UPDATE accounts SET token_version = token_version + 1 WHERE id = $1', [staff.accountId]);
    await waitFor(async () => ((await cache.get(staff.accountId))?.tokenVersion === 1 ? true : null), 'the change to be heard');
  });

  it('forgets at once what this process changed, and a read that raced the change is not kept', async () => {
    const staff = await createStaff(api, ['district_reviewer']);
    await cache.get(staff.accountId);
    await api.query('UPDATE accounts SET roles = $2 WHERE id = $1', [staff.accountId, ['district_reviewer', 'director']]);
    cache.evict(staff.accountId);
    expect((await cache.get(staff.accountId))?.roles).toEqual(['district_reviewer', 'director']);

    // A read in flight when the row changes: what it read is returned to its request but not cached.
    cache.evict(staff.accountId);
    const inFlight = cache.get(staff.accountId);
    cache.evict(staff.accountId);
    await inFlight;
    const before = reads;
    await cache.get(staff.accountId);
    expect(reads).toBe(before + 1);
  });

  it('uses no entry longer than ACCOUNT_CACHE_MS, even if a notification were lost', async () => {
    const staff = await createStaff(api, ['district_reviewer']);
    let now = Date.now();
    cache.clock = () => now;
    try {
      await cache.get(staff.accountId);
      const before = reads;
      now += ACCOUNT_CACHE_MS - 1;
      await cache.get(staff.accountId);
      expect(reads).toBe(before);
      now += 1;
      await cache.get(staff.accountId);
      expect(reads).toBe(before + 1);
    } finally {
      cache.clock = Date.now;
    }
  });
});
