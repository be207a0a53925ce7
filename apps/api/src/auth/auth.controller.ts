import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { AuthService, CurrentUser, Principal, Public } from '@app/auth';
import { LoginDto, MeDto, TokenDto } from './login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOkResponse({ type: TokenDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (never says which)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts' })
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body.username, body.password);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Every token of the account issued so far stops working' })
  @ApiBearerAuth()
  async logout(@CurrentUser() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() p: Principal): MeDto {
    return { accountId: p.accountId, username: p.username, roles: p.roles, enterpriseId: p.enterpriseId, regionCode: p.regionCode };
  }
}
