/**
 * The SLA colour of a clock's cached dates (`yellow_on`, `due_on`: a running clock's row, or a review task's cache
 * of its stage clock) on a day, as SQL on a table alias and an SQL expression for the day. One rule for every
 * reader: the reviewers' queue colours, the dashboard's 临期 / 超期 and the reviewers' workload would disagree
 * the moment one of them wrote its own comparison.
 */
export function atRiskSql(alias: string, today: string): string {
  return `(${alias}.yellow_on <= ${today} AND ${alias}.due_on >= ${today})`;
}

/** Red: past the due day (the day itself still counts as in time). */
export function overdueSql(alias: string, today: string): string {
  return `(${alias}.due_on < ${today})`;
}
