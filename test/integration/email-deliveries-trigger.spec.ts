import { JOB_QUEUE, JobName, payloadProblems } from '@app/contracts';
import { createDataSource, OWED_JOBS, runMigrations } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { EmailDeliveries1796008900000 } from '../../libs/persistence/src/migrations/1796008900000-email-deliveries';

/**
 * The trigger on `notifications` that turns messages into e-mail deliveries: only for recipients with an address,
 * once per message, with the outbox row and owed record the relay and the lost-job sweep expect, and in the
 * transaction of the message — rolled back with it.
 */
describe('e-mail deliveries written by the notifications trigger (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('email_trigger');
    ds = createDataSource(db.url, { extra: { max: 2 } });
    await ds.initialize();
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const account = async (email: string | null): Promise<string> => {
    const [row]: { id: string }[] = await ds.query(
      `INSERT INTO accounts (username, password_hash, display_name, roles, email)
       VALUES ('u-' || gen_random_uuid(), 'x', 'someone', '{city_reviewer}', $1) RETURNING id`,
      [email],
    );
    return row.id;
  };
  /** Messages to `accounts` in one statement, as every producer writes them; returns their ids by account. */
  const tell = async (accounts: string[], source: string, query: (sql: string, params: unknown[]) => Promise<unknown> = (s, p) => ds.query(s, p)) =>
    (await query(
      `INSERT INTO notifications (account_id, source_id, kind, message)
       SELECT a, $2, 'task.created', 'hello' FROM unnest($1::uuid[]) AS t(a)
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id, account_id`,
      [accounts, source],
    )) as { id: string; account_id: string }[];
  const count = async (table: string): Promise<number> => Number((await ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const counts = async () => ({ deliveries: await count('email_deliveries'), outbox: await count('outbox'), owed: await count('owed_jobs') });

  it('writes nothing while no account has an address', async () => {
    const [a, b] = [await account(null), await account(null)];
    await tell([a, b], 'nobody-has-one');
    expect(await counts()).toEqual({ deliveries: 0, outbox: 0, owed: 0 });
  });

  it('writes a delivery, its job and its owed record for each message to an account with an address, and nothing for the others', async () => {
    const withAddress = await account('reviewer@example.gov.cn');
    const without = await account(null);
    const written = await tell([withAddress, without], 'one-statement');
    const message = written.find((n) => n.account_id === withAddress)!;

    const deliveries: { id: string; notification_id: string; account_id: string; status: string; attempts: number }[] =
      await ds.query('SELECT id, notification_id, account_id, status, attempts FROM email_deliveries');
    expect(deliveries).toEqual([expect.objectContaining({ notification_id: message.id, account_id: withAddress, status: 'pending', attempts: 0 })]);
    const [delivery] = deliveries;

    // As the relay reads an outbox row (queue, job name, payload) and the sweep an owed one: the catalogue's names.
    const outbox: { id: string; queue: string; job_name: string; payload: unknown; published_at: Date | null }[] =
      await ds.query('SELECT id, queue, job_name, payload, published_at FROM outbox');
    expect(outbox).toEqual([expect.objectContaining({
      queue: JOB_QUEUE[JobName.DeliverEmail], job_name: JobName.DeliverEmail, payload: { deliveryId: delivery.id }, published_at: null,
    })]);
    expect(payloadProblems(JobName.DeliverEmail, outbox[0].payload)).toEqual([]);
    expect(OWED_JOBS[JobName.DeliverEmail]).toBe('deliveryId');
    expect(await ds.query('SELECT job_name, subject_id, outbox_id FROM owed_jobs')).toEqual([
      { job_name: JobName.DeliverEmail, subject_id: delivery.id, outbox_id: outbox[0].id },
    ]);

    // The same message again (a redelivered job): the notification is not written, so nothing else is.
    await tell([withAddress, without], 'one-statement');
    expect(await counts()).toEqual({ deliveries: 1, outbox: 1, owed: 1 });
  });

  it('rolls back with the transaction of the message', async () => {
    const before = await counts();
    const withAddress = await account('enterprise@example.com');
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const written = await tell([withAddress], 'rolled-back', (s, p) => runner.query(s, p));
      expect(written).toHaveLength(1);
      // Inside the transaction the delivery exists…
      expect(Number((await runner.query('SELECT count(*) AS n FROM email_deliveries'))[0].n)).toBe(before.deliveries + 1);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    // …and with its message it is gone, with its job and owed record.
    expect(await counts()).toEqual(before);
  });

  it('is taken away by the migration\'s down, and back by its up', async () => {
    const migration = new EmailDeliveries1796008900000();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      const gone: unknown[] = await runner.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'email'
         UNION ALL SELECT 1 FROM pg_trigger WHERE tgname = 'notifications_email'
         UNION ALL SELECT 1 FROM information_schema.tables WHERE table_name = 'email_deliveries'`,
      );
      expect(gone).toEqual([]);
      expect(await count('owed_jobs')).toBe(0);
      // Messages are written as before, without it.
      const [a]: { id: string }[] = await runner.query(
        `INSERT INTO accounts (username, password_hash, display_name, roles) VALUES ('after-down', 'x', 'x', '{expert}') RETURNING id`,
      );
      await tell([a.id], 'after-down', (s, p) => runner.query(s, p));
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const again = await account('again@example.com');
    await tell([again], 'after-up');
    expect(Number((await ds.query('SELECT count(*) AS n FROM email_deliveries d JOIN accounts a ON a.id = d.account_id WHERE a.email = $1', ['again@example.com']))[0].n)).toBe(1);
  });
});
