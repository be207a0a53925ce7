import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { DEFAULT_ESCALATION, DomainError, escalationOf, isProgramCode, PROGRAM_CODES } from '@app/domain';
import { appendAudit, ProgramCatalog, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { EscalatedClockDto, EscalationChainDto, EscalationsDto, SetHoldersDto } from './escalation.dto';

/** The level an alarm stands for, in SQL: red is 1, 'escalation-N' is N. */
const LEVEL_SQL = `CASE WHEN s.level = 'red' THEN 1 ELSE substring(s.level FROM '^escalation-([0-9]+)$')::int END`;

/**
 * The escalation chain as data (issue 8 item 14): its posts and step come from each program version, who holds
 * each post from `escalation_holders`; the SLA dashboard counts the running clocks at each level.
 */
@Injectable()
export class EscalationChains {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly time: TimeSource,
  ) {}

  async list(): Promise<EscalationChainDto[]> {
    const chains: EscalationChainDto[] = [];
    for (const program of PROGRAM_CODES) chains.push(await this.chainOf(program));
    return chains;
  }

  async chainOf(program: string): Promise<EscalationChainDto> {
    if (!isProgramCode(program)) throw DomainError.notFound(`program ${program}`);
    const [newest]: { id: string; version: string }[] = await this.dataSource.query(
      'SELECT id, version FROM program_versions WHERE program_code = $1 ORDER BY year_from DESC LIMIT 1',
      [program],
    );
    if (!newest) throw DomainError.notFound(`program ${program}`);
    const chain = escalationOf((await this.catalog.byId(newest.id)).definition);
    const holders: { level: number; id: string; username: string; display_name: string }[] = await this.dataSource.query(
      `SELECT h.level, a.id, a.username, a.display_name FROM escalation_holders h JOIN accounts a ON a.id = h.account_id
        WHERE h.program_code = $1 ORDER BY h.level, a.username`,
      [program],
    );
    return {
      program, version: newest.version, stepDays: chain.stepDays,
      levels: chain.chain.map((p) => ({
        ...p,
        holders: holders.filter((h) => h.level === p.level).map((h) => ({ accountId: h.id, username: h.username, displayName: h.display_name })),
      })),
    };
  }

  /** Replaces the holders of one post, audited; a holder must be staff (not an enterprise account). */
  async setHolders(principal: Principal, program: string, level: number, body: SetHoldersDto): Promise<EscalationChainDto> {
    const chain = await this.chainOf(program);
    if (!chain.levels.some((l) => l.level === level)) {
      throw DomainError.invalid([{ field: 'level', message: `${program}'s chain has levels 1 to ${chain.levels.length}` }]);
    }
    const ids = [...new Set(body.accountIds)];
    const staff: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM accounts WHERE id = ANY($1::uuid[]) AND NOT ('enterprise' = ANY(roles))`,
      [ids],
    );
    const missing = ids.filter((id) => !staff.some((s) => s.id === id));
    if (missing.length) throw DomainError.invalid([{ field: 'accountIds', message: `not staff accounts: ${missing.join(', ')}` }]);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM escalation_holders WHERE program_code = $1 AND level = $2', [program, level]);
      if (ids.length) {
        await manager.query(
          `INSERT INTO escalation_holders (program_code, level, account_id) SELECT $1, $2, unnest($3::uuid[])`,
          [program, level, ids],
        );
      }
      await appendAudit(manager, {
        stream: `program:${program}`,
        actor: { accountId: principal.accountId, role: 'administrator' },
        action: 'escalation.holders-set',
        data: { level, accountIds: ids, reason: body.reason },
        at: this.time.now(),
      });
    });
    return this.chainOf(program);
  }

  /**
   * The running clocks that are overdue, each at the highest level its current run reached (an alarm row per
   * level and run), with counts per level of the chain.
   */
  async open(program?: string): Promise<EscalationsDto> {
    const rows: {
      application_id: string; program_code: string; program_version_id: string; clock: string; level: number; fired_at: Date;
      due_on: string | null;
    }[] = await this.dataSource.query(
      `SELECT r.application_id, a.program_code, a.program_version_id, r.clock, top.level, top.fired_at,
              to_char(r.due_on, 'YYYY-MM-DD') AS due_on
         FROM sla_running_clocks r
         JOIN applications a ON a.id = r.application_id
         JOIN LATERAL (SELECT max(ce.id) AS epoch FROM clock_events ce
                        WHERE ce.application_id = r.application_id AND ce.clock = r.clock AND ce.type IN ('start', 'reset')) run ON true
         JOIN LATERAL (SELECT ${LEVEL_SQL} AS level, s.fired_at FROM sla_alarms s
                        WHERE s.application_id = r.application_id AND s.clock = r.clock AND s.epoch = run.epoch AND s.level <> 'yellow'
                        ORDER BY 1 DESC LIMIT 1) top ON true
        WHERE ($1::varchar IS NULL OR a.program_code = $1)
        ORDER BY top.level DESC, top.fired_at, r.application_id, r.clock LIMIT 1000`,
      [program ?? null],
    );
    const clocks: EscalatedClockDto[] = [];
    for (const r of rows) {
      const chain = escalationOf((await this.catalog.byId(r.program_version_id)).definition);
      const post = chain.chain.find((p) => p.level === r.level) ?? { post: 'unknown', titleZh: `第${r.level}级` };
      clocks.push({
        applicationId: r.application_id, program: r.program_code, clock: r.clock, level: r.level, post: post.post,
        titleZh: post.titleZh, since: r.fired_at.toISOString(), dueOn: r.due_on,
      });
    }
    const posts = program ? (await this.chainOf(program)).levels : DEFAULT_ESCALATION.chain;
    return {
      levels: posts.map((p) => ({
        level: p.level, post: p.post, titleZh: p.titleZh, count: clocks.filter((c) => c.level === p.level).length,
      })),
      clocks,
    };
  }
}
