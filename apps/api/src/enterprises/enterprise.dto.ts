import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsUscc, NormaliseUscc } from './is-uscc';

const SCALES = ['above', 'below'] as const;

export class RegisterEnterpriseDto {
  @ApiProperty({ description: '统一社会信用代码, 18 characters with a valid GB 32100-2015 check character; the login name', example: '91350100M000100Y43' })
  @NormaliseUscc() @IsUscc()
  creditCode: string;

  @ApiProperty({ example: '福州闽光科技有限公司' })
  @IsString() @Length(2, 200) @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ description: '6-digit administrative division code of the registered district', example: '350102' })
  @IsString() @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit administrative division code' })
  regionCode: string;

  @ApiProperty({ enum: SCALES, description: "'above' = 规上 (above designated size), 'below' = 规下" })
  @IsIn(SCALES)
  scale: string;

  @ApiPropertyOptional({ nullable: true, type: String, minLength: 1, maxLength: 64, description: '科技型中小企业 入库登记编号' })
  @IsOptional() @IsString() @Length(1, 64)
  techSmeNo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, minLength: 1, maxLength: 64, description: '高新技术企业 certificate number' })
  @IsOptional() @IsString() @Length(1, 64)
  highTechCertNo?: string | null;

  @ApiPropertyOptional({ default: false, description: 'Registered in 福州高新区' })
  @IsOptional() @IsBoolean()
  inHighTechZone?: boolean;

  @ApiProperty({ minLength: 10, maxLength: 72, format: 'password' })
  @IsString() @MinLength(10) @MaxLength(72)
  password: string;
}

/**
 * What an enterprise may change about itself: its name and qualifications. Region, scale, credit code and the
 * blacklist flag are the bureau's; sending them is refused (400) rather than ignored.
 */
export class UpdateProfileDto {
  @ApiPropertyOptional()
  @ValidateIf((o: UpdateProfileDto) => o.name !== undefined)
  @IsString() @Length(2, 200) @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String, minLength: 1, maxLength: 64, description: 'null clears it' })
  @IsOptional() @IsString() @Length(1, 64)
  techSmeNo?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, minLength: 1, maxLength: 64, description: 'null clears it' })
  @IsOptional() @IsString() @Length(1, 64)
  highTechCertNo?: string | null;

  @ApiPropertyOptional()
  @ValidateIf((o: UpdateProfileDto) => o.inHighTechZone !== undefined)
  @IsBoolean()
  inHighTechZone?: boolean;
}

export class BlacklistDto {
  @ApiProperty({ description: 'On a 严重失信 list or 经营异常名录' })
  @IsBoolean()
  blacklisted: boolean;

  @ApiProperty({ description: 'Why, for the audit log', example: '列入经营异常名录' })
  @IsString() @Length(2, 500) @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class EnterpriseQuery {
  @ApiPropertyOptional({ description: 'Exact 统一社会信用代码' })
  @IsOptional() @NormaliseUscc() @IsUscc()
  creditCode?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class EnterpriseDto {
  @ApiProperty() id: string;
  @ApiProperty() creditCode: string;
  @ApiProperty() name: string;
  @ApiProperty() regionCode: string;
  @ApiProperty({ enum: SCALES }) scale: string;
  @ApiProperty({ nullable: true, type: String }) techSmeNo: string | null;
  @ApiProperty({ nullable: true, type: String }) highTechCertNo: string | null;
  @ApiProperty() inHighTechZone: boolean;
  @ApiProperty({ description: 'Set by administrators only' }) blacklisted: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['declared', 'verified'] },
        source: { type: 'string', enum: ['enterprise', 'import', 'registry', 'reviewer'] },
        by: { type: 'string', nullable: true, description: 'The account that verified it' },
        at: { type: 'string', nullable: true },
      },
    },
    description: 'For regionCode, scale, techSmeNo, highTechCertNo and inHighTechZone: declared (by the enterprise) or verified (by an import, a registry or a reviewer, with who and when)',
  })
  factStatus: Record<'regionCode' | 'scale' | 'techSmeNo' | 'highTechCertNo' | 'inHighTechZone', FactStandingDto>;
}

export interface FactStandingDto {
  status: 'declared' | 'verified';
  source: 'enterprise' | 'import' | 'registry' | 'reviewer';
  by: string | null;
  at: string | null;
}

export class ActivationCodeDto {
  @ApiProperty({ description: 'Shown once: send it to the enterprise out of band' }) code: string;
  @ApiProperty() expiresAt: string;
}

export class ActivateDto {
  @ApiProperty({ description: '统一社会信用代码: the login name' })
  @NormaliseUscc() @IsUscc()
  creditCode: string;

  @ApiProperty({ description: 'The one-time code the bureau sent' })
  @IsString() @Length(8, 32)
  code: string;

  @ApiProperty({ minLength: 10, maxLength: 72, format: 'password' })
  @IsString() @MinLength(10) @MaxLength(72)
  password: string;
}
