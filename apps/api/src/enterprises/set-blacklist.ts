import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { BlacklistDto, EnterpriseDto } from './enterprise.dto';
import { ENTERPRISE_COLUMNS, EnterpriseRow, toEnterpriseDto } from './enterprise-reader';

/**
 * An administrator puts an enterprise on the blacklist (严重失信 / 经营异常名录) or takes it off, with a reason
 * that goes to the audit chain. Cases read the flag from the profile when they are judged.
 */
@Injectable()
export class SetBlacklist {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, enterpriseId: string, body: BlacklistDto): Promise<EnterpriseDto> {
    return this.dataSource.transaction(async (manager) => {
      const [before]: { blacklisted: boolean }[] = await manager.query(
        'SELECT blacklisted FROM enterprises WHERE id = $1 FOR UPDATE',
        [enterpriseId],
      );
      if (!before) throw DomainError.notFound('enterprise');
      const [after] = await updateReturning<EnterpriseRow>(
        manager,
        `UPDATE enterprises SET blacklisted = $2 WHERE id = $1 RETURNING ${ENTERPRISE_COLUMNS}`,
        [enterpriseId, body.blacklisted],
      );
      await appendAudit(manager, {
        stream: `enterprise:${enterpriseId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: body.blacklisted ? 'blacklist.set' : 'blacklist.cleared',
        data: { blacklisted: body.blacklisted, previous: before.blacklisted, reason: body.reason.trim() },
        at: this.time.now(),
      });
      return toEnterpriseDto(after);
    });
  }
}
