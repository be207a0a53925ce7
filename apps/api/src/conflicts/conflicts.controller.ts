import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { AccountCache, CurrentUser, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/domain';
import { APP_CONFIG, AppConfig } from '@app/config';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { UuidParam } from '../http/params';
import { DataSource } from 'typeorm';

class DeclareConflictDto {
  @ApiProperty({ description: "The enterprise's credit code (统一社会信用代码)" })
  @IsString() @Length(18, 18)
  creditCode: string;

  @ApiProperty({ description: 'Why (a relative works there, a former employer, …)' })
  @IsString() @Length(2, 500)
  reason: string;
}

class ConflictDto {
  @ApiProperty() enterpriseId: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() name: string;
}

/**
 * A reviewer declares a conflict of interest with an enterprise (回避): from then on none of its cases or tasks
 * reach them. Declarations are audited; a reviewer holds at most CONFLICTS_MAX_PER_REVIEWER of them and may
 * withdraw one (audited too).
 */
@ApiTags('review tasks')
@ApiBearerAuth()
@Roles('district_reviewer', 'city_reviewer', 'expert', 'director')
@Controller('api/v1/conflicts')
export class ConflictsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountCache,
  ) {}

  @Get()
  @ApiOkResponse({ type: [ConflictDto] })
  async mine(@CurrentUser() principal: Principal): Promise<ConflictDto[]> {
    const rows: { id: string; credit_code: string; name: string }[] = await this.dataSource.query(
      `SELECT e.id, e.credit_code, e.name FROM accounts a JOIN enterprises e ON e.id = ANY(a.conflict_enterprise_ids)
        WHERE a.id = $1 ORDER BY e.credit_code`,
      [principal.accountId],
    );
    return rows.map((r) => ({ enterpriseId: r.id, creditCode: r.credit_code, name: r.name }));
  }

  @Post()
  @ApiCreatedResponse({ type: [ConflictDto], description: 'All your declared conflicts' })
  @ApiUnprocessableEntityResponse({ description: 'You hold the most declarations allowed (CONFLICTS_MAX_PER_REVIEWER); withdraw one first' })
  async declare(@CurrentUser() principal: Principal, @Body() body: DeclareConflictDto): Promise<ConflictDto[]> {
    await this.dataSource.transaction(async (manager) => {
      const [enterprise]: { id: string }[] = await manager.query('SELECT id FROM enterprises WHERE credit_code = $1', [body.creditCode]);
      if (!enterprise) throw DomainError.invalid([{ field: 'creditCode', message: 'no enterprise has this credit code' }]);
      const [held]: { ids: string[] }[] = await manager.query(
        'SELECT conflict_enterprise_ids AS ids FROM accounts WHERE id = $1 FOR UPDATE', [principal.accountId]);
      const max = this.config.conflictsMaxPerReviewer;
      if (!held.ids.includes(enterprise.id) && held.ids.length >= max) {
        throw new DomainError('unprocessable', `you hold ${held.ids.length} declarations, the most allowed (${max}); withdraw one first`);
      }
      await manager.query(
        `UPDATE accounts SET conflict_enterprise_ids = array_append(conflict_enterprise_ids, $2::uuid)
          WHERE id = $1 AND NOT ($2::uuid = ANY(conflict_enterprise_ids))`,
        [principal.accountId, enterprise.id],
      );
      await appendAudit(manager, {
        stream: `account:${principal.accountId}`,
        actor: { accountId: principal.accountId, role: principal.roles[0] },
        action: 'conflict.declared',
        data: { enterpriseId: enterprise.id, reason: body.reason },
        at: this.time.now(),
      });
    });
    // The declarations are part of the principal: its next request must see them.
    this.accounts.evict(principal.accountId);
    return this.mine(principal);
  }

  @Delete(':enterpriseId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: "Withdrawn (audited): the enterprise's cases can reach you again" })
  async withdraw(@CurrentUser() principal: Principal, @Param('enterpriseId', UuidParam) enterpriseId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const done = await updateReturning(
        manager,
        `UPDATE accounts SET conflict_enterprise_ids = array_remove(conflict_enterprise_ids, $2::uuid)
          WHERE id = $1 AND $2::uuid = ANY(conflict_enterprise_ids) RETURNING id`,
        [principal.accountId, enterpriseId],
      );
      if (!done.length) throw DomainError.notFound('declared conflict');
      await appendAudit(manager, {
        stream: `account:${principal.accountId}`,
        actor: { accountId: principal.accountId, role: principal.roles[0] },
        action: 'conflict.withdrawn',
        data: { enterpriseId },
        at: this.time.now(),
      });
    });
    this.accounts.evict(principal.accountId);
  }
}
