import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { AccountSecurity, AllowPending, CurrentUser, Principal } from '@app/auth';

class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 200)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: 200 }) @IsString() @Length(12, 200)
  newPassword: string;
}

class TotpCodeDto {
  @ApiProperty({ example: '123456' }) @IsString() @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

class EnrolmentDto {
  @ApiProperty({ description: 'Base32 secret, for apps that cannot scan' }) secret: string;
  @ApiProperty({ description: 'otpauth:// URL (show as a QR code)' }) otpauthUrl: string;
}

class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Single-use codes, shown this once' }) recoveryCodes: string[];
}

/** Your own password and second factor; callable while these steps are pending. */
@ApiTags('auth')
@ApiBearerAuth()
@AllowPending()
@Controller('api/v1/auth')
export class AccountSecurityController {
  constructor(private readonly security: AccountSecurity) {}

  @Post('password')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; a one-time password is one no more' })
  async changePassword(@CurrentUser() principal: Principal, @Body() body: ChangePasswordDto): Promise<void> {
    await this.security.changePassword(principal, body.currentPassword, body.newPassword);
  }

  @Post('totp/enrolment')
  @ApiCreatedResponse({ type: EnrolmentDto, description: 'A new TOTP secret; not in force until confirmed with a code' })
  @ApiConflictResponse({ description: 'TOTP is set up already' })
  enrol(@CurrentUser() principal: Principal): Promise<EnrolmentDto> {
    return this.security.startEnrolment(principal);
  }

  @Post('totp/confirmation')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'TOTP is on; every later login needs a code or a recovery code' })
  @ApiConflictResponse({ description: 'Not started, or set up already' })
  confirm(@CurrentUser() principal: Principal, @Body() body: TotpCodeDto): Promise<RecoveryCodesDto> {
    return this.security.confirmEnrolment(principal, body.code);
  }

  @Post('totp/recovery-codes')
  @HttpCode(200)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'New recovery codes; the old ones stop working' })
  @ApiConflictResponse({ description: 'No second factor is set up for this account' })
  renew(@CurrentUser() principal: Principal, @Body() body: TotpCodeDto): Promise<RecoveryCodesDto> {
    return this.security.renewRecoveryCodes(principal, body.code);
  }
}
