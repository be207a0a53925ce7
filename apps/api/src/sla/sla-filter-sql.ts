import { SlaFilter } from './sla.dto';

/** Statuses in which a case's clock (承诺时限) has started and 办结 has not yet happened. */
export const OPEN_STATUSES = ['acceptance', 'formal_review', 'expert_review', 'recheck', 'supplement', 'public_notice'];

/** The clock a filter is about: a stage's own clock, or the case clock. */
export function clockOf(filter: SlaFilter): string {
  return filter.stage ?? 'case';
}

/** Builds a parameterised WHERE clause one condition at a time. */
export class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(sql: (param: (value: unknown) => string) => string): this {
    this.parts.push(sql((value) => `$${this.params.push(value)}`));
    return this;
  }

  sql(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'TRUE';
  }
}

/** Conditions on `sla_running_clocks rc` (clock, program, region, and the reviewer holding the case). */
export function runningClockWhere(filter: SlaFilter): Where {
  const where = new Where().add((p) => `rc.clock = ${p(clockOf(filter))}`);
  if (filter.program) where.add((p) => `rc.program_code = ${p(filter.program)}`);
  if (filter.region) where.add((p) => `rc.region_code = ${p(filter.region)}`);
  if (filter.reviewer) {
    where.add(
      (p) => `EXISTS (SELECT 1 FROM review_tasks t WHERE t.application_id = rc.application_id
                 AND t.status IN ('open', 'claimed') AND t.assignee_id = ${p(filter.reviewer)})`,
    );
  }
  return where;
}
