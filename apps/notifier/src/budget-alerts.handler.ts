import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, JobPayloads } from '@app/contracts';
import { formatWan } from '@app/domain';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';

interface Alert {
  /** The notification's source: unique per administrator, so each alert reaches each of them once. */
  source: string;
  kind: string;
  message: string;
}

/**
 * Tells the administrators, in their inbox, the moment a program-year's money is the problem: approved cases
 * wait and there is no pool; approved cases wait and the pool cannot cover them; or the pool is running out
 * (less than BUDGET_RUNNING_OUT_PERCENT of its total left). Each alert is sent once per funding round — the
 * pool's creation and each top-up start a new one — so a busy day of approvals does not flood the inbox.
 */
@Injectable()
export class BudgetAlertsHandler {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnJob(JobName.CheckBudget)
  async handle(data: JobPayloads[JobName.CheckBudget]): Promise<string> {
    const { program } = data;
    const year = Number(data.year);
    const [pool]: { status: string; allocation: string; total_fen: string; reserved_fen: string; top_ups: number }[] =
      await this.dataSource.query(
        'SELECT status, allocation, total_fen, reserved_fen, top_ups FROM budget_pools WHERE program_code = $1 AND year = $2',
        [program, year],
      );
    const [waiting]: { n: string; fen: string }[] = await this.dataSource.query(
      `SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM applications
        WHERE program_code = $1 AND year = $2 AND budget_wait_since IS NOT NULL`,
      [program, year],
    );
    const n = Number(waiting.n);
    const what = `${program} ${year}`;
    const alerts: Alert[] = [];
    if (n > 0 && !pool) {
      alerts.push({
        source: `budget:missing:${program}:${year}`,
        kind: 'budget.missing',
        message: `${what} 尚无预算资金池：${n} 件已终审通过的案件（合计 ${formatWan(Number(waiting.fen))}）等待资金，请创建资金池。` +
          ` (No budget pool for ${what}: ${n} approved case(s), ${formatWan(Number(waiting.fen))} in all, wait for it.)`,
      });
    }
    if (!pool) return this.send(alerts);
    const total = Number(pool.total_fen);
    const left = total - Number(pool.reserved_fen);
    const round = pool.top_ups;
    if (n > 0) {
      alerts.push({
        source: `budget:short:${program}:${year}:${round}`,
        kind: 'budget.short',
        message: `${what} 预算资金池余额 ${formatWan(Math.max(0, left))} 不足：${n} 件已终审通过的案件（合计 ${formatWan(Number(waiting.fen))}）等待资金，请追加预算。` +
          ` (The ${what} pool has ${formatWan(Math.max(0, left))} left: ${n} approved case(s) wait; top it up.)`,
      });
    }
    const percent = this.config.budgetRunningOutPercent;
    if (pool.status === 'open' && pool.allocation === 'first-come' && total > 0 && left * 100 < total * percent) {
      alerts.push({
        source: `budget:low:${program}:${year}:${round}`,
        kind: 'budget.running-out',
        message: `${what} 预算资金池即将用尽：余 ${formatWan(Math.max(0, left))}，共 ${formatWan(total)}（低于 ${percent}%）。` +
          ` (The ${what} pool is running out: ${formatWan(Math.max(0, left))} of ${formatWan(total)} left, under ${percent}%.)`,
      });
    }
    return this.send(alerts);
  }

  private async send(alerts: Alert[]): Promise<string> {
    let written = 0;
    for (const alert of alerts) {
      const rows: unknown[] = await this.dataSource.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT id, $1, NULL, $2, $3 FROM accounts WHERE enterprise_id IS NULL AND 'administrator' = ANY(roles)
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [alert.source, alert.kind, alert.message],
      );
      written += rows.length;
    }
    return `alerts ${alerts.map((a) => a.kind).join(', ') || 'none'}; wrote ${written}`;
  }
}
