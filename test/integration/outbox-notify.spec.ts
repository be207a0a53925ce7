import { createDataSource, runMigrations } from '@app/persistence';
import { createTestDatabase, waitFor } from '@app/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * The relay wakes on the outbox's NOTIFY. A transition's one statement writes its outbox rows with its messages,
 * often none (the notifier's job is kept only when a webhook endpoint exists): an INSERT of no rows wakes nobody.
 */
describe('the outbox notifies the relay of rows written, not of statements', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let listener: Client;
  const heard: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('outbox_notify');
    ds = createDataSource(db.url);
    await ds.initialize();
    await runMigrations(ds);
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('LISTEN outbox');
  });

  afterAll(async () => {
    await listener?.end();
    await ds?.destroy();
    await db?.drop();
  });

  const insert = (names: string[]) =>
    ds.query(
      `INSERT INTO outbox (queue, job_name, payload) SELECT 'notifier', n, '{}'::jsonb FROM unnest($1::text[]) AS t(n) WHERE n <> 'kept-out'`,
      [names],
    );

  it('stays silent for an INSERT that wrote nothing, and speaks once for one that wrote rows', async () => {
    await insert([]);
    await insert(['kept-out']);
    // A marker: the one notification heard must be this statement's, not a late one of those above.
    await insert(['notify-transition', 'notify-transition']);
    await waitFor(async () => heard.length > 0, 'the notification of the rows written');
    // The connection delivers notifications in commit order: had the empty INSERTs notified, theirs came first.
    await listener.query('SELECT 1');
    expect(heard).toEqual(['outbox']);
  });
});
