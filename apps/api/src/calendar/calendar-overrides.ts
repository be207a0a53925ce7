import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { JobName } from '@app/contracts';
import { DomainError, isLocalDate } from '@app/domain';
import { appendAudit, CalendarService, enqueue, TimeSource, updateReturning } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarOverrideDto, CalendarOverrideInput } from './calendar-override.dto';

const REPAIR_START = '00000000-0000-0000-0000-000000000000';

interface OverrideRow {
  date: string;
  kind: 'holiday' | 'workday';
  reason: string;
  changed_by: string | null;
  updated_at: Date;
}

/**
 * Administrators' calendar overrides. Each change is one transaction: the override row, an audit row and the
 * SLA repair job (recompute every open due date, re-arm alarms) in the outbox. One row per day (the primary
 * key), so an override can never contradict another. This process reloads its calendar at once; the others
 * notice the new stamp within a second, and the repair job reloads before it recomputes.
 */
@Injectable()
export class CalendarOverrides {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
  ) {}

  async list(): Promise<CalendarOverrideDto[]> {
    const rows: OverrideRow[] = await this.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, reason, changed_by, updated_at
         FROM calendar_overrides WHERE deleted_at IS NULL ORDER BY date`,
    );
    return rows.map(toDto);
  }

  async put(principal: Principal, input: CalendarOverrideInput): Promise<CalendarOverrideDto> {
    if (!isLocalDate(input.date)) throw DomainError.invalid([{ field: 'date', message: 'not a calendar day' }]);
    const row = await this.dataSource.transaction(async (manager) => {
      const [saved]: OverrideRow[] = await manager.query(
        `INSERT INTO calendar_overrides (date, kind, reason, changed_by, updated_at, deleted_at)
         VALUES ($1, $2, $3, $4, clock_timestamp(), NULL)
         ON CONFLICT (date) DO UPDATE SET kind = EXCLUDED.kind, reason = EXCLUDED.reason,
           changed_by = EXCLUDED.changed_by, updated_at = clock_timestamp(), deleted_at = NULL
         RETURNING to_char(date, 'YYYY-MM-DD') AS date, kind, reason, changed_by, updated_at`,
        [input.date, input.kind, input.reason, principal.accountId],
      );
      await this.changed(manager, principal, 'calendar.override.put', { date: input.date, kind: input.kind, reason: input.reason });
      return saved;
    });
    await this.calendars.reload();
    return toDto(row);
  }

  async remove(principal: Principal, date: string): Promise<void> {
    if (!isLocalDate(date)) throw DomainError.notFound('calendar override');
    await this.dataSource.transaction(async (manager) => {
      const removed = await updateReturning(
        manager,
        `UPDATE calendar_overrides SET deleted_at = clock_timestamp(), updated_at = clock_timestamp(), changed_by = $2
          WHERE date = $1 AND deleted_at IS NULL RETURNING date`,
        [date, principal.accountId],
      );
      if (!removed.length) throw DomainError.notFound('calendar override');
      await this.changed(manager, principal, 'calendar.override.delete', { date });
    });
    await this.calendars.reload();
  }

  private async changed(manager: EntityManager, principal: Principal, action: string, data: Record<string, unknown>): Promise<void> {
    const now = this.time.now();
    await appendAudit(manager, {
      stream: 'calendar',
      actor: { accountId: principal.accountId, role: primaryRole(principal) },
      action,
      data,
      at: now,
    });
    // Every process reloads its calendar when this commits (NOTIFY), instead of polling for it each second.
    await CalendarService.announce(manager);
    const [{ id }]: { id: string }[] = await manager.query(`SELECT txid_current()::text AS id`);
    await enqueue(manager, { name: JobName.RecomputeDeadlines, data: { changeId: `cal${id}`, after: REPAIR_START } });
  }
}

function toDto(r: OverrideRow): CalendarOverrideDto {
  return { date: r.date, kind: r.kind, reason: r.reason, changedBy: r.changed_by, updatedAt: new Date(r.updated_at).toISOString() };
}
