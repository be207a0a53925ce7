import { Injectable } from '@nestjs/common';
import { caseScope, Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { DataSource } from 'typeorm';
import { CaseRatingDto } from './case-rating.dto';
import { RATING_COLUMNS, RatingRow, toRatingDto } from './rating-reader';

/** The rating of one case, for whoever may see the case (its enterprise); 404 for a case out of scope. */
@Injectable()
export class ReadCaseRating {
  constructor(private readonly dataSource: DataSource) {}

  async execute(principal: Principal, applicationId: string): Promise<CaseRatingDto> {
    const scope = caseScope(principal, 'a', 2);
    const [app]: { id: string }[] = await this.dataSource.query(
      `SELECT a.id FROM applications a WHERE a.id = $1 AND ${scope.sql}`,
      [applicationId, ...scope.params],
    );
    if (!app) throw DomainError.notFound('application');
    const rows: RatingRow[] = await this.dataSource.query(`SELECT ${RATING_COLUMNS} FROM ratings WHERE application_id = $1`, [app.id]);
    return { rating: rows[0] ? toRatingDto(rows[0]) : null };
  }
}
