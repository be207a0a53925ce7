import { Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import {
  calculateValidated, CLOSED_STATUSES, CsvRecord, DomainError, FieldError, OfferColumns, offerRow, OfferRow, PROGRAM_FACTS,
  ProgramCode, ProgramVersion, usccRegionCode, validateFacts,
} from '@app/domain';
import {
  Actor, CalendarService, CaseTransitions, claimedValues, copyInto, CopyText, copyText, ProgramCatalog, regionCodeProblem,
  TimeSource, timeOrderedUuid,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { offerLapsesAt } from './offer-deadline';

export interface OfferImportRef {
  id: string;
  programCode: ProgramCode;
  year: number;
  programVersionId: string;
  actor: Actor;
}

export interface BatchCounts {
  created: number;
  existing: number;
  ineligible: number;
  bad: number;
}

interface EnterpriseRow {
  id: string;
  credit_code: string;
  region_code: string;
  scale: string;
  blacklisted: boolean;
  in_high_tech_zone: boolean;
  tech_sme_no: string | null;
  high_tech_cert_no: string | null;
}

interface Judged {
  row: OfferRow;
  facts: Record<string, unknown>;
  enterprise: EnterpriseRow | null;
}

const OFFER_COLUMNS = ['application_id', 'import_id', 'batch_no', 'line', 'lapses_at'];
const NEW_ENTERPRISE_COLUMNS = ['id', 'credit_code', 'name', 'region_code', 'scale', 'in_high_tech_zone', 'fact_proofs'];
/** The unique constraint on enterprises' credit codes. */
const ENTERPRISE_CREDIT_CODE = 'UQ_bca102e5421c71d700c4ee4ff9a';
const ENTERPRISE_COLUMNS = 'id, credit_code, region_code, scale, blacklisted, in_high_tech_zone, tech_sme_no, high_tech_cert_no';

/**
 * Writes one batch of an offer file in one transaction: its `offer_import_batches` row, the cases it opens (with
 * the batch's notification and lapse jobs), the enterprises it had to create, the problems of its bad rows and the import's counters.
 * The batch row comes first: a batch that committed before (a re-run after a crash, a second worker on the same
 * job) is skipped, so no row is ever written twice.
 */
@Injectable()
export class OfferBatchWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
  ) {}

  /** The batch's counts, or null when it was written before. */
  async write(
    ref: OfferImportRef, columns: OfferColumns, batchNo: number, records: CsvRecord[], regions: ReadonlySet<string>,
  ): Promise<BatchCounts | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) => this.writeIn(manager, ref, columns, batchNo, records, regions));
      } catch (error) {
        // A case of one of these enterprises (or the same certificate) was opened meanwhile, or two batches in
        // parallel waited on each other: the batch rolled back whole; written again, such a row reads as existing.
        if (attempt < 5 && isRetryable(error)) continue;
        throw error;
      }
    }
  }

  private async writeIn(
    manager: EntityManager, ref: OfferImportRef, columns: OfferColumns, batchNo: number, records: CsvRecord[],
    regions: ReadonlySet<string>,
  ): Promise<BatchCounts | null> {
    const claimed: { id: string }[] = await manager.query(
      `INSERT INTO offer_import_batches (import_id, batch_no, rows) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
      [ref.id, batchNo, records.length],
    );
    if (claimed.length === 0) return null;
    const batchId = claimed[0].id;
    const { definition } = await this.catalog.byId(ref.programVersionId, manager);
    const counts: BatchCounts = { created: 0, existing: 0, ineligible: 0, bad: 0 };
    const errors: { line: number; field: string; message: string }[] = [];
    const reject = (line: number, problems: FieldError[]) => {
      counts.bad++;
      for (const p of problems) errors.push({ line, field: p.field.replace(/^facts\./, ''), message: p.message });
    };

    const rows: OfferRow[] = [];
    for (const record of records) {
      const { row, errors: problems } = offerRow(columns, record);
      if (problems.length || !row) reject(record.line, problems);
      else rows.push(row);
    }
    const known = await this.enterprises(manager, rows.map((r) => r.creditCode));
    const judged: Judged[] = [];
    for (const row of rows) {
      const enterprise = known.get(row.creditCode) ?? null;
      const facts = this.factsOf(ref.programCode, row, enterprise);
      const problems = validateFacts(definition, facts);
      // The case's region (the file's, the profile's, or the credit code's) must be one the bureau routes.
      const region = regionCodeProblem(regions, facts.regionCode ?? enterprise?.region_code ?? usccRegionCode(row.creditCode));
      if (region && !problems.some((p) => p.field.replace(/^facts\./, '') === 'regionCode')) problems.push(region);
      if (problems.length) reject(row.line, problems);
      else judged.push({ row, facts, enterprise });
    }

    const open = await this.openCases(manager, ref, judged.flatMap((j) => (j.enterprise ? [j.enterprise.id] : [])));
    const claimedBefore = await this.claimedBefore(manager, definition, judged);
    const lapsesAt = offerLapsesAt(this.calendars.calendar(), this.time.today(), definition);
    // Each case's rows are written (as COPY text) as soon as it is calculated; nothing of it stays on the heap.
    const cases = this.transitions.casesToOpen({
      programCode: ref.programCode, programVersionId: ref.programVersionId, year: ref.year, status: 'awaiting_confirmation', actor: ref.actor,
    });
    const offers = new CopyText();
    const offerCommon = `\t${copyText(ref.id)}\t${batchNo}\t`;
    const offerLapses = `\t${lapsesAt.toISOString()}`;
    const newEnterprises = new CopyText();
    // What the file says about the enterprises it makes known is verified by the import (the bureau's own data).
    const proofs = copyText(JSON.stringify(Object.fromEntries(
      ['regionCode', 'scale', 'inHighTechZone'].map((f) => [f, { source: 'import', by: null, at: new Date().toISOString() }]),
    )));
    const seen = new Set<string>();
    for (const j of judged) {
      if (seen.has(j.row.creditCode) || (j.enterprise && open.has(j.enterprise.id))) {
        counts.existing++;
        continue;
      }
      seen.add(j.row.creditCode);
      // A repeat of what the version grants once only (another case's, or an earlier row's): the calculator refuses.
      for (const { fact, repeatFact, values } of claimedBefore) {
        const value = j.facts[fact];
        j.facts[repeatFact] = typeof value === 'string' && values.has(value);
        if (typeof value === 'string') values.add(value);
      }
      // Validated above (the repeat flags set since are booleans, as validation wants them).
      const amount = calculateValidated(definition, j.facts, ref.year);
      if (!amount.eligible) {
        counts.ineligible++;
        continue;
      }
      const enterpriseId = j.enterprise?.id ?? this.newEnterprise(newEnterprises, proofs, j);
      const { applicationId } = cases.add({
        enterpriseId, facts: j.facts, patch: { eligible: true, amount_fen: amount.amountFen, split: amount.split, trace: amount.trace },
      });
      offers.add(`${applicationId}${offerCommon}${j.row.line}${offerLapses}`);
    }

    await this.createEnterprises(manager, newEnterprises);
    // Every case of the batch at once (COPY): the rows `open` writes one case at a time. The batch's offers share
    // their lapse instant, so one job notifies them all and one lapses them (each offer still lapses on its own,
    // and the SLA sweep queues a lost one again): two outbox rows and one owed row per batch, not per case.
    const opened = await this.transitions.openMany(manager, cases, () => [
      { job: { name: JobName.NotifyOfferBatch, data: { batchId } } },
      { job: { name: JobName.LapseOfferBatch, data: { batchId } }, runAt: lapsesAt },
    ]);
    counts.created += opened.length;
    await copyInto(manager, 'offers', OFFER_COLUMNS, offers);
    if (errors.length) {
      await manager.query(
        `INSERT INTO offer_import_errors (import_id, line, field, message)
         SELECT $1, l, f, m FROM unnest($2::int[], $3::text[], $4::text[]) AS t(l, f, m)`,
        [ref.id, errors.map((e) => e.line), errors.map((e) => e.field.slice(0, 64)), errors.map((e) => e.message)],
      );
    }
    await manager.query(
      `UPDATE offer_imports SET rows_done = rows_done + $2, rows_created = rows_created + $3,
              rows_existing = rows_existing + $4, rows_ineligible = rows_ineligible + $5, rows_bad = rows_bad + $6,
              updated_at = now()
        WHERE id = $1`,
      [ref.id, records.length, counts.created, counts.existing, counts.ineligible, counts.bad],
    );
    return counts;
  }

  private async enterprises(manager: EntityManager, codes: string[]): Promise<Map<string, EnterpriseRow>> {
    if (codes.length === 0) return new Map();
    // The array as its literal: valid credit codes are digits and capital letters, which need no quoting, and the
    // driver's escaping of 2,000 elements one by one was ~2 % of the import's Node time.
    const rows: EnterpriseRow[] = await manager.query(
      `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE credit_code = ANY($1::text[])`,
      [`{${codes.join(',')}}`],
    );
    return new Map(rows.map((r) => [r.credit_code, r]));
  }

  /**
   * The file is the bureau's own data and wins over the profile, which only fills facts the file leaves out;
   * a blacklisted enterprise stays blacklisted whatever the file says.
   */
  private factsOf(program: ProgramCode, row: OfferRow, enterprise: EnterpriseRow | null): Record<string, unknown> {
    const known = PROGRAM_FACTS[program];
    const profile: Record<string, unknown> = enterprise
      ? {
          regionCode: enterprise.region_code,
          scale: enterprise.scale,
          inHighTechZone: enterprise.in_high_tech_zone,
          isTechSme: enterprise.tech_sme_no !== null,
          isHighTech: enterprise.high_tech_cert_no !== null,
        }
      : {};
    const facts: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(profile)) if (name in known) facts[name] = value;
    Object.assign(facts, row.facts);
    if ('blacklisted' in known && (enterprise?.blacklisted || row.facts.blacklisted === true)) facts.blacklisted = true;
    return facts;
  }

  private async openCases(manager: EntityManager, ref: OfferImportRef, enterpriseIds: string[]): Promise<Set<string>> {
    if (enterpriseIds.length === 0) return new Set();
    const rows: { enterprise_id: string }[] = await manager.query(
      `SELECT enterprise_id FROM applications
        WHERE enterprise_id = ANY($1::uuid[]) AND program_code = $2 AND year = $3 AND status <> ALL($4::text[])`,
      [enterpriseIds, ref.programCode, ref.year, CLOSED_STATUSES],
    );
    return new Set(rows.map((r) => r.enterprise_id));
  }

  /** For each once-only claim the calculator judges (one reward per certificate), the values other cases hold. */
  private async claimedBefore(
    manager: EntityManager, definition: ProgramVersion, judged: Judged[],
  ): Promise<{ fact: string; repeatFact: string; values: Set<string> }[]> {
    const found: { fact: string; repeatFact: string; values: Set<string> }[] = [];
    for (const claim of definition.onceOnlyClaims) {
      if (claim.repeatFact === null) continue;
      const values = judged.flatMap((j) => (typeof j.facts[claim.fact] === 'string' ? [j.facts[claim.fact] as string] : []));
      found.push({ fact: claim.fact, repeatFact: claim.repeatFact, values: await claimedValues(manager, definition.program, claim, values) });
    }
    return found;
  }

  /** An enterprise the bureau knows only from the file: its id made here, its row written (COPY text) into `rows`. */
  private newEnterprise(rows: CopyText, proofs: string, j: Judged): string {
    const id = timeOrderedUuid();
    const region = String(j.facts.regionCode ?? usccRegionCode(j.row.creditCode));
    const scale = j.facts.scale === 'above' ? 'above' : 'below';
    rows.add(
      `${id}\t${copyText(j.row.creditCode)}\t${copyText(j.row.name ?? j.row.creditCode)}\t${copyText(region)}\t${scale}\t` +
        `${j.facts.inHighTechZone === true ? 't' : 'f'}\t${proofs}`,
    );
    return id;
  }

  /**
   * The rows of the enterprises the file made known, without an account, keyed by the credit code (COPY). One
   * another writer created meanwhile (a parallel batch, another import) is a conflict: the batch rolls back, and
   * its retry finds that enterprise.
   */
  private async createEnterprises(manager: EntityManager, rows: CopyText): Promise<void> {
    try {
      await copyInto(manager, 'enterprises', NEW_ENTERPRISE_COLUMNS, rows);
    } catch (error) {
      if ((error as { constraint?: string }).constraint === ENTERPRISE_CREDIT_CODE) {
        throw DomainError.conflict('an enterprise of the batch was created by another writer meanwhile');
      }
      throw error;
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'conflict';
  // Deadlock, serialization failure, or a lock wait past the session's lock_timeout (parallel batches insert
  // the same enterprises): the batch rolled back whole, so running it again is safe.
  const code = (error as { code?: string }).code;
  return code === '40P01' || code === '40001' || code === '55P03';
}
