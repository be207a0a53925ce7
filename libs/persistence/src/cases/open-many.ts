import { randomUUID } from 'node:crypto';
import { JOB_QUEUE, JobItem, JobName } from '@app/contracts';
import { DomainError, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor, AUDIT_GENESIS, firstAuditHash } from '../audit';
import { copyRows } from '../copy-rows';
import { owedFromOutbox, owedParams } from '../owed-jobs';
import { duplicateClaimError } from './duplicate-claims';

/** What the cases opened together share. */
export interface OpenManyCommon {
  programCode: string;
  programVersionId: string;
  year: number;
  status: 'submitted' | 'awaiting_confirmation';
  actor: Actor;
}

export interface CaseToOpen {
  enterpriseId: string;
  facts: Record<string, unknown>;
  patch?: { eligible?: boolean; amount_fen?: number; split?: Record<string, number>; trace?: unknown[] };
}

export interface OpenedCase {
  enterpriseId: string;
  applicationId: string;
  transitionId: string;
}

/**
 * The staging table of a transaction: COPY fills it, the one set-based statement below empties it into the real
 * tables. Temporary (per connection, never logged) and emptied at commit, so pooled connections share nothing.
 */
const STAGE = 'pg_temp.opening_cases';
const STAGE_COLUMNS = [
  'ord', 'application_id', 'transition_id', 'enterprise_id', 'facts', 'eligible', 'amount_fen', 'split', 'trace',
  'audit_data', 'audit_hash', 'jobs',
] as const;
const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS opening_cases (
  ord int NOT NULL, application_id uuid NOT NULL, transition_id uuid NOT NULL, enterprise_id uuid NOT NULL, facts jsonb NOT NULL,
  eligible boolean, amount_fen bigint, split jsonb, trace jsonb, audit_data jsonb NOT NULL, audit_hash text NOT NULL,
  jobs jsonb NOT NULL) ON COMMIT DELETE ROWS`;

/**
 * Every row `CaseTransitions.open` writes for a case — the case, its transition from 'new', its audit stream's
 * first row, its outbox rows (and the owed-message records of those) — for all of `cases` in one statement. Its
 * `DELETE … RETURNING` empties the stage in the same snapshot, so a second call in the transaction starts clean.
 */
const OPEN_STAGED = `
WITH staged AS (DELETE FROM ${STAGE} RETURNING *),
app AS (
  INSERT INTO applications (id, enterprise_id, program_code, program_version_id, year, status, version, facts,
                            submitted_at, eligible, amount_fen, split, trace)
  SELECT application_id, enterprise_id, $1, $2, $3, $4, 1, facts, $5, eligible, amount_fen, split, trace
    FROM staged ORDER BY ord
  RETURNING id),
tr AS (
  INSERT INTO transitions (id, application_id, seq, from_status, to_status, action, actor_account_id, actor_role, at)
  SELECT transition_id, application_id, 1, 'new', $4, 'open', $6, $7, $5 FROM staged ORDER BY ord),
au AS (
  INSERT INTO audit_log (stream, seq, actor_account_id, actor_role, action, data, at, prev_hash, hash)
  SELECT 'application:' || application_id, 1, $6, $7, 'case.open', audit_data, $5, $8, audit_hash FROM staged ORDER BY ord),
ob AS (
  INSERT INTO outbox (queue, job_name, payload, run_at)
  SELECT j.e->>'q', j.e->>'n', j.e->'p', COALESCE((j.e->>'r')::timestamptz, now())
    FROM staged s CROSS JOIN LATERAL jsonb_array_elements(s.jobs) WITH ORDINALITY AS j(e, i)
   ORDER BY s.ord, j.i
  RETURNING id, job_name, payload),
ow AS (${owedFromOutbox('ob', '$9', '$10')})
SELECT count(*)::int AS opened FROM app`;

/**
 * Opens many cases of one program, year and status at once (a 免申即享 batch): ids made here, the rows COPYed into
 * the staging table, then one set-based statement. Must run in the caller's transaction. A case that would break
 * the one-open-case rule (or claim twice what the version grants once only) fails the whole call with the 409 `open`
 * gives, and the caller's transaction rolls back.
 */
export async function openMany(
  manager: EntityManager,
  now: Date,
  definition: ProgramVersion,
  common: OpenManyCommon,
  cases: readonly CaseToOpen[],
  jobsOf: (applicationId: string) => { job: JobItem; runAt?: Date }[] = () => [],
): Promise<OpenedCase[]> {
  if (cases.length === 0) return [];
  const opened: OpenedCase[] = cases.map((c) => ({ enterpriseId: c.enterpriseId, applicationId: randomUUID(), transitionId: randomUUID() }));
  const rows = cases.map((c, i) => {
    const { applicationId, transitionId } = opened[i];
    const data = { to: common.status, program: common.programCode, year: common.year, transitionId };
    const hash = firstAuditHash({ stream: `application:${applicationId}`, actor: common.actor, action: 'case.open', data, at: now });
    const jobs: { job: JobItem; runAt?: Date }[] = [
      ...(common.status === 'submitted' ? [{ job: { name: JobName.ScreenApplication, data: { applicationId } } as JobItem }] : []),
      { job: { name: JobName.NotifyTransition, data: { transitionId } } as JobItem },
      ...jobsOf(applicationId),
    ];
    const patch = c.patch ?? {};
    return [
      i, applicationId, transitionId, c.enterpriseId, JSON.stringify(c.facts), patch.eligible ?? null, patch.amount_fen ?? null,
      patch.split ? JSON.stringify(patch.split) : null, patch.trace ? JSON.stringify(patch.trace) : null,
      JSON.stringify(data), hash,
      JSON.stringify(jobs.map(({ job, runAt }) => ({ q: JOB_QUEUE[job.name], n: job.name, p: job.data, r: runAt?.toISOString() ?? null }))),
    ];
  });
  // The planner cannot know the stage's size (a temp table is never analysed) nor how many jobs each case carries,
  // so it guesses a million outbox rows and JIT-compiles the statement: ~250 ms of PostgreSQL CPU per batch, more
  // than the statement itself. Off for this transaction only (simple protocol: two statements, one round trip).
  await manager.query(`${CREATE_STAGE}; SET LOCAL jit = off`);
  await copyRows(manager, STAGE, STAGE_COLUMNS, rows);
  try {
    await manager.query(OPEN_STAGED, [
      common.programCode, common.programVersionId, common.year, common.status, now, common.actor.accountId, common.actor.role,
      AUDIT_GENESIS,
      ...owedParams(),
    ]);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'uq_applications_open') {
      throw DomainError.conflict(`an open case of ${common.programCode} for ${common.year} exists already`);
    }
    // A case of the batch claimed what the version grants once only (its value named in PostgreSQL's detail).
    const duplicate = duplicateClaimError(error, definition);
    if (duplicate) throw duplicate;
    throw error;
  }
  return opened;
}
