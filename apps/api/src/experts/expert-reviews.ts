import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { CaseStatus, DomainError, FieldError, formatSystemReason } from '@app/domain';
import { CaseTransitions, ProgramCatalog, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ExpertSeatDto, ScoreResultDto, ScoresDto } from './expert-review.dto';

interface SeatRow {
  id: string;
  application_id: string;
  entered_transition_id: string;
  scores: Record<string, number> | null;
  submitted_at: Date | null;
  program_code: string;
  amount_fen: string | null;
  program_version_id: string;
}

/**
 * 专家评审: each drawn expert scores the criteria of the case's program version; when the last seat scores,
 * the panel's mean decides in the same transaction — at or above the version's threshold the case goes on,
 * below it is refused with the mean as the reason.
 */
@Injectable()
export class ExpertReviews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
  ) {}

  async mine(principal: Principal): Promise<ExpertSeatDto[]> {
    const rows: SeatRow[] = await this.dataSource.query(
      `SELECT s.id, s.application_id, s.entered_transition_id, s.scores, s.submitted_at, a.program_code, a.amount_fen,
              a.program_version_id
         FROM expert_seats s JOIN applications a ON a.id = s.application_id
        WHERE s.expert_id = $1 AND s.cancelled_at IS NULL ORDER BY s.submitted_at NULLS FIRST, s.id LIMIT 200`,
      [principal.accountId],
    );
    const seats: ExpertSeatDto[] = [];
    for (const r of rows) {
      const { definition } = await this.catalog.byId(r.program_version_id);
      seats.push({
        id: r.id,
        applicationId: r.application_id,
        program: r.program_code,
        amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
        criteria: definition.expertPanel?.criteria ?? [],
        thresholdScore: definition.expertPanel?.thresholdScore ?? 0,
        scores: r.scores,
        submittedAt: r.submitted_at ? r.submitted_at.toISOString() : null,
      });
    }
    return seats;
  }

  async score(principal: Principal, seatId: string, body: ScoresDto): Promise<ScoreResultDto> {
    return this.dataSource.transaction(async (manager) => {
      const [seat]: SeatRow[] = await manager.query(
        `SELECT s.id, s.application_id, s.entered_transition_id, s.scores, s.submitted_at, a.program_code, a.amount_fen,
                a.program_version_id
           FROM expert_seats s JOIN applications a ON a.id = s.application_id WHERE s.id = $1 AND s.expert_id = $2 AND s.cancelled_at IS NULL`,
        [seatId, principal.accountId],
      );
      if (!seat) throw DomainError.notFound('expert review');
      // The case row is the lock that orders the last two scores of a panel.
      const [app]: { id: string; status: CaseStatus; version: number }[] = await manager.query(
        'SELECT id, status, version FROM applications WHERE id = $1 FOR UPDATE',
        [seat.application_id],
      );
      if (app.status !== 'expert_review') throw DomainError.because('case-moved-on', 'the case is no longer in expert review');
      const { definition } = await this.catalog.byId(seat.program_version_id, manager);
      const criteria = definition.expertPanel?.criteria ?? [];
      const errors: FieldError[] = [];
      for (const c of criteria) {
        const value = body.scores[c.code];
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > c.maxScore) {
          errors.push({ field: `scores.${c.code}`, message: `must be a whole number from 0 to ${c.maxScore}` });
        }
      }
      for (const code of Object.keys(body.scores)) {
        if (!criteria.some((c) => c.code === code)) errors.push({ field: `scores.${code}`, message: 'is not a criterion of this program' });
      }
      if (errors.length) throw DomainError.invalid(errors);
      const total = criteria.reduce((sum, c) => sum + body.scores[c.code], 0);
      const updated = await updateReturning(
        manager,
        `UPDATE expert_seats SET scores = $2, total = $3, comment = $4, submitted_at = now()
          WHERE id = $1 AND submitted_at IS NULL RETURNING id`,
        [seatId, JSON.stringify(body.scores), total, body.comment ?? null],
      );
      if (!updated.length) throw DomainError.conflict('you scored this case already');
      const [tally]: { remaining: string; mean: string | null }[] = await manager.query(
        `SELECT count(*) FILTER (WHERE submitted_at IS NULL) AS remaining, avg(total) AS mean
           FROM expert_seats WHERE entered_transition_id = $1`,
        [seat.entered_transition_id],
      );
      const remaining = Number(tally.remaining);
      if (remaining > 0) return { applicationId: app.id, remaining, mean: null, status: app.status };
      const mean = Math.round(Number(tally.mean) * 100) / 100;
      const threshold = definition.expertPanel?.thresholdScore ?? 0;
      const passed = mean >= threshold;
      const result = await this.transitions.apply(manager, {
        application: { id: app.id, status: app.status, version: app.version, programVersionId: seat.program_version_id },
        action: { type: passed ? 'approve' : 'refuse' },
        actor: { accountId: null, role: 'expert_panel' },
        reason: formatSystemReason({ code: 'expert-panel', params: { mean, threshold, passed } }),
      });
      return { applicationId: app.id, remaining: 0, mean, status: result.to };
    });
  }
}
