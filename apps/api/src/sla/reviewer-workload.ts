import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { atRiskSql, overdueSql, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { distribution, rollupInPeriod } from './sla-summary';
import { ReviewerWorkloadDto, ReviewerWorkloadQuery } from './sla.dto';

/**
 * The roles that decide review tasks: the stages' reviewers, and directors, who decide the second approval of a
 * large amount (分级审批). Experts score panels (expert seats), not tasks; administrators watch and reassign.
 */
export const REVIEWER_ROLES = ['district_reviewer', 'city_reviewer', 'director'];

interface Row {
  id: string;
  display_name: string;
  roles: string[];
  region_code: string | null;
  held: string;
  at_risk: string;
  overdue: string;
  days: { used: number; completed: number; onTime: number }[] | null;
  last_decision_at: Date | null;
}

/**
 * Every reviewer's load, the idle ones too, for a head of office rebalancing work: what each holds now and how
 * much of it is yellow or red by the stage's own deadline (the queue's colours), and what each decided in a
 * period as the summary counts it (the stage clocks their decisions stopped, from the roll-up). One statement.
 */
@Injectable()
export class ReviewerWorkload {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async list(principal: Principal, query: ReviewerWorkloadQuery): Promise<ReviewerWorkloadDto[]> {
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const today = p(this.time.today());
    // A lead of a district (a region on their account, as the task scope reads it) rebalances that district's people.
    const region = p(principal.regionCode);
    const decided = rollupInPeriod(
      'reviewer_id, used_days, completed, on_time', `clock <> 'case' AND reviewer_id IN (SELECT id FROM staff)`, query, p,
    );
    const rows: Row[] = await this.dataSource.query(
      `WITH staff AS (
         SELECT id, display_name, roles, region_code FROM accounts
          WHERE enterprise_id IS NULL AND roles && ${p(REVIEWER_ROLES)}::text[]
            AND (${region}::varchar IS NULL OR region_code = ${region})),
       held AS (
         -- What their queue shows as theirs: claimed, and the case still in the task's stage.
         SELECT t.assignee_id AS id, count(*) AS held,
                count(*) FILTER (WHERE ${atRiskSql('t', today)}) AS at_risk, count(*) FILTER (WHERE ${overdueSql('t', today)}) AS overdue
           FROM review_tasks t JOIN applications a ON a.id = t.application_id AND a.status = t.stage
          WHERE t.status = 'claimed' AND t.assignee_id IN (SELECT id FROM staff)
          GROUP BY t.assignee_id),
       decided AS (
         SELECT reviewer_id AS id, json_agg(json_build_object('used', used_days, 'completed', completed, 'onTime', on_time)) AS days
           FROM (SELECT reviewer_id, used_days, sum(completed)::int AS completed, sum(on_time)::int AS on_time
                   FROM (${decided}) r GROUP BY reviewer_id, used_days) d
          GROUP BY reviewer_id)
       SELECT s.id, s.display_name, s.roles, s.region_code, COALESCE(h.held, 0) AS held, COALESCE(h.at_risk, 0) AS at_risk,
              COALESCE(h.overdue, 0) AS overdue, d.days,
              (SELECT max(x.decided_at) FROM review_tasks x WHERE x.decided_by = s.id) AS last_decision_at
         FROM staff s LEFT JOIN held h ON h.id = s.id LEFT JOIN decided d ON d.id = s.id
        ORDER BY COALESCE(h.overdue, 0) DESC, COALESCE(h.at_risk, 0) DESC, COALESCE(h.held, 0) DESC, s.display_name, s.id`,
      params,
    );
    return rows.map((r) => {
      const done = distribution(r.days ?? []);
      return {
        id: r.id,
        displayName: r.display_name,
        roles: r.roles,
        regionCode: r.region_code,
        held: Number(r.held),
        atRisk: Number(r.at_risk),
        overdue: Number(r.overdue),
        decided: done.completed,
        onTime: done.onTime,
        onTimeRate: done.onTimeRate,
        meanWorkingDays: done.meanWorkingDays,
        lastDecisionAt: r.last_decision_at ? new Date(r.last_decision_at).toISOString() : null,
      };
    });
  }
}
