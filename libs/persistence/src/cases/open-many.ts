import { randomUUID } from 'node:crypto';
import { JobItem } from '@app/contracts';
import { DomainError, ProgramVersion, TraceEntry } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor, AUDIT_GENESIS, canonicalJson, firstAuditHasher } from '../audit';
import { copyInto, CopyText, copyText } from '../copy-rows';
import { enqueueAll } from '../outbox';
import { timeOrderedUuid } from '../time-ordered-uuid';
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
  patch?: { eligible?: boolean; amount_fen?: number; split?: Record<string, number>; trace?: readonly TraceEntry[] };
}

export interface OpenedCase {
  enterpriseId: string;
  applicationId: string;
  transitionId: string;
}

const APPLICATION_COLUMNS = [
  'id', 'enterprise_id', 'program_code', 'program_version_id', 'year', 'status', 'version', 'facts', 'submitted_at',
  'eligible', 'amount_fen', 'split', 'trace',
];
const TRANSITION_COLUMNS = ['id', 'application_id', 'seq', 'from_status', 'to_status', 'action', 'actor_account_id', 'actor_role', 'at'];
const AUDIT_COLUMNS = ['stream', 'seq', 'actor_account_id', 'actor_role', 'action', 'data', 'at', 'prev_hash', 'hash'];

const json = (value: unknown): string => (value === undefined || value === null ? '\\N' : copyText(JSON.stringify(value)));

/** A character JSON.stringify escapes: a quote, a backslash, a control character, a lone surrogate half (any half here). */
// eslint-disable-next-line no-control-regex
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `json(trace)`, written by hand: exactly JSON.stringify's text (the spec compares them) when no string of the trace
 * needs an escape — then the text holds no backslash, tab or line break, so it is COPY text as it is — and `json`'s
 * otherwise. A case's trace is most of its row, and JSON.stringify flattens every detail string built for it.
 */
export function traceCopyText(trace: readonly TraceEntry[] | undefined): string {
  if (trace === undefined || trace === null) return '\\N';
  let text = '[';
  for (let i = 0; i < trace.length; i++) {
    const entry = trace[i];
    const { rule, passed, detail } = entry;
    // Anything but an entry of exactly these three members, in this order and of these types, is JSON.stringify's.
    const keys = Object.keys(entry);
    if (
      typeof rule !== 'string' || typeof passed !== 'boolean' || typeof detail !== 'string' ||
      keys.length !== 3 || keys[0] !== 'rule' || keys[1] !== 'passed' || keys[2] !== 'detail'
    ) {
      return json(trace);
    }
    if (JSON_ESCAPED.test(rule) || JSON_ESCAPED.test(detail)) return json(trace);
    text += `${i === 0 ? '' : ','}{"rule":"${rule}","passed":${passed},"detail":"${detail}"}`;
  }
  return `${text}]`;
}

/**
 * Many cases of one program, year and status opened at once (a 免申即享 batch): `add` makes each case's ids and
 * writes the rows `CaseTransitions.open` writes for it — the case, its transition from 'new', its audit stream's
 * first row (hashed here) — as COPY text, as it comes (nothing of a case stays on the heap); `openMany` then
 * COPYs them straight into their tables.
 */
export class CasesToOpen {
  readonly opened: OpenedCase[] = [];
  readonly applications = new CopyText();
  readonly transitions = new CopyText();
  readonly audits = new CopyText();
  private readonly at: string;
  private readonly actor: string;
  private readonly caseCommon: string;
  private readonly status: string;
  private readonly hashed: ReturnType<typeof firstAuditHasher>;
  /** The canonical text of an audit row's data around its transition id. */
  private readonly dataHead: string;
  private readonly dataTail: string;

  constructor(
    readonly now: Date,
    readonly common: OpenManyCommon,
  ) {
    this.at = now.toISOString();
    // The values every row shares, escaped once.
    this.actor = `${copyText(common.actor.accountId)}\t${copyText(common.actor.role)}`;
    this.status = copyText(common.status);
    this.caseCommon = `${copyText(common.programCode)}\t${copyText(common.programVersionId)}\t${common.year}\t${this.status}\t1`;
    this.hashed = firstAuditHasher({ actor: common.actor, action: 'case.open', at: now });
    // The audit data { to, program, year, transitionId } in canonical form (keys sorted), made by concatenation; it
    // must be exactly what canonicalJson gives, which is checked here once.
    this.dataHead = `{"program":${JSON.stringify(common.programCode)},"to":${JSON.stringify(common.status)},"transitionId":"`;
    this.dataTail = `","year":${JSON.stringify(common.year)}}`;
    const sample = randomUUID();
    const expected = canonicalJson({ to: common.status, program: common.programCode, year: common.year, transitionId: sample });
    if (this.dataHead + sample + this.dataTail !== expected) throw new Error(`audit data of an opening is not canonical: ${expected}`);
  }

  add(c: CaseToOpen): OpenedCase {
    // The case's id is random: its first eight hex digits are the case number people read out, which a
    // time-ordered id would give every case of a batch alike. The transition's is time-ordered: a batch's rows go
    // to the last pages of its indexes rather than all over them.
    const applicationId = randomUUID();
    const transitionId = timeOrderedUuid();
    const patch = c.patch ?? {};
    const eligible = patch.eligible === undefined ? '\\N' : patch.eligible ? 't' : 'f';
    this.applications.add(
      `${applicationId}\t${copyText(c.enterpriseId)}\t${this.caseCommon}\t${json(c.facts)}\t${this.at}\t${eligible}\t` +
        `${patch.amount_fen ?? '\\N'}\t${json(patch.split)}\t${traceCopyText(patch.trace)}`,
    );
    this.transitions.add(`${transitionId}\t${applicationId}\t1\tnew\t${this.status}\topen\t${this.actor}\t${this.at}`);
    const stream = `application:${applicationId}`;
    const data = this.dataHead + transitionId + this.dataTail;
    this.audits.add(`${stream}\t1\t${this.actor}\tcase.open\t${copyText(data)}\t${this.at}\t${AUDIT_GENESIS}\t${this.hashed(stream, data)}`);
    const opened = { enterpriseId: c.enterpriseId, applicationId, transitionId };
    this.opened.push(opened);
    return opened;
  }
}

/**
 * Opens the cases `cases` holds, COPYed straight into their tables (three round trips for any number of cases;
 * PostgreSQL's multi-row insert path, no staging). The jobs are the caller's, for the whole call: `jobsOf(opened)`
 * must notify every case, as `open` does with one NotifyTransition each (an offer batch: one job for the batch),
 * and is written in one statement, owed rows included. Must run in the caller's transaction. A case that would break
 * the one-open-case rule (or claim twice what the version grants once only) fails the whole call with the 409 `open`
 * gives, and the caller's transaction rolls back.
 */
export async function openMany(
  manager: EntityManager,
  definition: ProgramVersion,
  cases: CasesToOpen,
  jobsOf: (opened: readonly OpenedCase[]) => { job: JobItem; runAt?: Date }[],
): Promise<OpenedCase[]> {
  if (cases.opened.length === 0) return [];
  const { common } = cases;
  try {
    await copyInto(manager, 'applications', APPLICATION_COLUMNS, cases.applications);
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'uq_applications_open') {
      throw DomainError.conflict(`an open case of ${common.programCode} for ${common.year} exists already`);
    }
    // A case of the batch claimed what the version grants once only (its value named in PostgreSQL's detail).
    const duplicate = duplicateClaimError(error, definition);
    if (duplicate) throw duplicate;
    throw error;
  }
  await copyInto(manager, 'transitions', TRANSITION_COLUMNS, cases.transitions);
  await copyInto(manager, 'audit_log', AUDIT_COLUMNS, cases.audits);
  await enqueueAll(manager, jobsOf(cases.opened));
  return cases.opened;
}
