import { ApiProperty } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: '91350102MA2XYZ0012', description: 'Credit code for enterprises, staff username otherwise' })
  @IsString() @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @Length(1, 200)
  password: string;

  @ApiPropertyOptional({ description: 'The 6-digit code of your authenticator app (administrators, directors and auditors)', example: '123456' })
  @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'totp must be 6 digits' })
  totp?: string;

  @ApiPropertyOptional({ description: 'Instead of a code: one of your single-use recovery codes', example: 'abcde-fghjk' })
  @IsOptional() @IsString() @Length(6, 40)
  recoveryCode?: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String], enum: ['password-change', 'totp-enrolment'], description: 'What you must do before anything else is allowed' })
  pending: string[];
}

export class MeDto {
  @ApiProperty() accountId: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ nullable: true, type: String }) enterpriseId: string | null;
  @ApiProperty({ nullable: true, type: String }) regionCode: string | null;
}

export class CsrfTokenDto {
  @ApiProperty() csrfToken: string;
}

export class SessionDto {
  @ApiProperty({ type: MeDto, nullable: true }) me: MeDto | null;
}
