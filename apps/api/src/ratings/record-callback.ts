import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { CallbackDto, RatingDto } from './rating.dto';
import { RatingReader } from './rating-reader';

/** The recorded call-back (回访) that closes a rectification; once (a closed one, or none, is a 409). */
@Injectable()
export class RecordCallback {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly reader: RatingReader,
  ) {}

  async execute(principal: Principal, ratingId: string, body: CallbackDto): Promise<RatingDto> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.time.now();
      const rows = await updateReturning(
        manager,
        `UPDATE ratings SET rectification_status = 'closed', callback_notes = $2, callback_by = $3, callback_at = $4
          WHERE id = $1 AND rectification_status = 'open' RETURNING id`,
        [ratingId, body.notes, principal.accountId, now],
      );
      if (!rows.length) {
        if (!(await this.reader.one(ratingId, manager))) throw DomainError.notFound('rating');
        throw DomainError.conflict('this rating has no open rectification');
      }
      await appendAudit(manager, {
        stream: `rating:${ratingId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'rating.callback',
        data: { notes: body.notes },
        at: now,
      });
      return (await this.reader.one(ratingId, manager)) as RatingDto;
    });
  }
}
