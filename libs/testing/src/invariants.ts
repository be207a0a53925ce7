import { ALL_QUEUES, JobName } from '@app/contracts';
import { allowedTransitions, ProgramVersion } from '@app/domain';
import { verifyAudit } from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/** The invariants of docs/RELIABILITY.md (I1–I9) and the owed messages (M), each as the list of what violates it. */
export type InvariantReport = Record<string, string[]>;

const CLOSED = `('refused', 'withdrawn', 'declined', 'lapsed')`;
const FINISHED = `('paid', 'refused', 'withdrawn', 'declined', 'lapsed')`;

async function rows(dataSource: DataSource, sql: string, params: unknown[] = []): Promise<string[]> {
  const found: Record<string, unknown>[] = await dataSource.query(sql, params);
  return found.map((r) => JSON.stringify(r));
}

/**
 * Runs every check once things have settled (outbox published, queues idle); each must return nothing.
 * `acknowledged`: the case ids the API answered 2xx for. `queues`: to read failed jobs (I8); omit when the
 * caller checks them itself. `recoveryWindow`: how long an outbox row or an unarmed case may wait.
 */
export async function checkInvariants(
  dataSource: DataSource,
  options: { acknowledged: string[]; queues?: QueueService; recoveryWindow?: string },
): Promise<InvariantReport> {
  const window = options.recoveryWindow ?? '2 minutes';
  const report: InvariantReport = {};
  report.I1 = await rows(dataSource, `SELECT id FROM unnest($1::uuid[]) AS id WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = id)`, [
    options.acknowledged,
  ]);
  report.I2 = await rows(
    dataSource,
    `SELECT enterprise_id, program_code, year, count(*) AS n FROM applications WHERE status NOT IN ${CLOSED}
      GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  );
  report.I3 = await rows(
    dataSource,
    `SELECT application_id, tranche, count(*) AS n FROM disbursements GROUP BY 1, 2 HAVING count(*) > 1
     UNION ALL
     SELECT d.application_id, NULL, sum(d.amount_fen) FROM disbursements d JOIN applications a ON a.id = d.application_id
      WHERE d.status = 'paid' GROUP BY d.application_id, a.amount_fen HAVING sum(d.amount_fen) > COALESCE(a.amount_fen, 0)`,
  );
  // I4: transitions numbered 1..version without gaps or doubles, one case audit row each, chains that verify.
  report.I4 = await rows(
    dataSource,
    `SELECT a.id, a.version, count(t.id) AS transitions, count(DISTINCT t.seq) AS seqs, max(t.seq) AS last,
            (SELECT count(*) FROM audit_log l WHERE l.stream = 'application:' || a.id AND l.action LIKE 'case.%') AS audits
       FROM applications a LEFT JOIN transitions t ON t.application_id = a.id
      GROUP BY a.id, a.version
     HAVING count(t.id) <> a.version OR count(DISTINCT t.seq) <> a.version OR max(t.seq) <> a.version
         OR (SELECT count(*) FROM audit_log l WHERE l.stream = 'application:' || a.id AND l.action LIKE 'case.%') <> a.version`,
  );
  const chain = await verifyAudit(dataSource.manager);
  if (!chain.ok) report.I4.push(`audit chain broken: ${JSON.stringify(chain)}`);
  report.I5 = await rows(
    dataSource,
    `SELECT p.id, p.total_fen, p.reserved_fen, COALESCE(sum(r.amount_fen), 0) AS reservations
       FROM budget_pools p LEFT JOIN budget_reservations r ON r.pool_id = p.id
      GROUP BY p.id HAVING p.reserved_fen > p.total_fen OR COALESCE(sum(r.amount_fen), 0) > p.total_fen`,
  );
  // I6: every outbox row published within the window; no effect twice (the unique keys and I4 say the rest).
  report.I6 = await rows(
    dataSource,
    `SELECT id, job_name, run_at FROM outbox WHERE published_at IS NULL AND run_at < now() - $1::interval`,
    [window],
  );
  // I7: every open case armed for its version (or about to be, by the sweep); no alarm before its due time.
  report.I7 = await rows(
    dataSource,
    `SELECT id, status, version, alarms_armed_version FROM applications
      WHERE status NOT IN ${FINISHED} AND status <> 'approved' AND alarms_armed_version IS DISTINCT FROM version
        AND updated_at < now() - $1::interval
     UNION ALL
     SELECT application_id, level, NULL, NULL FROM sla_alarms WHERE fired_at < due_at`,
    [window],
  );
  // I8: a failed job always says why; (its alert is subsidy_jobs_failed_total).
  report.I8 = [];
  for (const name of options.queues ? ALL_QUEUES : []) {
    const failed = await options.queues!.queue(name).getJobs(['failed']);
    for (const job of failed) {
      if (job && job.name !== JobName.SweepClocks && !job.failedReason) report.I8.push(`${name}/${job.name}#${job.id} without a reason`);
    }
  }
  // I9: every transition is one the state machine allows, and each starts where the previous one ended.
  const versions: { id: string; definition: ProgramVersion }[] = await dataSource.query('SELECT id, definition FROM program_versions');
  const allowed = new Map(versions.map((v) => [v.id, allowedTransitions(v.definition.stages)]));
  const steps: { application_id: string; seq: number; from_status: string; to_status: string; program_version_id: string; prev: string | null }[] =
    await dataSource.query(
      `SELECT t.application_id, t.seq, t.from_status, t.to_status, a.program_version_id,
              lag(t.to_status) OVER (PARTITION BY t.application_id ORDER BY t.seq) AS prev
         FROM transitions t JOIN applications a ON a.id = t.application_id`,
    );
  report.I9 = steps
    .filter((s) => (s.seq === 1 ? s.from_status !== 'new' : !allowed.get(s.program_version_id)?.has(`${s.from_status}->${s.to_status}`) || s.prev !== s.from_status))
    .map((s) => JSON.stringify(s));
  report.I9.push(
    ...(await rows(
      dataSource,
      `SELECT a.id, a.status, t.to_status FROM applications a JOIN transitions t ON t.application_id = a.id AND t.seq = a.version
        WHERE t.to_status <> a.status`,
    )),
  );
  report.M = await owedMessages(dataSource);
  return report;
}

/**
 * Messages owed and not sent: a transition whose enterprise accounts lack its message, a review task whose
 * eligible reviewers were not told, an owed job still recorded, a webhook delivery overdue.
 */
export async function owedMessages(dataSource: DataSource): Promise<string[]> {
  return rows(
    dataSource,
    `SELECT 'enterprise' AS kind, t.id::text AS subject, acc.id::text AS account FROM transitions t
       JOIN applications a ON a.id = t.application_id JOIN accounts acc ON acc.enterprise_id = a.enterprise_id
      WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.account_id = acc.id AND n.source_id = t.id::text)
     UNION ALL
     SELECT 'reviewer', rt.id::text, NULL FROM review_tasks rt
      WHERE rt.kind = 'review' AND EXISTS (SELECT 1 FROM accounts acc WHERE rt.candidate_role = ANY(acc.roles)
                    AND (rt.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = rt.region_code))
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.source_id = rt.id::text)
     UNION ALL
     SELECT 'owed ' || job_name, subject_id::text, outbox_id::text FROM owed_jobs
     UNION ALL
     SELECT 'webhook', id::text, status FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at < now() - interval '1 minute'`,
  );
}

/** Every violation, flattened, for an `expect(...).toEqual([])`. */
export function violations(report: InvariantReport): string[] {
  return Object.entries(report).flatMap(([name, list]) => list.map((v) => `${name}: ${v}`));
}
