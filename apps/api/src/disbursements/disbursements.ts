import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseStatus, DomainError, formatSystemReason } from '@app/domain';
import { appendAudit, caseRef, CaseTransitions, TimeSource, updateReturning, writeCsv } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BatchDto, BuildBatchDto, PaymentResultDto } from './disbursement.dto';

/**
 * 拨付: an administrator builds a batch of approved cases, a director (not the builder) approves it, the CSV goes
 * to the treasury, and each payment's result is recorded. A case is in at most one payment per tranche (unique
 * index), however many batches are built at once; paid is final.
 */
@Injectable()
export class Disbursements {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  async build(principal: Principal, body: BuildBatchDto): Promise<BatchDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      const [batch]: { id: string }[] = await manager.query(
        `INSERT INTO disbursement_batches (status, created_by, total_fen) VALUES ('draft', $1, 0) RETURNING id`,
        [principal.accountId],
      );
      const day = this.time.today().replace(/-/g, '');
      const candidates: { id: string; amount_fen: string }[] = await manager.query(
        `SELECT a.id, a.amount_fen FROM applications a
          WHERE a.status = 'approved' AND a.amount_fen > 0 AND ($1::uuid[] IS NULL OR a.id = ANY($1::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM disbursements d WHERE d.application_id = a.id AND d.tranche = 1)
          ORDER BY a.decided_at, a.id LIMIT 5000`,
        [body.applicationIds ?? null],
      );
      let total = 0;
      for (const c of candidates) {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO disbursements (batch_id, application_id, tranche, amount_fen, instruction_id, status)
           VALUES ($1, $2, 1, $3, $4, 'pending') ON CONFLICT (application_id, tranche) DO NOTHING RETURNING id`,
          [batch.id, c.id, c.amount_fen, `SF${day}${randomBytes(8).toString('hex').toUpperCase()}`],
        );
        if (inserted.length) total += Number(c.amount_fen);
      }
      if (total === 0) throw DomainError.conflict('no approved case is waiting for payment');
      await manager.query('UPDATE disbursement_batches SET total_fen = $2 WHERE id = $1', [batch.id, total]);
      await appendAudit(manager, {
        stream: `batch:${batch.id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'batch.built',
        data: { totalFen: total },
        at: this.time.now(),
      });
      return batch.id;
    });
    return this.get(id);
  }

  async approve(principal: Principal, batchId: string): Promise<BatchDto> {
    await this.dataSource.transaction(async (manager) => {
      const [batch]: { created_by: string; status: string }[] = await manager.query(
        'SELECT created_by, status FROM disbursement_batches WHERE id = $1',
        [batchId],
      );
      if (!batch) throw DomainError.notFound('batch');
      if (batch.created_by === principal.accountId) throw DomainError.because('four-eyes', 'the builder of a batch cannot approve it');
      const done = await updateReturning(
        manager,
        `UPDATE disbursement_batches SET status = 'approved', approved_by = $2, approved_at = now(), version = version + 1
          WHERE id = $1 AND status = 'draft' RETURNING id`,
        [batchId, principal.accountId],
      );
      if (!done.length) throw DomainError.conflict('the batch is not a draft');
      await appendAudit(manager, {
        stream: `batch:${batchId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'batch.approved',
        data: {},
        at: this.time.now(),
      });
    });
    return this.get(batchId);
  }

  /** The treasury file of an approved batch: one line per payment instruction. */
  async exportCsv(batchId: string): Promise<string> {
    const [batch]: { status: string }[] = await this.dataSource.query('SELECT status FROM disbursement_batches WHERE id = $1', [batchId]);
    if (!batch) throw DomainError.notFound('batch');
    if (batch.status === 'draft') throw DomainError.conflict('a batch is exported only after a director approved it');
    const rows: { instruction_id: string; credit_code: string; name: string; amount_fen: string; application_id: string }[] =
      await this.dataSource.query(
        `SELECT d.instruction_id, e.credit_code, e.name, d.amount_fen, d.application_id
           FROM disbursements d JOIN applications a ON a.id = d.application_id JOIN enterprises e ON e.id = a.enterprise_id
          WHERE d.batch_id = $1 ORDER BY d.instruction_id`,
        [batchId],
      );
    const yuan = (fen: string) => `${BigInt(fen) / 100n}.${String(BigInt(fen) % 100n).padStart(2, '0')}`;
    return writeCsv(
      ['instruction_id', 'credit_code', 'payee', 'amount_yuan', 'case_id'],
      rows.map((r) => [r.instruction_id, r.credit_code, r.name, yuan(r.amount_fen), r.application_id]),
    );
  }

  /** Records the treasury's answer. Paid moves the case to paid in the same transaction; paid is final. */
  async recordResult(principal: Principal, disbursementId: string, body: PaymentResultDto): Promise<{ status: string }> {
    return this.dataSource.transaction(async (manager) => {
      const [payment]: { application_id: string; batch_status: string }[] = await manager.query(
        `SELECT d.application_id, b.status AS batch_status FROM disbursements d JOIN disbursement_batches b ON b.id = d.batch_id
          WHERE d.id = $1`,
        [disbursementId],
      );
      if (!payment) throw DomainError.notFound('payment');
      if (payment.batch_status === 'draft') throw DomainError.conflict('the batch is not approved yet');
      const done = await updateReturning(
        manager,
        `UPDATE disbursements SET status = $2::varchar, result_note = $3, paid_at = CASE WHEN $2::varchar = 'paid' THEN now() END
          WHERE id = $1 AND status IN ('pending', 'failed') RETURNING id`,
        [disbursementId, body.status, body.note ?? null],
      );
      if (!done.length) throw DomainError.conflict('this payment is recorded as paid already; paid is final');
      if (body.status === 'paid') await this.markPaid(manager, principal, payment.application_id, body.note);
      return { status: body.status };
    });
  }

  private async markPaid(manager: EntityManager, principal: Principal, applicationId: string, note?: string): Promise<void> {
    const [app]: { id: string; status: CaseStatus; version: number; program_version_id: string }[] = await manager.query(
      'SELECT id, status, version, program_version_id FROM applications WHERE id = $1 FOR UPDATE',
      [applicationId],
    );
    await this.transitions.apply(manager, {
      application: caseRef(app),
      action: { type: 'paid' },
      actor: { accountId: principal.accountId, role: primaryRole(principal) },
      reason: formatSystemReason({ code: 'paid', params: { note: note ?? null } }),
    });
  }

  async get(batchId: string): Promise<BatchDto> {
    const [batch]: { id: string; status: string; total_fen: string; created_by: string; approved_by: string | null }[] =
      await this.dataSource.query('SELECT id, status, total_fen, created_by, approved_by FROM disbursement_batches WHERE id = $1', [batchId]);
    if (!batch) throw DomainError.notFound('batch');
    const payments: { id: string; application_id: string; instruction_id: string; amount_fen: string; status: string }[] =
      await this.dataSource.query(
        'SELECT id, application_id, instruction_id, amount_fen, status FROM disbursements WHERE batch_id = $1 ORDER BY instruction_id',
        [batchId],
      );
    return {
      id: batch.id,
      status: batch.status,
      totalFen: Number(batch.total_fen),
      createdBy: batch.created_by,
      approvedBy: batch.approved_by,
      payments: payments.map((p) => ({
        id: p.id, applicationId: p.application_id, instructionId: p.instruction_id, amountFen: Number(p.amount_fen), status: p.status,
      })),
    };
  }

  /** The latest batches, drafts first (what a director has to approve), with their payments. */
  async list(limit = 50): Promise<BatchDto[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM disbursement_batches ORDER BY (status = 'draft') DESC, created_at DESC LIMIT $1`,
      [limit],
    );
    return Promise.all(rows.map((r) => this.get(r.id)));
  }
}
