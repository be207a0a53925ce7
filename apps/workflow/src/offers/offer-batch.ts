import { Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import {
  calculate, CLOSED_STATUSES, CsvRecord, DomainError, FieldError, OfferColumns, offerRow, OfferRow, PROGRAM_FACTS,
  ProgramCode, ProgramVersion, usccRegionCode, validateFacts,
} from '@app/domain';
import {
  Actor, CalendarService, CaseTransitions, claimedValues, ProgramCatalog, regionCodeProblem, TimeSource,
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

const ENTERPRISE_COLUMNS = 'id, credit_code, region_code, scale, blacklisted, in_high_tech_zone, tech_sme_no, high_tech_cert_no';

/**
 * Writes one batch of an offer file in one transaction: its `offer_import_batches` row, the cases it opens (with
 * their lapse alarms), the enterprises it had to create, the problems of its bad rows and the import's counters.
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
    const claimed: unknown[] = await manager.query(
      `INSERT INTO offer_import_batches (import_id, batch_no, rows) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [ref.id, batchNo, records.length],
    );
    if (claimed.length === 0) return null;
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
    const offers: { judged: Judged; amount: ReturnType<typeof calculate> }[] = [];
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
      const amount = calculate(definition, j.facts, ref.year);
      if (amount.eligible) offers.push({ judged: j, amount });
      else counts.ineligible++;
    }

    await this.createEnterprises(manager, offers.map((o) => o.judged));
    const lapsesAt = offerLapsesAt(this.calendars.calendar(), this.time.today(), definition);
    // Every case of the batch at once (COPY into a staging table, one set-based statement): the rows `open`
    // writes one case at a time, with each offer's lapse alarm in the outbox.
    const cases = await this.transitions.openMany(
      manager,
      { programCode: ref.programCode, programVersionId: ref.programVersionId, year: ref.year, status: 'awaiting_confirmation', actor: ref.actor },
      offers.map(({ judged: j, amount }) => ({
        enterpriseId: j.enterprise!.id,
        facts: j.facts,
        patch: { eligible: true, amount_fen: amount.amountFen, split: amount.split, trace: amount.trace },
      })),
      (applicationId) => [{ job: { name: JobName.LapseOffer, data: { applicationId } }, runAt: lapsesAt }],
    );
    const opened = cases.map((c, i) => ({ applicationId: c.applicationId, line: offers[i].judged.row.line }));
    counts.created += opened.length;
    if (opened.length) {
      await manager.query(
        `INSERT INTO offers (application_id, import_id, line, lapses_at)
         SELECT a, $2, l, $4 FROM unnest($1::uuid[], $3::int[]) AS t(a, l)`,
        [opened.map((o) => o.applicationId), ref.id, opened.map((o) => o.line), lapsesAt],
      );
    }
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
    const rows: EnterpriseRow[] = await manager.query(
      `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE credit_code = ANY($1::text[])`,
      [codes],
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

  /** Enterprises the bureau knew only from the file: a row without an account, keyed by the credit code. */
  private async createEnterprises(manager: EntityManager, judged: Judged[]): Promise<void> {
    const missing = judged.filter((j) => !j.enterprise);
    if (missing.length === 0) return;
    const inserted: EnterpriseRow[] = await manager.query(
      `INSERT INTO enterprises (credit_code, name, region_code, scale, in_high_tech_zone, fact_proofs)
       SELECT *, $6::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       ON CONFLICT (credit_code) DO NOTHING RETURNING ${ENTERPRISE_COLUMNS}`,
      [
        missing.map((j) => j.row.creditCode),
        missing.map((j) => j.row.name ?? j.row.creditCode),
        missing.map((j) => String(j.facts.regionCode ?? usccRegionCode(j.row.creditCode))),
        missing.map((j) => (j.facts.scale === 'above' ? 'above' : 'below')),
        missing.map((j) => j.facts.inHighTechZone === true),
        // What the file says about them is verified by the import (the bureau's own data), not declared.
        JSON.stringify(Object.fromEntries(['regionCode', 'scale', 'inHighTechZone'].map((f) => [f, { source: 'import', by: null, at: new Date().toISOString() }]))),
      ],
    );
    const created = new Map(inserted.map((r) => [r.credit_code, r]));
    // Those another writer created meanwhile (the insert skipped them): read back.
    const raced = missing.filter((j) => !created.has(j.row.creditCode)).map((j) => j.row.creditCode);
    for (const [code, row] of await this.enterprises(manager, raced)) created.set(code, row);
    for (const j of missing) j.enterprise = created.get(j.row.creditCode) ?? null;
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'conflict';
  // Deadlock, serialization failure, or a lock wait past the session's lock_timeout (parallel batches insert
  // the same enterprises): the batch rolled back whole, so running it again is safe.
  const code = (error as { code?: string }).code;
  return code === '40P01' || code === '40001' || code === '55P03';
}
