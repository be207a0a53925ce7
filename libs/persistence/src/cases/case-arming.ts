import { JobItem, JobName } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { PLAN_ONCE } from '../preparing-client';
import { RunningClockRow, WantedTimer } from './arming-plan';
import { DueDates, openTasksDueSql } from './case-clocks';

/**
 * A wake-up job is due this long before its moment: the drainer (and, for a large instant, its helpers, asked
 * then) is awake and waiting when the moment comes, instead of starting after the queue's delay.
 */
export const WAKE_EARLY_MS = 300;

/** What arming writes for a set of cases: their versions and their plans (`armingPlan`). */
export interface ArmingInput {
  cases: { id: string; version: number }[];
  timers: WantedTimer[];
  running: RunningClockRow[];
  /**
   * One case only: its cached due dates, written by the same statement (a transition's: one UPDATE of the case
   * row instead of two, one round trip less). The case's own date is set with its arming (`marked`): a transition
   * holds the row at its new version, which nothing can have armed yet, so the guard always takes it.
   */
  due?: DueDates;
}

/** What the write did, over all its tries. */
export interface ArmingWritten {
  /** Cases armed (a case armed meanwhile for a newer version, or locked when `skipLocked`, is left alone). */
  cases: number;
  /** Their alarms still to fire. */
  pending: number;
  /** Alarms due already: their moment rang with this write, they fire when it commits and are told by a drain. */
  due: number;
  /** Moments (ms) this write made: each needs its wake-up job. */
  wakeups: number[];
  /** Alarms still without their moment after the last try: the caller fails (and is retried). */
  unplaced: number;
}

/** How many statements an arming tries before it gives up on alarms left unplaced. */
const TRIES = 5;

/**
 * The write of an arming, one statement for any number of cases: only what differs from what is stored is
 * written (alarm rows, moments, running clocks, `next_alarm_at` and `alarms_armed_version`), so re-arming an
 * unchanged case writes nothing. `guard` locks each case's row for the statement and leaves out a case armed
 * meanwhile for a newer version: an older reading can never overwrite a newer one's alarms. An alarm that fired
 * (what `sla_alarms` shows) is never armed again.
 * Each alarm still to come is written as a row waiting for its moment: the unrung `sla_moments` row of its due
 * moment (one per moment, made here when none waits yet — `made`: those need a wake-up job). An alarm due
 * already waits for a moment rung by this statement: it fires when the arming commits. The moments an arming
 * uses or whose alarms it changes are held `FOR SHARE` (in id order, as ringing takes them) until it commits,
 * so a moment never rings halfway through an arming; an alarm whose moment rang before that is left as it is.
 * An alarm no longer wanted whose due moment has passed unrung (the engine was late) is left to ring: the view
 * shows it unless its clock moved before that moment. A moment made by a concurrent arming after this
 * statement's snapshot is not seen: its alarms are left out (`unplaced`) and the caller runs the statement again.
 */
function armingStatement(skipLocked: boolean, oneCase: boolean, withDue: boolean): string {
  // One case (a transition's): its id and version as scalars, so the statement is prepared and planned once
  // per connection (a generic plan sizes one row as well as a custom one does).
  return `${oneCase ? PLAN_ONCE : ''}
  WITH input AS (
    ${oneCase ? 'SELECT $1::uuid AS id, $2::int AS version' : 'SELECT * FROM unnest($1::uuid[], $2::int[]) AS i(id, version)'}),
  guard AS MATERIALIZED (
    SELECT a.id, i.version FROM applications a JOIN input i ON i.id = a.id
     WHERE COALESCE(a.alarms_armed_version, 0) <= i.version
     ORDER BY a.id FOR NO KEY UPDATE OF a${skipLocked ? ' SKIP LOCKED' : ''}),
  wanted AS (
    SELECT w.* FROM jsonb_to_recordset($3::jsonb)
             AS w(application_id uuid, clock text, epoch bigint, level text, due_at timestamptz, last_event_id bigint)
     WHERE w.application_id IN (SELECT id FROM guard)),
  fired AS MATERIALIZED (
    SELECT f.application_id, f.clock, f.epoch, f.level FROM sla_alarms f WHERE f.application_id IN (SELECT id FROM guard)),
  pending AS (
    SELECT w.* FROM wanted w
     WHERE NOT EXISTS (SELECT 1 FROM fired f
                        WHERE f.application_id = w.application_id AND f.clock = w.clock AND f.epoch = w.epoch AND f.level = w.level)),
  stored AS MATERIALIZED (
    SELECT r.id, r.application_id, r.clock, r.epoch, r.level, r.due_at, r.last_event_id, r.moment_id, m.fired_at IS NOT NULL AS rang
      FROM sla_alarm_rows r LEFT JOIN sla_moments m ON m.id = r.moment_id
     WHERE r.application_id IN (SELECT id FROM guard) AND r.fired_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM fired f
                        WHERE f.application_id = r.application_id AND f.clock = r.clock AND f.epoch = r.epoch AND f.level = r.level)),
  differ AS (
    SELECT p.* FROM pending p
     WHERE NOT EXISTS (SELECT 1 FROM stored s
                        WHERE s.application_id = p.application_id AND s.clock = p.clock AND s.epoch = p.epoch AND s.level = p.level
                          AND s.due_at = p.due_at AND s.last_event_id = p.last_event_id)),
  doomed AS (
    SELECT s.* FROM stored s
     WHERE NOT EXISTS (SELECT 1 FROM pending p
                        WHERE p.application_id = s.application_id AND p.clock = s.clock AND p.epoch = s.epoch AND p.level = s.level)),
  held AS MATERIALIZED (
    SELECT m.id, m.due_at FROM sla_moments m
     WHERE m.fired_at IS NULL
       AND (m.id IN (SELECT s.moment_id FROM stored s JOIN differ d USING (application_id, clock, epoch, level) WHERE NOT s.rang
                     UNION ALL SELECT moment_id FROM doomed WHERE NOT rang)
            OR m.due_at IN (SELECT due_at FROM differ WHERE due_at > $5))
     ORDER BY m.id FOR SHARE),
  free AS (
    SELECT s.* FROM stored s WHERE s.rang OR s.moment_id IN (SELECT id FROM held)),
  changed AS (
    SELECT d.* FROM differ d
     WHERE NOT EXISTS (SELECT 1 FROM stored s
                        WHERE s.application_id = d.application_id AND s.clock = d.clock AND s.epoch = d.epoch AND s.level = d.level
                          AND s.id NOT IN (SELECT id FROM free))),
  made AS (
    INSERT INTO sla_moments (due_at)
    SELECT DISTINCT due_at FROM changed WHERE due_at > $5 AND due_at NOT IN (SELECT due_at FROM held) ORDER BY due_at
    ON CONFLICT (due_at) WHERE fired_at IS NULL DO NOTHING
    RETURNING id, due_at),
  rung AS (
    INSERT INTO sla_moments (due_at, fired_at)
    SELECT $5, $5::timestamptz + (clock_timestamp() - statement_timestamp()) WHERE EXISTS (SELECT 1 FROM changed WHERE due_at <= $5)
    RETURNING id),
  placed AS (
    SELECT c.*, CASE WHEN c.due_at <= $5 THEN (SELECT id FROM rung)
                     ELSE COALESCE((SELECT h.id FROM held h WHERE h.due_at = c.due_at), (SELECT n.id FROM made n WHERE n.due_at = c.due_at))
                END AS moment_id
      FROM changed c),
  gone AS (
    DELETE FROM sla_alarm_rows r USING doomed d
     WHERE r.id = d.id AND r.id IN (SELECT id FROM free) AND (d.rang OR d.due_at > $5)
    RETURNING 1),
  written AS (
    INSERT INTO sla_alarm_rows AS r (application_id, clock, epoch, level, due_at, last_event_id, moment_id)
    SELECT application_id, clock, epoch, level, due_at, last_event_id, moment_id FROM placed WHERE moment_id IS NOT NULL ORDER BY due_at
    ON CONFLICT (application_id, clock, epoch, level) DO UPDATE
       SET due_at = EXCLUDED.due_at, last_event_id = EXCLUDED.last_event_id, moment_id = EXCLUDED.moment_id
     WHERE r.fired_at IS NULL
    RETURNING 1),
  running AS (
    SELECT r.* FROM jsonb_to_recordset($4::jsonb) AS r(application_id uuid, clock text, program_code text, region_code text,
                                                      limit_days int, counting_from date, yellow_on date, due_on date)
     WHERE r.application_id IN (SELECT id FROM guard)),
  running_gone AS (
    DELETE FROM sla_running_clocks s WHERE s.application_id IN (SELECT id FROM guard)
       AND NOT EXISTS (SELECT 1 FROM running r WHERE r.application_id = s.application_id AND r.clock = s.clock)
    RETURNING 1),
  running_written AS (
    INSERT INTO sla_running_clocks AS s (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
    SELECT application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on FROM running
    ON CONFLICT (application_id, clock) DO UPDATE SET limit_days = EXCLUDED.limit_days, counting_from = EXCLUDED.counting_from,
       yellow_on = EXCLUDED.yellow_on, due_on = EXCLUDED.due_on
     WHERE (s.limit_days, s.counting_from, s.yellow_on, s.due_on)
           IS DISTINCT FROM (EXCLUDED.limit_days, EXCLUDED.counting_from, EXCLUDED.yellow_on, EXCLUDED.due_on)
    RETURNING 1),
${withDue ? `
  tasks_due AS (
    ${openTasksDueSql('$1', '$7')}
    RETURNING 1),` : ''}
  marked AS (
    UPDATE applications a SET next_alarm_at = n.next_at, alarms_armed_version = GREATEST(COALESCE(a.alarms_armed_version, 0), g.version)${
      withDue ? ', due_on = $6::date' : ''}
      FROM guard g LEFT JOIN LATERAL (SELECT min(p.due_at) AS next_at FROM pending p WHERE p.application_id = g.id) n ON true
     WHERE a.id = g.id
       AND (a.next_alarm_at IS DISTINCT FROM n.next_at${withDue ? ' OR a.due_on IS DISTINCT FROM $6::date' : ''}
            OR a.alarms_armed_version IS DISTINCT FROM GREATEST(COALESCE(a.alarms_armed_version, 0), g.version))
    RETURNING 1)
  SELECT (SELECT count(*) FROM guard)::int AS cases,
         (SELECT count(*) FROM pending)::int AS pending,
         (SELECT count(*) FROM placed WHERE due_at <= $5)::int AS due,
         (SELECT count(*) FROM placed WHERE moment_id IS NULL)::int AS unplaced,
         ((SELECT count(*) FROM gone) + (SELECT count(*) FROM written) + (SELECT count(*) FROM running_gone)
          + (SELECT count(*) FROM running_written) + (SELECT count(*) FROM marked))::int AS changed,
         (SELECT COALESCE(json_agg(floor(extract(epoch FROM due_at) * 1000)), '[]'::json) FROM made) AS wakeups`;
}

/**
 * Writes an arming (one statement, see `armingStatement`) in the caller's `manager`: in a transaction, the arming
 * is part of it (its moments held and made, its alarms and running clocks, until it commits); on the data
 * source, each statement commits by itself. A moment a concurrent arming made after a statement's snapshot
 * leaves alarms unplaced: a new statement (a new snapshot, also inside a READ COMMITTED transaction) sees it.
 * Rare (two armings making one moment at once); a few tries always settle it. Each try's own `now` (`clock`).
 */
export async function writeArming(
  manager: EntityManager, input: ArmingInput, options: { clock: () => Date; skipLocked?: boolean },
): Promise<ArmingWritten> {
  const written: ArmingWritten = { cases: 0, pending: 0, due: 0, wakeups: [], unplaced: 0 };
  if (input.cases.length === 0) return written;
  const timers = JSON.stringify(input.timers);
  const running = JSON.stringify(input.running);
  const oneCase = input.cases.length === 1;
  if (input.due && (!oneCase || options.skipLocked)) throw new Error('arming writes due dates for one case it waits for only');
  const statement = armingStatement(options.skipLocked === true, oneCase, input.due !== undefined);
  const due = input.due ? [input.due.case, JSON.stringify(input.due.stages)] : [];
  const ids = oneCase ? input.cases[0].id : input.cases.map((c) => c.id);
  const versions = oneCase ? input.cases[0].version : input.cases.map((c) => c.version);
  for (let attempt = 0; attempt < TRIES && (attempt === 0 || written.unplaced > 0); attempt++) {
    const [row]: { cases: number; pending: number; due: number; unplaced: number; wakeups: number[] }[] = await manager.query(
      statement, [ids, versions, timers, running, options.clock(), ...due],
    );
    written.cases = row.cases;
    written.pending = row.pending;
    written.due += row.due;
    written.unplaced = row.unplaced;
    written.wakeups.push(...row.wakeups.map(Number));
  }
  return written;
}

/**
 * The outbox rows an arming inside a transition owes the alarms queue: a wake-up for each moment it made, due
 * WAKE_EARLY_MS before it (published when the transition commits, so it exists exactly when its moment does;
 * a duplicate — the sweep setting wake-ups again — only finds nothing left to ring), and a drain when alarms
 * are due already (their moment rang with the transition: they are told once it commits).
 */
export function armingJobs(written: ArmingWritten, now: Date): { job: JobItem; runAt?: Date }[] {
  const jobs: { job: JobItem; runAt?: Date }[] = written.wakeups.map((moment) => ({
    job: { name: JobName.FireAlarm, data: { dueAt: new Date(moment).toISOString() } },
    runAt: new Date(moment - WAKE_EARLY_MS),
  }));
  if (written.due > 0) jobs.push({ job: { name: JobName.FireAlarm, data: { dueAt: now.toISOString() } } });
  return jobs;
}
