import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import {
  AllowPending,
  AuthService,
  BrowserSessions,
  CurrentUser,
  preferredLanguage,
  Principal,
  Public,
  SESSION_COOKIE,
  sessionCookieOptions,
  tokenOf,
} from '@app/auth';
import type { Request, Response } from 'express';
import { CsrfTokenDto, LoginDto, MeDto, SessionDto, TokenDto } from './login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: BrowserSessions,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Throttle({ default: { limit: 300, ttl: 60_000 } })
  @ApiOkResponse({
    type: TokenDto,
    description: 'The token, also set as an HttpOnly SameSite=Strict session cookie for browsers',
  })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (never says which)' })
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed attempts for this username or address: wait Retry-After seconds (the message says so in zh-CN, or English by Accept-Language)',
  })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenDto> {
    const token = await this.auth.login(body.username, body.password, {
      totp: body.totp,
      recoveryCode: body.recoveryCode,
      address: req.ip ?? null,
      language: preferredLanguage(req.headers['accept-language']),
    });
    res.cookie(SESSION_COOKIE, token.accessToken, sessionCookieOptions(this.secure, token.expiresIn));
    return token;
  }

  @Post('logout')
  @AllowPending()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Every token of the account issued so far stops working; the session cookie is cleared',
  })
  @ApiBearerAuth()
  async logout(
    @CurrentUser() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.auth.logout(principal);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secure));
  }

  @Get('me')
  @AllowPending()
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() p: Principal): MeDto {
    return {
      accountId: p.accountId,
      username: p.username,
      roles: p.roles,
      enterpriseId: p.enterpriseId,
      regionCode: p.regionCode,
    };
  }

  @Get('session')
  @Public()
  @ApiOkResponse({ type: SessionDto, description: 'Who this browser session is, or null: a page asks without causing a 401' })
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionDto> {
    const given = tokenOf(req);
    if (!given) return { me: null };
    try {
      const p = await this.auth.verify(given.token);
      return { me: { accountId: p.accountId, username: p.username, roles: p.roles, enterpriseId: p.enterpriseId, regionCode: p.regionCode } };
    } catch {
      // A stale cookie is dropped, so public pages' requests are not taken for a session's.
      if (given.via === 'cookie') res.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.secure));
      return { me: null };
    }
  }

  @Get('csrf')
  @ApiBearerAuth()
  @ApiOkResponse({
    type: CsrfTokenDto,
    description: 'The token a cookie session sends as x-csrf-token on unsafe requests',
  })
  csrf(@Req() req: Request, @Res({ passthrough: true }) res: Response): CsrfTokenDto {
    return { csrfToken: this.sessions.issue(req, res) };
  }

  private get secure(): boolean {
    return this.sessions.secure;
  }
}
