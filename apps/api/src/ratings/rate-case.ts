import { Injectable } from '@nestjs/common';
import { caseScope, Principal, primaryRole } from '@app/auth';
import { DomainError, REVIEW_STAGES } from '@app/domain';
import { appendAudit, CalendarService, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { RatingPolicy } from './rating-policy';
import { RateDto, RatingDto } from './rating.dto';
import { RATING_COLUMNS, RatingRow, toRatingDto } from './rating-reader';

/** 办结: a case approved (and perhaps paid) or refused can be rated; nothing earlier. */
const CONCLUDED = ['approved', 'paid', 'refused'];

/**
 * The enterprise rates the service on its concluded case (好差评), once. A 差评 opens a rectification due in
 * the policy's working days, and tells the administrators and directors in their inbox, in the same transaction.
 */
@Injectable()
export class RateCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly calendars: CalendarService,
    private readonly policy: RatingPolicy,
  ) {}

  async execute(principal: Principal, applicationId: string, body: RateDto): Promise<RatingDto> {
    return this.dataSource.transaction(async (manager) => {
      const scope = caseScope(principal, 'a', 2);
      const [app]: { id: string; status: string; enterprise_id: string; program_code: string }[] = await manager.query(
        `SELECT a.id, a.status, a.enterprise_id, a.program_code FROM applications a WHERE a.id = $1 AND ${scope.sql}`,
        [applicationId, ...scope.params],
      );
      if (!app) throw DomainError.notFound('application');
      if (!CONCLUDED.includes(app.status)) throw DomainError.conflict('a case can be rated once it is concluded (办结)');
      const [last]: { from_status: string }[] = await manager.query(
        `SELECT from_status FROM transitions WHERE application_id = $1 AND from_status = ANY($2::text[]) ORDER BY seq DESC LIMIT 1`,
        [app.id, [...REVIEW_STAGES]],
      );
      const now = this.time.now();
      const bad = this.policy.isBad(body.score);
      const dueOn = bad ? this.calendars.calendar().addWorkingDays(this.time.today(), this.policy.rectificationWorkingDays) : null;
      const inserted: RatingRow[] = await manager.query(
        `INSERT INTO ratings (application_id, enterprise_id, program_code, stage, outcome, score, comment, rated_by,
                              rectification_status, rectification_due_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (application_id) DO NOTHING RETURNING ${RATING_COLUMNS}`,
        [app.id, app.enterprise_id, app.program_code, last?.from_status ?? app.status, app.status, body.score,
          body.comment ?? null, principal.accountId, bad ? 'open' : 'none', dueOn, now],
      );
      if (!inserted[0]) throw DomainError.conflict('this case was rated already');
      const rating = inserted[0];
      await appendAudit(manager, {
        stream: `rating:${rating.id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'rating.create',
        data: { applicationId: app.id, score: body.score, rectificationDueOn: dueOn },
        at: now,
      });
      if (bad) {
        await manager.query(
          `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
           SELECT id, $1, $2, 'rating.rectification', $3 FROM accounts WHERE roles && ARRAY['administrator', 'director']
           ON CONFLICT (account_id, source_id) DO NOTHING`,
          [rating.id, app.id, `A ${app.program_code} case was rated ${body.score}/5: call the enterprise back by ${dueOn}.`],
        );
      }
      return toRatingDto(rating);
    });
  }
}
