import { JobName } from '@app/contracts';
import { CaseStatus } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR } from '@app/persistence';
import { createEnterprise, startTestSystem, submittedCase, TestSystem, waitFor } from '@app/testing';

/**
 * Issue 13: a transition arms its case in its own transaction — the alarm rows waiting for their moments, the
 * running clocks and `alarms_armed_version` are there when it commits, with no ArmClocks job (no job runs here:
 * no consumer, no relay). What the arming owes the alarms queue is in the same outbox: a wake-up for each moment
 * it made, due a little before the moment, and a drain when alarms were due already. A transition that rolls
 * back leaves no alarm of its arming behind.
 */
describe('a transition arms its case in its own transaction', () => {
  let sys: TestSystem;
  let transitions: CaseTransitions;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'transition_arms', modules: [], consume: [], relay: false, http: false });
    transitions = sys.running.app.get(CaseTransitions);
  });
  afterAll(async () => sys?.stop());

  async function armingOf(id: string) {
    const [row]: { version: number; armed: number | null; next_alarm_at: Date | null; alarms: string[] | null; running: string[] | null }[] =
      await sys.dataSource.query(
        `SELECT a.version, a.alarms_armed_version AS armed, a.next_alarm_at,
                (SELECT array_agg(r.clock || '/' || r.level ORDER BY r.clock, r.level)
                   FROM sla_alarm_rows r WHERE r.application_id = a.id AND r.fired_at IS NULL) AS alarms,
                (SELECT array_agg(c.clock ORDER BY c.clock) FROM sla_running_clocks c WHERE c.application_id = a.id) AS running
           FROM applications a WHERE a.id = $1`,
        [id],
      );
    return row;
  }

  /** The outbox rows of the alarms queue written since `after` (an outbox id). */
  async function alarmJobsAfter(after: string): Promise<{ dueAt: string; runAt: Date }[]> {
    const rows: { payload: { dueAt: string }; run_at: Date }[] = await sys.dataSource.query(
      `SELECT payload, run_at FROM outbox WHERE id > $1 AND job_name = $2 ORDER BY id`, [after, JobName.FireAlarm],
    );
    return rows.map((r) => ({ dueAt: r.payload.dueAt, runAt: r.run_at }));
  }

  async function lastOutboxId(): Promise<string> {
    const [{ id }]: { id: string }[] = await sys.dataSource.query('SELECT COALESCE(max(id), 0)::text AS id FROM outbox');
    return id;
  }

  it('writes the alarms, running clocks and armed version with the transition, and the wake-ups of the moments it made', async () => {
    const application = await submittedCase(sys);
    const before = await lastOutboxId();
    const moved = await sys.dataSource.transaction(async (manager) => {
      const result = await transitions.apply(manager, { application, action: { type: 'screened' }, actor: SYSTEM_ACTOR });
      // Not committed yet: another session sees nothing of the arming.
      expect(await armingOf(application.id)).toMatchObject({ armed: null, alarms: null, running: null });
      return result;
    });
    expect(moved.to).toBe('acceptance');

    // Screening started the case and acceptance clocks: both armed, for the new version, at its commit.
    const armed = await armingOf(application.id);
    expect(armed).toMatchObject({ version: moved.version, armed: moved.version });
    expect(armed.running).toEqual(['acceptance', 'case']);
    expect(armed.alarms).toEqual(expect.arrayContaining(['acceptance/yellow', 'acceptance/red', 'case/yellow', 'case/red']));
    expect(armed.next_alarm_at).not.toBeNull();
    // No arming job: the transition did the arming.
    const [{ n }]: { n: number }[] = await sys.dataSource.query(
      'SELECT count(*)::int AS n FROM outbox WHERE id > $1 AND job_name = $2', [before, JobName.ArmClocks],
    );
    expect(n).toBe(0);

    // Each moment the alarms wait for was made by this transition (a fresh database): one wake-up each, in the
    // same outbox, due a little before its moment.
    const moments: { due_at: Date }[] = await sys.dataSource.query(
      `SELECT DISTINCT m.due_at FROM sla_alarm_rows r JOIN sla_moments m ON m.id = r.moment_id
        WHERE r.application_id = $1 AND m.fired_at IS NULL ORDER BY m.due_at`,
      [application.id],
    );
    expect(moments.length).toBeGreaterThan(0);
    const wakeups = await alarmJobsAfter(before);
    expect(wakeups.map((w) => w.dueAt).sort()).toEqual(moments.map((m) => m.due_at.toISOString()));
    for (const wakeup of wakeups) expect(new Date(wakeup.dueAt).getTime() - wakeup.runAt.getTime()).toBe(300);

    // Another case entering the same state today waits for the same moments: it makes none, so it owes no wake-up.
    const twin = await submittedCase(sys);
    const beforeTwin = await lastOutboxId();
    await sys.dataSource.transaction((manager) =>
      transitions.apply(manager, { application: twin, action: { type: 'screened' }, actor: SYSTEM_ACTOR }),
    );
    expect((await armingOf(twin.id)).alarms).toEqual(armed.alarms);
    expect(await alarmJobsAfter(beforeTwin)).toEqual([]);
  });

  it('leaves nothing of its arming behind when the transition rolls back', async () => {
    const application = await submittedCase(sys);
    const [{ moments }]: { moments: number }[] = await sys.dataSource.query('SELECT count(*)::int AS moments FROM sla_moments');
    const rolledBack = new Error('the caller fails after the transition');
    await expect(
      sys.dataSource.transaction(async (manager) => {
        await transitions.apply(manager, { application, action: { type: 'screened' }, actor: SYSTEM_ACTOR });
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    expect(await armingOf(application.id)).toMatchObject({ version: 1, armed: null, alarms: null, running: null, next_alarm_at: null });
    const [after]: { moments: number }[] = await sys.dataSource.query('SELECT count(*)::int AS moments FROM sla_moments');
    expect(after.moments).toBe(moments);
  });

  it('rings the alarms due already with the transition, and queues their drain for its commit', async () => {
    // A case whose case clock started long ago and was never armed (as if its arming had been lost).
    const { enterpriseId } = await createEnterprise(sys.dataSource);
    const [row]: { id: string; program_version_id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, version, facts, submitted_at)
       SELECT $1, 'innovation-voucher', id, 2024, 'acceptance', 2, '{}'::jsonb, now()
         FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1
       RETURNING id, program_version_id`,
      [enterpriseId],
    );
    await sys.dataSource.query(
      `INSERT INTO clock_events (application_id, clock, type, on_date, at)
       VALUES ($1, 'case', 'start', $2::date - 400, $3::timestamptz - interval '400 days'),
              ($1, 'acceptance', 'start', $2::date - 400, $3::timestamptz - interval '400 days')`,
      [row.id, sys.time.today(), sys.time.now()],
    );
    const before = await lastOutboxId();
    const application = { id: row.id, status: 'acceptance' as CaseStatus, version: 2, programVersionId: row.program_version_id };
    await sys.dataSource.transaction((manager) =>
      transitions.apply(manager, { application, action: { type: 'approve' }, actor: SYSTEM_ACTOR }),
    );

    // The case clock's yellow and red were due long ago: they fired with the commit (the view shows them)…
    const fired: { level: string }[] = await sys.dataSource.query(
      `SELECT level FROM sla_alarms WHERE application_id = $1 AND clock = 'case' ORDER BY level`, [row.id],
    );
    expect(fired.map((f) => f.level)).toEqual(expect.arrayContaining(['red', 'yellow']));
    // …and a drain, due now, tells them once the transition has committed.
    const jobs = await alarmJobsAfter(before);
    expect(jobs.some((j) => j.runAt.getTime() <= Date.now())).toBe(true);
    expect(await armingOf(row.id)).toMatchObject({ version: 3, armed: 3 });
  });

  it('reads the clock events in recorded order when their ids cross a power of ten (a resume after its pause)', async () => {
    // The case clock paused at the 公示 with ids 9998 and 9999; the notice's end writes 10000 on: compared as
    // text, the resume would come before its pause and the run would be refused.
    const { enterpriseId } = await createEnterprise(sys.dataSource);
    const [row]: { id: string; program_version_id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, version, facts, submitted_at,
                                 eligible, amount_fen, notice_ends_at)
       SELECT $1, 'innovation-voucher', id, 2024, 'public_notice', 5, '{}'::jsonb, now(), true, 100000, now()
         FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1
       RETURNING id, program_version_id`,
      [enterpriseId],
    );
    const [{ max }]: { max: string }[] = await sys.dataSource.query('SELECT COALESCE(max(id), 0)::text AS max FROM clock_events');
    expect(Number(max)).toBeLessThan(9_997);
    await sys.dataSource.query(`SELECT setval(pg_get_serial_sequence('clock_events', 'id'), 9997)`);
    await sys.dataSource.query(
      `INSERT INTO clock_events (application_id, clock, type, on_date, at)
       VALUES ($1, 'case', 'start', $2, $3), ($1, 'case', 'pause', $2, $3)`,
      [row.id, sys.time.today(), sys.time.now()],
    );
    const application = { id: row.id, status: 'public_notice' as CaseStatus, version: 5, programVersionId: row.program_version_id };
    const moved = await sys.dataSource.transaction((manager) =>
      transitions.apply(manager, { application, action: { type: 'notice-ended' }, actor: SYSTEM_ACTOR }),
    );
    expect(moved).toMatchObject({ to: 'approved', version: 6 });
    const events: { id: string; type: string }[] = await sys.dataSource.query(
      `SELECT e.id::text, e.type FROM clock_events e WHERE e.application_id = $1 AND e.clock = 'case' ORDER BY e.id`, [row.id],
    );
    expect(events.map((e) => `${e.id} ${e.type}`)).toEqual(['9998 start', '9999 pause', '10000 resume', '10001 stop']);
    // The case clock stopped and the disbursement clock started: only the latter runs, armed for the new version.
    expect(await armingOf(row.id)).toMatchObject({ version: 6, armed: 6, running: ['disbursement'] });
  });
  it('arms again by itself when another arming made a moment it needs after its statement began, owing nothing twice', async () => {
    // A day no other test here armed for, so that a screening makes the moments it waits for.
    sys.travelDays(30);
    const undone = new Error('undone: only to see the moments a screening makes today');
    let made: string[] = [];
    await expect(sys.dataSource.transaction(async (manager) => {
      const [{ id: before }]: { id: string }[] = await manager.query('SELECT COALESCE(max(id), 0)::text AS id FROM outbox');
      await transitions.apply(manager, { application: await submittedCase(sys), action: { type: 'screened' }, actor: SYSTEM_ACTOR });
      const rows: { due: string }[] = await manager.query(
        `SELECT payload->>'dueAt' AS due FROM outbox WHERE id > $1 AND job_name = $2 ORDER BY id`, [before, JobName.FireAlarm],
      );
      made = rows.map((r) => r.due);
      throw undone;
    })).rejects.toBe(undone);
    expect(made.length).toBeGreaterThan(1);

    // Another arming makes the first of them and has not committed when this transition's statement comes to it.
    const application = await submittedCase(sys);
    const other = sys.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('INSERT INTO sla_moments (due_at) VALUES ($1)', [made[0]]);
    const before = await lastOutboxId();
    const moving = sys.dataSource.transaction((manager) =>
      transitions.apply(manager, { application, action: { type: 'screened' }, actor: SYSTEM_ACTOR }),
    );
    await waitFor(async () => {
      const [{ n }]: { n: number }[] = await sys.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted`,
      );
      return n > 0;
    }, 'the arming to wait for the other insert of its moment');
    await other.commitTransaction();
    await other.release();
    const moved = await moving;

    // Its first statement left that moment's alarms unplaced (the moment was not in its snapshot); the second
    // placed them, and the transition committed whole.
    expect(await armingOf(application.id)).toMatchObject({ version: moved.version, armed: moved.version });
    const [alarms]: { placed: number; unplaced: number; other: number }[] = await sys.dataSource.query(
      `SELECT count(r.moment_id)::int AS placed, count(*) FILTER (WHERE r.moment_id IS NULL)::int AS unplaced,
              count(*) FILTER (WHERE m.due_at = $2)::int AS other
         FROM sla_alarm_rows r LEFT JOIN sla_moments m ON m.id = r.moment_id WHERE r.application_id = $1`,
      [application.id, made[0]],
    );
    expect(alarms).toMatchObject({ unplaced: 0, other: expect.any(Number) });
    expect(alarms.other).toBeGreaterThan(0);
    // A wake-up for each moment this transition made, once (written by its first statement); none for the moment
    // the other arming made, which owes its own.
    expect((await alarmJobsAfter(before)).map((w) => w.dueAt).sort()).toEqual(made.slice(1).sort());
  });
});
