import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: '91350102MA2XYZ0012', description: 'Credit code for enterprises, staff username otherwise' })
  @IsString() @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @Length(1, 200)
  password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ type: [String] }) roles: string[];
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
