import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiBadRequestResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, primaryRole } from '@app/auth';
import { DEFAULT_LANGUAGE, LANGUAGES } from '@app/domain';
import { appendAudit, TimeSource } from '@app/persistence';
import { IsIn } from 'class-validator';
import { DataSource } from 'typeorm';

export class PreferencesDto {
  @ApiProperty({ enum: LANGUAGES, default: DEFAULT_LANGUAGE, description: 'The language of your messages and notifications' })
  @IsIn(LANGUAGES)
  language: string;
}

/** A person's own preferences: the language their messages are written in (zh-CN unless they choose English). */
@ApiTags('account')
@ApiBearerAuth()
@Controller('api/v1/account/preferences')
export class AccountPreferencesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  @Get()
  @ApiOkResponse({ type: PreferencesDto })
  async get(@CurrentUser() principal: Principal): Promise<PreferencesDto> {
    const [row]: { language: string }[] = await this.dataSource.query('SELECT language FROM accounts WHERE id = $1', [principal.accountId]);
    return { language: row?.language ?? DEFAULT_LANGUAGE };
  }

  @Patch()
  @ApiOkResponse({ type: PreferencesDto })
  @ApiBadRequestResponse({ description: 'An unknown language (names the field)' })
  async set(@CurrentUser() principal: Principal, @Body() body: PreferencesDto): Promise<PreferencesDto> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE accounts SET language = $2 WHERE id = $1', [principal.accountId, body.language]);
      await appendAudit(manager, {
        stream: `account:${principal.accountId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'preferences.updated',
        data: { language: body.language },
        at: this.time.now(),
      });
    });
    return { language: body.language };
  }
}
