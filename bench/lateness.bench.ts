import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { wakeupJob } from '@app/alarms';
import { JobName, QueueName } from '@app/contracts';
import { addCalendarDays } from '@app/domain';
import { CalendarService, startOfShanghaiDay } from '@app/persistence';
import { createStaff, startTestSystem, waitFor } from '@app/testing';
import { NotifierModule } from '../apps/notifier/src/notifier.module';
import { ArmClocks } from '../apps/sla/src/arm-clocks';
import { SlaModule } from '../apps/sla/src/sla.module';
import { WorkflowModule } from '../apps/workflow/src/workflow.module';
import { percentile, pool, report } from './report';
import { seedOpenCases } from './seed-open-cases';

/**
 * Alarm lateness under load: ALARMS cases (default 2,000) whose yellow alarm is due at the next Shanghai
 * midnight that begins a working day; the injected clock is moved to LEAD_MS before it, the alarms are armed
 * as delayed jobs, and BACKLOG jobs (default 20,000, real screening jobs that re-read their case) are put on
 * the workflow queue 1 s before they ring. Lateness is fired_at − due_at as the engine records it.
 * BENCH_WORKER_CONCURRENCY sets WORKER_CONCURRENCY (jobs at once per worker; default 10).
 *
 * Besides the engine's own figure, an observer polls the alarms table every OBSERVE_EVERY_MS and reports when
 * each share of the alarms had become visible to a reader (committed), in the database's clock: the engine
 * records `fired_at` as each row is written, which a long statement commits later. BENCH_TELL=1 gives every
 * case an open acceptance task and each district a reviewer, so every alarm tells someone; the delay of those
 * messages is reported too (`created_at` of the notifications − the due moment).
 */
/** How long before the due moment the backlog is put on the workflow queue. */
const BACKLOG_LEAD_MS = 1_000;
/** How often the observer counts the alarms a reader sees. */
const OBSERVE_EVERY_MS = 10;

export async function latenessBench(): Promise<void> {
  const alarmsWanted = Number(process.env.BENCH_ALARMS ?? 2_000);
  const backlog = Number(process.env.BENCH_BACKLOG ?? 20_000);
  const leadMs = Number(process.env.BENCH_LEAD_MS ?? 30_000);
  const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 10);
  // As deployed, the workflow workers that chew the backlog run in a process of their own (BENCH_SAME_PROCESS=1
  // puts them in the sla process instead, sharing its event loop).
  const sameProcess = process.env.BENCH_SAME_PROCESS === '1';
  const sys = await startTestSystem({
    label: 'bench_lateness',
    modules: sameProcess ? [WorkflowModule, SlaModule, NotifierModule] : [SlaModule],
    consume: sameProcess ? [QueueName.Workflow, QueueName.Sla, QueueName.Notifier, QueueName.Alarms] : [QueueName.Sla, QueueName.Alarms],
    relay: false, http: false, env: { LOG_LEVEL: 'fatal', SLA_SWEEP_EVERY_MS: '60000', WORKER_CONCURRENCY: String(concurrency) },
  });
  let workflowProcess: ChildProcess | null = null;
  try {
    if (!sameProcess) {
      workflowProcess = spawn(process.execPath, [...process.execArgv, join(__dirname, '../apps/workflow/main.ts')], {
        stdio: 'ignore',
        env: {
          ...process.env, NODE_ENV: 'test', DATABASE_URL: sys.databaseUrl, REDIS_URL: sys.redisUrl, QUEUE_PREFIX: sys.prefix,
          RUN_MIGRATIONS: 'false', SEED_DEMO: 'false', LOG_LEVEL: 'fatal', PORT: '0', WORKER_CONCURRENCY: String(concurrency),
        },
      });
      await waitFor(async () => (await sys.queues.queue(QueueName.Workflow).getWorkers()).length > 0, 'the workflow process', 600_000);
    }
    const calendar = sys.running.app.get(CalendarService).calendar();
    const ringDay = calendar.addWorkingDays(sys.time.today(), 1);
    const dueAt = startOfShanghaiDay(ringDay).getTime();
    // Every process must see the same "now": the development clock (demo_clock, which each process reads once a
    // second), not a travel of this process alone — a wake-up or helper taken by the workflow process would
    // otherwise find nothing due and the alarms wait for the sweep.
    const shift = Math.round(dueAt - leadMs - sys.time.now().getTime());
    await sys.dataSource.query(
      `INSERT INTO demo_clock (id, offset_ms) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET offset_ms = demo_clock.offset_ms + EXCLUDED.offset_ms`,
      [shift],
    );
    sys.time.useDemoOffset(sys.time.demoOffsetMs() + shift);
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = await seedOpenCases(sys.dataSource, alarmsWanted, addCalendarDays(ringDay, -1));
    const tell = process.env.BENCH_TELL === '1';
    if (tell) {
      for (let district = 1; district <= 10; district++) await createStaff(sys.dataSource, ['district_reviewer'], String(350100 + district));
      await sys.dataSource.query(
        `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code)
         SELECT a.id, gen_random_uuid(), 'acceptance', 'open', 'district_reviewer', e.region_code
           FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = ANY($1::uuid[])`,
        [ids],
      );
    }
    const armStarted = Date.now();
    if (process.env.BENCH_ARM === 'sql') {
      // Firing alone (BENCH_ARM=sql): the yellow alarms and their moment written in one statement and the instant's one wake-up,
      // as arming would leave them; for a machine too loaded to arm thousands of cases within the lead.
      await sys.dataSource.query(
        `WITH moment AS (INSERT INTO sla_moments (due_at) VALUES ($2) RETURNING id)
         INSERT INTO sla_alarm_rows (application_id, clock, epoch, level, due_at, last_event_id, moment_id)
         SELECT application_id, clock, id, 'yellow', $2, id, (SELECT id FROM moment)
           FROM clock_events WHERE clock = 'acceptance' AND application_id = ANY($1::uuid[])`,
        [ids, new Date(dueAt)],
      );
      await sys.dataSource.query('UPDATE applications SET alarms_armed_version = version WHERE id = ANY($1::uuid[])', [ids]);
      await sys.queues.addBulk(QueueName.Alarms, [wakeupJob(dueAt, sys.time.now().getTime())]);
    } else {
      const alarms = sys.running.app.get(ArmClocks);
      await pool(ids, 16, (id) => alarms.arm(id));
    }
    const armMs = Date.now() - armStarted;
    if (sys.time.now().getTime() >= dueAt - 1_000) {
      throw new Error(`arming ${alarmsWanted} alarms took ${armMs} ms, longer than the lead of ${leadMs} ms: raise BENCH_LEAD_MS`);
    }

    const workflow = sys.queues.queue(QueueName.Workflow);
    // The backlog goes in just before the alarms ring, so it is still there when they do (added earlier, the
    // workflow workers would have drained it: re-reading a case that moved on is quick).
    await waitFor(() => sys.time.now().getTime() >= dueAt - BACKLOG_LEAD_MS, 'the moment to add the backlog', leadMs + 60_000);
    for (let i = 0; i < backlog; i += 1000) {
      await workflow.addBulk(
        Array.from({ length: Math.min(1000, backlog - i) }, (_, k) => ({
          name: JobName.ScreenApplication,
          data: { applicationId: ids[(i + k) % ids.length] },
          opts: { jobId: `bench-backlog-${i + k}` },
        })),
      );
    }
    // The due moment in the database's clock (the engine's clock is it plus the travel offset).
    const [{ db }]: { db: Date }[] = await sys.dataSource.query('SELECT clock_timestamp() AS db');
    const dueDb = dueAt - (sys.time.now().getTime() - db.getTime());
    const observed = observeInAnotherProcess(sys.databaseUrl, alarmsWanted, dueDb - 20);
    const backlogAtDue = await waitFor(async () => (sys.time.now().getTime() >= dueAt ? (await workflow.getWaitingCount()) + (await workflow.getActiveCount()) + 1 : null), 'the due moment', leadMs + 60_000);
    const seen = await observed;
    const last = seen[seen.length - 1];
    if (!last || last.n < alarmsWanted) throw new Error(`only ${last?.n ?? 0} of ${alarmsWanted} yellow alarms fired in 2 minutes`);
    const visibleAt = (share: number) => seen.find((s) => s.n >= Math.ceil(share * alarmsWanted))!.at - dueDb;
    // The look before that one saw fewer: the moment they became visible lies between the two.
    // (Null when even the first look saw them all: the observer came too late to say.)
    const notYetAt = (share: number) => {
      const before = [...seen].reverse().find((s) => s.n < Math.ceil(share * alarmsWanted));
      return before ? before.at - dueDb : null;
    };
    const rows: { lateness_ms: string }[] = await sys.dataSource.query(`SELECT lateness_ms FROM sla_alarms WHERE level = 'yellow'`);
    const lateness = rows.map((r) => Number(r.lateness_ms));
    let told: number[] = [];
    if (tell) {
      // Alarms fired and not yet told wait on their rung moment (sla_alarm_rows.moment_id).
      await waitFor(async () => {
        const [{ n }]: { n: string }[] = await sys.dataSource.query(
          `SELECT count(*) AS n FROM sla_alarm_rows r JOIN sla_moments m ON m.id = r.moment_id WHERE m.fired_at IS NOT NULL`,
        );
        return Number(n) === 0;
      }, 'every alarm to be told', 120_000);
      const messages: { at: Date }[] = await sys.dataSource.query(`SELECT created_at AS at FROM notifications WHERE kind = 'sla.yellow'`);
      told = messages.map((m) => m.at.getTime() - dueDb);
    }
    report('alarm lateness with a backlog on the other queues', [
      { bench: 'lateness', measure: 'alarms fired', value: lateness.length, unit: 'alarms' },
      { bench: 'lateness', measure: 'arming them (ms)', value: armMs, unit: 'ms' },
      { bench: 'lateness', measure: 'workflow jobs waiting or active at the due moment', value: backlogAtDue - 1, unit: 'jobs' },
      { bench: 'lateness', measure: 'lateness p50 (ms)', value: percentile(lateness, 50), unit: 'ms' },
      { bench: 'lateness', measure: 'lateness p99 (ms)', value: percentile(lateness, 99), unit: 'ms', target: '< 100 ms' },
      { bench: 'lateness', measure: 'lateness max (ms)', value: Math.max(...lateness), unit: 'ms' },
      { bench: 'lateness', measure: 'lateness min (ms)', value: Math.min(...lateness), unit: 'ms' },
      { bench: 'lateness', measure: 'visible to a reader p50 (ms)', value: visibleAt(0.5), unit: 'ms' },
      { bench: 'lateness', measure: 'visible to a reader p99 (ms)', value: visibleAt(0.99), unit: 'ms' },
      { bench: 'lateness', measure: 'not yet visible p99, the look before (ms)', value: notYetAt(0.99) ?? NaN, unit: 'ms' },
      ...(tell ? [
        { bench: 'lateness', measure: 'messages written', value: told.length, unit: 'messages' },
        { bench: 'lateness', measure: 'told p50 (ms)', value: percentile(told, 50), unit: 'ms' },
        { bench: 'lateness', measure: 'told p99 (ms)', value: percentile(told, 99), unit: 'ms' },
      ] : []),
    ], { alarms: alarmsWanted, backlog, leadMs, workerConcurrency: concurrency, backlogConsumer: sameProcess ? 'same process' : 'workflow process', tell, observeEveryMs: OBSERVE_EVERY_MS });
  } finally {
    workflowProcess?.kill('SIGTERM');
    await sys.stop();
  }
}

/**
 * The observer: (database clock, alarms visible) every OBSERVE_EVERY_MS from `fromDb` (database clock) until all
 * are; a count sees what had committed when its statement began. In a process and on a connection of its own, so
 * neither the engine's event loop (telling, in this process) nor its connection pool delays a look.
 */
function observeInAnotherProcess(databaseUrl: string, wanted: number, fromDb: number): Promise<{ at: number; n: number }[]> {
  const script = `
    const { Client } = require('pg');
    (async () => {
      const c = new Client({ connectionString: process.env.OBSERVE_URL });
      await c.connect();
      const wanted = Number(process.env.OBSERVE_WANTED), from = Number(process.env.OBSERVE_FROM), every = Number(process.env.OBSERVE_EVERY);
      for (;;) {
        const left = from - (await c.query('SELECT clock_timestamp() AS now')).rows[0].now.getTime();
        if (left <= 0) break;
        await new Promise((r) => setTimeout(r, Math.min(left, 1000)));
      }
      const seen = [];
      for (const started = Date.now(); ; ) {
        const row = (await c.query("SELECT statement_timestamp() AS at, count(*) AS n FROM sla_alarms WHERE level = 'yellow'")).rows[0];
        seen.push({ at: row.at.getTime(), n: Number(row.n) });
        if (Number(row.n) >= wanted || Date.now() - started > 120000) break;
        await new Promise((r) => setTimeout(r, every));
      }
      await c.end();
      process.stdout.write(JSON.stringify(seen));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OBSERVE_URL: databaseUrl, OBSERVE_WANTED: String(wanted), OBSERVE_FROM: String(fromDb), OBSERVE_EVERY: String(OBSERVE_EVERY_MS) },
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { at: number; n: number }[]) : reject(new Error(`the observer exited with ${code}`))));
  });
}
