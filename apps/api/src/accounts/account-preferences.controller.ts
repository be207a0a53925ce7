import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import {
  ApiBearerAuth, ApiBadRequestResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, primaryRole } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DEFAULT_LANGUAGE, DomainError, LANGUAGES } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';

/** RFC 5321's limit on a path, and the column's. */
const EMAIL_MAX = 254;

export class PreferencesDto {
  @ApiProperty({ enum: LANGUAGES, default: DEFAULT_LANGUAGE, description: 'The language of your messages and notifications' })
  language: string;

  @ApiProperty({ type: String, format: 'email', maxLength: EMAIL_MAX, nullable: true, description: 'Where your messages are also e-mailed; null when none is set' })
  email: string | null;

  @ApiProperty({ description: 'Whether this system sends e-mail (SMTP_URL set): an address can be set only then' })
  emailAvailable: boolean;
}

/** A change of preferences: either field, or both; `email: null` removes the address. */
export class UpdatePreferencesDto {
  @ApiPropertyOptional({ enum: LANGUAGES, description: 'The language of your messages and notifications' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string;

  @ApiPropertyOptional({
    type: String, format: 'email', maxLength: EMAIL_MAX, nullable: true,
    description: 'An address to e-mail your messages to as well (only where the bureau has e-mail configured); null removes it',
  })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address (or null to remove it)' })
  @MaxLength(EMAIL_MAX)
  email?: string | null;
}

/**
 * A person's own preferences: the language their messages are written in (zh-CN unless they choose English), and an
 * address their messages are also e-mailed to.
 */
@ApiTags('account')
@ApiBearerAuth()
@Controller('api/v1/account/preferences')
export class AccountPreferencesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: PreferencesDto })
  async get(@CurrentUser() principal: Principal): Promise<PreferencesDto> {
    const [row]: { language: string; email: string | null }[] = await this.dataSource.query(
      'SELECT language, email FROM accounts WHERE id = $1', [principal.accountId],
    );
    return { language: row?.language ?? DEFAULT_LANGUAGE, email: row?.email ?? null, emailAvailable: Boolean(this.config.mail.smtpUrl) };
  }

  @Patch()
  @ApiOkResponse({ type: PreferencesDto })
  @ApiBadRequestResponse({ description: 'An unknown language, an address that is none, or neither field given (names the field)' })
  @ApiUnprocessableEntityResponse({ description: 'An address given where e-mail is not configured (SMTP_URL unset): `email-not-configured`, naming `email`' })
  async set(@CurrentUser() principal: Principal, @Body() body: UpdatePreferencesDto): Promise<PreferencesDto> {
    if (body.language === undefined && body.email === undefined) {
      throw DomainError.invalid([
        { field: 'language', message: 'give language or email (or both)' },
        { field: 'email', message: 'give language or email (or both)' },
      ]);
    }
    // Removing an address is always allowed (e-mail switched off after it was set); setting one only where it is sent.
    if (typeof body.email === 'string' && !this.config.mail.smtpUrl) {
      throw DomainError.because('email-not-configured', 'This system sends no e-mail (SMTP_URL is not set): an address cannot be set', [
        { field: 'email', message: 'e-mail is not configured on this system' },
      ]);
    }
    const change: { language?: string; email?: string | null } = {};
    if (body.language !== undefined) change.language = body.language;
    if (body.email !== undefined) change.email = body.email;
    const row = await this.dataSource.transaction(async (manager) => {
      const [updated] = await updateReturning<{ language: string; email: string | null }>(
        manager,
        `UPDATE accounts SET language = COALESCE($2, language), email = CASE WHEN $3 THEN $4 ELSE email END
          WHERE id = $1 RETURNING language, email`,
        [principal.accountId, change.language ?? null, 'email' in change, change.email ?? null],
      );
      await appendAudit(manager, {
        stream: `account:${principal.accountId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'preferences.updated',
        // The log is append-only: it keeps who changed the address and to which domain, never the address itself.
        data: 'email' in change ? { ...change, email: maskEmail(change.email ?? null) } : change,
        at: this.time.now(),
      });
      return updated;
    });
    return { language: row?.language ?? DEFAULT_LANGUAGE, email: row?.email ?? null, emailAvailable: Boolean(this.config.mail.smtpUrl) };
  }
}

/** An address as the audit log keeps it: its first character and its domain (`r***@bureau.example.gov.cn`). */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}
