import { Injectable } from '@nestjs/common';
import { DomainError, FieldError, STAGE_CODES } from '@app/domain';
import { DataSource } from 'typeorm';
import { SlaFilter } from './sla.dto';

/**
 * A filter that cannot match anything is the caller's mistake, not a period with no cases: an unknown program or
 * stage, or a period that ends before it begins, is a 400 naming the field instead of a 200 full of zeros.
 */
@Injectable()
export class CheckSlaFilter {
  constructor(private readonly dataSource: DataSource) {}

  async check(filter: SlaFilter): Promise<void> {
    const errors: FieldError[] = [];
    if (filter.program !== undefined) {
      const known: unknown[] = await this.dataSource.query('SELECT 1 FROM programs WHERE code = $1', [filter.program]);
      if (!known.length) errors.push({ field: 'program', message: `unknown program ${filter.program}` });
    }
    if (filter.stage !== undefined && !(STAGE_CODES as readonly string[]).includes(filter.stage)) {
      errors.push({ field: 'stage', message: `unknown stage ${filter.stage} (one of ${STAGE_CODES.join(', ')})` });
    }
    if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
      errors.push({ field: 'from', message: `must not be after to (${filter.to})` });
    }
    if (errors.length) throw DomainError.invalid(errors);
  }
}
