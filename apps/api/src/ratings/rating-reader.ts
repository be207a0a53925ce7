import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RatingPolicy } from './rating-policy';
import { RatingDto, RectificationQuery, SummaryQuery, SummaryRowDto } from './rating.dto';

export interface RatingRow {
  id: string;
  application_id: string;
  program_code: string;
  stage: string;
  outcome: string;
  score: number;
  comment: string | null;
  rectification_status: string;
  rectification_due_on: string | null;
  callback_notes: string | null;
  callback_at: Date | null;
  created_at: Date;
}

export const RATING_COLUMNS = `id, application_id, program_code, stage, outcome, score, comment, rectification_status,
  to_char(rectification_due_on, 'YYYY-MM-DD') AS rectification_due_on, callback_notes, callback_at, created_at`;

export function toRatingDto(r: RatingRow): RatingDto {
  return {
    id: r.id, applicationId: r.application_id, program: r.program_code, stage: r.stage, outcome: r.outcome, score: r.score,
    comment: r.comment, rectificationStatus: r.rectification_status, rectificationDueOn: r.rectification_due_on,
    callbackNotes: r.callback_notes, callbackAt: r.callback_at ? r.callback_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  };
}

/** Ratings as the bureau reads them: the summary per program and stage, and the rectifications to work. */
@Injectable()
export class RatingReader {
  constructor(private readonly dataSource: DataSource, private readonly policy: RatingPolicy) {}

  async one(id: string, manager: EntityManager | DataSource = this.dataSource): Promise<RatingDto | null> {
    const rows: RatingRow[] = await manager.query(`SELECT ${RATING_COLUMNS} FROM ratings WHERE id = $1`, [id]);
    return rows[0] ? toRatingDto(rows[0]) : null;
  }

  async summary(query: SummaryQuery): Promise<SummaryRowDto[]> {
    const rows: { program_code: string; stage: string; count: number; mean: string; bad_share: string; open: number }[] =
      await this.dataSource.query(
        `SELECT program_code, stage, count(*)::int AS count, round(avg(score), 2) AS mean,
                round(avg(CASE WHEN score <= $4 THEN 1 ELSE 0 END), 4) AS bad_share,
                count(*) FILTER (WHERE rectification_status = 'open')::int AS open
           FROM ratings
          WHERE ($1::varchar IS NULL OR program_code = $1)
            AND ($2::date IS NULL OR (created_at AT TIME ZONE 'Asia/Shanghai')::date >= $2::date)
            AND ($3::date IS NULL OR (created_at AT TIME ZONE 'Asia/Shanghai')::date <= $3::date)
          GROUP BY program_code, stage ORDER BY program_code, stage`,
        [query.program ?? null, query.from ?? null, query.to ?? null, this.policy.badAtOrBelow],
      );
    return rows.map((r) => ({
      program: r.program_code, stage: r.stage, count: r.count, mean: Number(r.mean), badShare: Number(r.bad_share),
      openRectifications: r.open,
    }));
  }

  async rectifications(query: RectificationQuery): Promise<RatingDto[]> {
    const rows: RatingRow[] = await this.dataSource.query(
      `SELECT ${RATING_COLUMNS} FROM ratings WHERE rectification_status = $1 ORDER BY rectification_due_on, created_at LIMIT 500`,
      [query.status ?? 'open'],
    );
    return rows.map(toRatingDto);
  }
}
