import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { AllowPending, AuthService, CurrentUser, preferredLanguage, Principal, Public } from '@app/auth';
import type { Request } from 'express';
import { LoginDto, MeDto, TokenDto } from './login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Throttle({ default: { limit: 300, ttl: 60_000 } })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (never says which)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this username or address: wait Retry-After seconds (the message says so in zh-CN, or English by Accept-Language)' })
  login(@Body() body: LoginDto, @Req() req: Request): Promise<TokenDto> {
    return this.auth.login(body.username, body.password, {
      totp: body.totp, recoveryCode: body.recoveryCode, address: req.ip ?? null, language: preferredLanguage(req.headers['accept-language']),
    });
  }

  @Post('logout')
  @AllowPending()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every token of the account issued so far stops working' })
  @ApiBearerAuth()
  async logout(@CurrentUser() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Get('me')
  @AllowPending()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() p: Principal): MeDto {
    return { accountId: p.accountId, username: p.username, roles: p.roles, enterpriseId: p.enterpriseId, regionCode: p.regionCode };
  }
}
