import { AlarmFiring } from '@app/alarms';
import { JobName, QueueName } from '@app/contracts';
import { createEnterprise, createStaff, PrivateRedis, startRedis, startTestSystem, TestSystem } from '@app/testing';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { ArmClocks } from '../../apps/sla/src/arm-clocks';
import { SlaSweep } from '../../apps/sla/src/sla-sweep';
import { SlaModule } from '../../apps/sla/src/sla.module';

/**
 * Issue 13: arming writes only what changed (nothing to PostgreSQL or Redis for a case armed already), and the
 * sweep re-arms only the cases whose arming was lost — not one whose ArmClocks job is still on its way — and,
 * when Redis lost its keys, sets every timer's wake-up again without re-arming a case. No workers run here: the
 * test calls arming and the sweep itself, on a Redis of its own that it watches command by command. Firing
 * rings an instant's moment first (every alarm of it fires at once) and tells people after, each alarm once.
 */
describe('SLA arming: only what changed; the sweep re-arms only what was lost', () => {
  let redis: PrivateRedis;
  let sys: TestSystem;
  let arming: ArmClocks;
  let sweep: SlaSweep;

  beforeAll(async () => {
    redis = await startRedis();
    sys = await startTestSystem({
      label: 'sla_arming', modules: [SlaModule], consume: [], relay: false, http: false, redisUrl: redis.url,
      env: { SLA_SWEEP_EVERY_MS: '3600000' },
    });
    arming = sys.running.app.get(ArmClocks);
    sweep = sys.running.app.get(SlaSweep);
    // The first sweep of a fresh Redis finds no marker: let it pass before anything is measured.
    await sweep.sweep();
  });
  afterAll(async () => {
    await sys?.stop();
    redis?.stop();
  });

  /** A case in acceptance since today, its case and acceptance clocks started (as screening leaves it). */
  async function caseInAcceptance(): Promise<string> {
    const enterprise = await createEnterprise(sys.dataSource);
    const [{ id }]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, version, facts, submitted_at)
       SELECT $1, 'innovation-voucher', id, 2024, 'acceptance', 2, '{}'::jsonb, now()
         FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1
       RETURNING id`,
      [enterprise.enterpriseId],
    );
    await sys.dataSource.query(
      `INSERT INTO clock_events (application_id, clock, type, on_date, at)
       VALUES ($1, 'case', 'start', $2, $3), ($1, 'acceptance', 'start', $2, $3)`,
      [id, sys.time.today(), sys.time.now()],
    );
    return id;
  }

  /** A transition as the workflow writes it: the acceptance clock stops, the version moves on (`ago` earlier). */
  async function acceptanceStopped(id: string, ago = '0 seconds'): Promise<void> {
    await sys.dataSource.query(
      `INSERT INTO clock_events (application_id, clock, type, on_date, at) VALUES ($1, 'acceptance', 'stop', $2, $3)`,
      [id, sys.time.today(), sys.time.now()],
    );
    await sys.dataSource.query(
      `UPDATE applications SET status = 'formal_review', version = version + 1, updated_at = now() - $2::interval WHERE id = $1`,
      [id, ago],
    );
  }

  async function armedVersion(id: string): Promise<{ version: number; armed: number | null }> {
    const [row]: { version: number; armed: number | null }[] = await sys.dataSource.query(
      'SELECT version, alarms_armed_version AS armed FROM applications WHERE id = $1',
      [id],
    );
    return row;
  }

  async function timersOf(id: string): Promise<string[]> {
    const rows: { clock: string; level: string }[] = await sys.dataSource.query(
      'SELECT clock, level FROM sla_timers WHERE application_id = $1 ORDER BY clock, level',
      [id],
    );
    return rows.map((r) => `${r.clock}/${r.level}`);
  }

  /** The row versions (xmin) of everything arming writes for a case: equal before and after = nothing written. */
  async function rowVersions(id: string): Promise<Record<'timers' | 'running' | 'application' | 'wakeups', string | null>> {
    const [row] = await sys.dataSource.query(
      `SELECT (SELECT string_agg(xmin::text, ',' ORDER BY clock, level) FROM sla_alarm_rows WHERE application_id = $1 AND fired_at IS NULL) AS timers,
              (SELECT string_agg(xmin::text, ',' ORDER BY clock) FROM sla_running_clocks WHERE application_id = $1) AS running,
              (SELECT xmin::text FROM applications WHERE id = $1) AS application,
              (SELECT string_agg(xmin::text, ',' ORDER BY id) FROM sla_moments) AS wakeups`,
      [id],
    );
    return row;
  }

  /** The commands the system sends to Redis while `action` runs (MONITOR, closed by a marker sent after it). */
  async function redisCommandsDuring(action: () => Promise<unknown>): Promise<string[]> {
    const monitor = await new IORedis(redis.url).monitor();
    const marker = `end-of-action-${Math.random()}`;
    const seen: string[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) ended();
      else seen.push(args.slice(0, 2).join(' '));
    });
    try {
      await action();
      await sys.queues.redis!.echo(marker);
      await end;
    } finally {
      monitor.disconnect();
    }
    return seen;
  }

  async function wakeupMoments(): Promise<string[]> {
    const jobs = await sys.queues.queue(QueueName.Alarms).getJobs(['delayed']);
    return jobs.filter((j) => j?.name === JobName.FireAlarm).map((j) => j.data.dueAt as string);
  }

  it('arms a case once: arming it again with nothing changed writes no row and sends no Redis command', async () => {
    const id = await caseInAcceptance();
    const first = await redisCommandsDuring(() => arming.arm(id));
    expect(await timersOf(id)).toEqual(expect.arrayContaining(['acceptance/red', 'acceptance/yellow', 'case/red', 'case/yellow']));
    expect(await armedVersion(id)).toEqual({ version: 2, armed: 2 });
    // The first arming set the wake-ups of its moments: one job per distinct moment, in one round trip.
    expect(first.length).toBeGreaterThan(0);
    const timers: { due_at: Date }[] = await sys.dataSource.query('SELECT DISTINCT due_at FROM sla_timers WHERE application_id = $1', [id]);
    expect(await wakeupMoments()).toEqual(expect.arrayContaining(timers.map((t) => t.due_at.toISOString())));

    const before = await rowVersions(id);
    const again = await redisCommandsDuring(() => arming.arm(id));
    expect(again).toEqual([]);
    expect(await rowVersions(id)).toEqual(before);

    // A second case due at the same moments needs no wake-up of its own: the moments are set already.
    const twin = await caseInAcceptance();
    const twinCommands = await redisCommandsDuring(() => arming.arm(twin));
    expect(twinCommands).toEqual([]);
    expect(await timersOf(twin)).toEqual(await timersOf(id));
  });

  it('the sweep leaves a case whose ArmClocks job is still owed, and re-arms one whose job was lost', async () => {
    const owed = await caseInAcceptance();
    const lost = await caseInAcceptance();
    await arming.armMany([owed, lost]);
    // Both move on; the transition of `owed` committed a moment ago (its ArmClocks job is queued), that of
    // `lost` two minutes ago, and its job never ran (Redis lost it).
    await acceptanceStopped(owed);
    await acceptanceStopped(lost, '2 minutes');

    const swept = await sweep.sweep();
    expect(swept.rearmed).toBe(1);
    expect(await armedVersion(lost)).toEqual({ version: 3, armed: 3 });
    expect(await timersOf(lost)).toEqual(['case/escalation-2', 'case/escalation-3', 'case/red', 'case/yellow']);
    // Left to its own job: still armed for the version before.
    expect(await armedVersion(owed)).toEqual({ version: 3, armed: 2 });
    expect(await timersOf(owed)).toContain('acceptance/yellow');
    // Its job comes: the acceptance timers go, nothing else is written again.
    await arming.arm(owed);
    expect(await armedVersion(owed)).toEqual({ version: 3, armed: 3 });
    expect(await timersOf(owed)).toEqual(await timersOf(lost));
    expect((await sweep.sweep()).rearmed).toBe(0);
  });

  it('an older reading never overwrites a newer arming, and the sweep skips a case a transaction holds', async () => {
    const id = await caseInAcceptance();
    await arming.arm(id);
    const before = await rowVersions(id);
    // As if an arming for a later version had run already: this one (version 2) changes nothing.
    await sys.dataSource.query('UPDATE applications SET alarms_armed_version = 9 WHERE id = $1', [id]);
    await sys.dataSource.query(`INSERT INTO clock_events (application_id, clock, type, on_date, at) VALUES ($1, 'acceptance', 'stop', $2, now())`, [id, sys.time.today()]);
    expect(await arming.armMany([id])).toMatchObject({ cases: 0 });
    expect(await timersOf(id)).toContain('acceptance/yellow');

    // Lagging for long (its job lost), but a transition holds the case right now: the sweep does not wait for it.
    await sys.dataSource.query(`UPDATE applications SET alarms_armed_version = 1, updated_at = now() - interval '5 minutes' WHERE id = $1`, [id]);
    const holder = sys.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [id]);
      expect((await sweep.sweep()).rearmed).toBe(0);
    } finally {
      await holder.commitTransaction();
      await holder.release();
    }
    expect((await sweep.sweep()).rearmed).toBe(1);
    expect(await timersOf(id)).not.toContain('acceptance/yellow');
    expect((await rowVersions(id)).timers).not.toEqual(before.timers);
  });

  it('after Redis lost its keys the sweep sets every wake-up again from the timers and re-arms only the cases whose arming was queued', async () => {
    const armed = await caseInAcceptance();
    await arming.arm(armed);
    // A transition a moment ago: its ArmClocks job was waiting in Redis when Redis lost everything.
    const queued = await caseInAcceptance();
    await arming.arm(queued);
    await acceptanceStopped(queued);
    const untouched = await rowVersions(armed);
    redis.flushAll();
    expect(await wakeupMoments()).toEqual([]);

    const swept = await sweep.sweep();
    expect(swept.wakeups).toBeGreaterThan(0);
    // The queued arming is certainly lost: re-armed in this pass, without waiting out the grace.
    expect(swept.rearmed).toBe(1);
    expect(await armedVersion(queued)).toEqual({ version: 3, armed: 3 });
    const future: { due_at: Date }[] = await sys.dataSource.query('SELECT DISTINCT due_at FROM sla_timers WHERE due_at > $1', [sys.time.now()]);
    expect((await wakeupMoments()).sort()).toEqual(future.map((t) => t.due_at.toISOString()).sort());
    // A case armed for its version is not armed again: its timers were rows, and survived.
    const { wakeups: _set, ...caseRows } = await rowVersions(armed);
    expect(caseRows).toEqual({ timers: untouched.timers, running: untouched.running, application: untouched.application });
    // The next sweep finds the marker: nothing to set again.
    expect(await sweep.sweep()).toMatchObject({ wakeups: 0, rearmed: 0 });
  });

  it('fires the alarms first and tells after: an alarm whose telling failed is told by the next drain, once', async () => {
    const id = await caseInAcceptance();
    await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    await sys.dataSource.query(
      `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code)
       VALUES ($1, gen_random_uuid(), 'acceptance', 'open', 'district_reviewer', '350102')`,
      [id],
    );
    await arming.arm(id);
    // The yellow moment has come (the alarm waits for a moment of its own, a second ago).
    await sys.dataSource.query(
      `WITH m AS (INSERT INTO sla_moments (due_at) VALUES ($2) RETURNING id)
       UPDATE sla_alarm_rows SET due_at = $2, moment_id = (SELECT id FROM m) WHERE application_id = $1 AND clock = 'acceptance' AND level = 'yellow'`,
      [id, new Date(sys.time.now().getTime() - 1000)],
    );
    const firing = sys.running.app.get(AlarmFiring);
    const told = async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM notifications WHERE application_id = $1 AND kind = 'sla.yellow'`, [id]);
      return Number(n);
    };
    // The process telling stops (here: its statement fails, in PostgreSQL) after the moment rang.
    const owner = new Client({ connectionString: sys.databaseUrl });
    await owner.connect();
    try {
      await owner.query(`CREATE FUNCTION telling_dies() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the telling process died'; END $$;
        CREATE TRIGGER telling_dies BEFORE INSERT ON notifications FOR EACH STATEMENT EXECUTE FUNCTION telling_dies()`);
      await expect(firing.drain()).rejects.toThrow('the telling process died');
    } finally {
      await owner.query('DROP TRIGGER IF EXISTS telling_dies ON notifications; DROP FUNCTION IF EXISTS telling_dies()');
      await owner.end();
    }
    const alarms: { level: string; lateness_ms: string }[] = await sys.dataSource.query(
      `SELECT level, lateness_ms FROM sla_alarms WHERE application_id = $1 AND clock = 'acceptance'`, [id]);
    expect(alarms.map((a) => a.level)).toEqual(['yellow']);
    expect(Number(alarms[0].lateness_ms)).toBeGreaterThanOrEqual(1000);
    expect(await told()).toBe(0);
    const [{ untold }]: { untold: string }[] = await sys.dataSource.query(
      'SELECT count(*) AS untold FROM sla_alarm_rows r JOIN sla_moments m ON m.id = r.moment_id WHERE m.fired_at IS NOT NULL');
    expect(Number(untold)).toBe(1);

    // The next drain (a wake-up, the sweep) tells it; later ones tell nobody again and fire nothing more.
    expect(await firing.drain()).toBe(1);
    expect(await told()).toBe(1);
    expect(await firing.drain()).toBe(0);
    await firing.drain();
    await sweep.sweep();
    expect(await told()).toBe(1);
    const again: unknown[] = await sys.dataSource.query(`SELECT 1 FROM sla_alarms WHERE application_id = $1 AND clock = 'acceptance'`, [id]);
    expect(again).toHaveLength(1);
  });

  it('an instant\'s alarms fire together when its moment rings, before any is told; one whose clock moved before its moment never does', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await caseInAcceptance());
    await arming.armMany(ids);
    // Their acceptance yellows wait for one moment; it is made due a second ago (as the clock reaching it).
    const due = new Date(sys.time.now().getTime() - 1000);
    await sys.dataSource.query(
      `WITH m AS (INSERT INTO sla_moments (due_at) VALUES ($2) RETURNING id)
       UPDATE sla_alarm_rows SET due_at = $2, moment_id = (SELECT id FROM m) WHERE application_id = ANY($1::uuid[]) AND clock = 'acceptance' AND level = 'yellow'`,
      [ids, due],
    );
    // The last case's acceptance clock stopped five seconds ago, before the moment (no re-arming yet): stale.
    const [stopped] = ids.slice(-1);
    await sys.dataSource.query(
      `INSERT INTO clock_events (application_id, clock, type, on_date, at) VALUES ($1, 'acceptance', 'stop', $2, $3)`,
      [stopped, sys.time.today(), new Date(due.getTime() - 4000)],
    );
    const visible = async () => {
      const rows: { application_id: string }[] = await sys.dataSource.query(
        `SELECT application_id FROM sla_alarms WHERE application_id = ANY($1::uuid[]) AND level = 'yellow' ORDER BY application_id`, [ids]);
      return rows.map((r) => r.application_id);
    };
    expect(await visible()).toEqual([]);
    // Ringing is one row, whatever the number of alarms: after it (and before any telling) a reader sees them all.
    const [rung]: { n: number }[] = await sys.dataSource.query(
      `WITH r AS (UPDATE sla_moments SET fired_at = $1 WHERE due_at <= $1 AND fired_at IS NULL RETURNING 1) SELECT count(*)::int AS n FROM r`,
      [sys.time.now()],
    );
    expect(rung.n).toBeGreaterThanOrEqual(1);
    expect(await visible()).toEqual(ids.slice(0, -1).sort());
    const early: unknown[] = await sys.dataSource.query('SELECT 1 FROM sla_alarms WHERE fired_at < due_at');
    expect(early).toEqual([]);
    // Telling settles them: the same alarms, fired when the moment rang; the stale one is dropped, never shown.
    const firing = sys.running.app.get(AlarmFiring);
    expect(await firing.drain()).toBe(4);
    expect(await visible()).toEqual(ids.slice(0, -1).sort());
    const settled: { moment_id: string | null; fired_at: Date | null }[] = await sys.dataSource.query(
      `SELECT moment_id, fired_at FROM sla_alarm_rows WHERE application_id = ANY($1::uuid[]) AND clock = 'acceptance' AND level = 'yellow'`, [ids]);
    expect(settled).toHaveLength(4);
    expect(settled.every((r) => r.moment_id === null && r.fired_at !== null)).toBe(true);
    // Re-arming never arms a fired alarm again.
    await sys.dataSource.query(`UPDATE applications SET alarms_armed_version = NULL WHERE id = ANY($1::uuid[])`, [ids]);
    await arming.armMany(ids);
    expect(await visible()).toEqual(ids.slice(0, -1).sort());
    const [{ n }]: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM sla_alarm_rows WHERE application_id = ANY($1::uuid[]) AND clock = 'acceptance' AND level = 'yellow' AND fired_at IS NULL`, [ids]);
    expect(Number(n)).toBe(0);
  });
});
