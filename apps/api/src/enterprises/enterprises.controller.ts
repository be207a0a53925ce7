import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { CurrentUser, Principal, Public, Roles } from '@app/auth';
import { DomainError } from '@app/domain';
import { UuidParam } from '../http/params';
import { ActivateDto, ActivationCodeDto, BlacklistDto, EnterpriseDto, EnterpriseQuery, RegisterEnterpriseDto, UpdateProfileDto } from './enterprise.dto';
import { ActivateEnterprise } from './activate-enterprise';
import { EnterpriseReader } from './enterprise-reader';
import { RegisterEnterprise } from './register-enterprise';
import { SetBlacklist } from './set-blacklist';
import { UpdateProfile } from './update-profile';

@ApiTags('enterprises')
@Controller('api/v1/enterprises')
export class EnterprisesController {
  constructor(
    private readonly registration: RegisterEnterprise,
    private readonly profile: UpdateProfile,
    private readonly blacklist: SetBlacklist,
    private readonly reader: EnterpriseReader,
    private readonly activation: ActivateEnterprise,
  ) {}

  @Post('register')
  @Public()
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Register an enterprise and its login (username = credit code)' })
  @ApiCreatedResponse({ type: EnterpriseDto })
  @ApiBadRequestResponse({ description: 'Names each bad field; a credit code with a wrong check character says so (`creditCode`)' })
  @ApiConflictResponse({ description: 'This credit code is already registered' })
  @ApiTooManyRequestsResponse({ description: 'More than 20 registrations a minute from one address' })
  register(@Body() body: RegisterEnterpriseDto): Promise<EnterpriseDto> {
    return this.registration.execute(body);
  }

  @Get('me')
  @Roles('enterprise')
  @ApiBearerAuth()
  @ApiOkResponse({ type: EnterpriseDto })
  @ApiUnauthorizedResponse({ description: 'No valid token' })
  @ApiForbiddenResponse({ description: 'Enterprise accounts only' })
  me(@CurrentUser() principal: Principal): Promise<EnterpriseDto> {
    if (!principal.enterpriseId) throw DomainError.notFound('enterprise');
    return this.reader.get(principal.enterpriseId);
  }

  @Patch('me')
  @Roles('enterprise')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the name and qualifications; region, scale, credit code and the blacklist flag are refused (400)' })
  @ApiOkResponse({ type: EnterpriseDto })
  @ApiBadRequestResponse({ description: 'Names each bad or forbidden field (e.g. `blacklisted`), or nothing to change' })
  @ApiUnauthorizedResponse({ description: 'No valid token' })
  @ApiForbiddenResponse({ description: 'Enterprise accounts only' })
  update(@CurrentUser() principal: Principal, @Body() body: UpdateProfileDto): Promise<EnterpriseDto> {
    return this.profile.execute(principal, body);
  }

  @Get()
  @Roles('administrator')
  @ApiBearerAuth()
  @ApiOkResponse({ type: [EnterpriseDto], description: 'Newest first; one or none when creditCode is given' })
  @ApiBadRequestResponse({ description: 'Names each bad field (a creditCode with a wrong check character)' })
  @ApiUnauthorizedResponse({ description: 'No valid token' })
  @ApiForbiddenResponse({ description: 'Administrators only' })
  list(@Query() query: EnterpriseQuery): Promise<EnterpriseDto[]> {
    return this.reader.list(query);
  }

  @Patch(':id/blacklist')
  @Roles('administrator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Set or clear the blacklist flag (严重失信 / 经营异常名录), with a reason; audited' })
  @ApiOkResponse({ type: EnterpriseDto })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiUnauthorizedResponse({ description: 'No valid token' })
  @ApiForbiddenResponse({ description: 'Administrators only' })
  @ApiNotFoundResponse({ description: 'No such enterprise' })
  setBlacklist(
    @CurrentUser() principal: Principal,
    @Param('id', UuidParam) id: string,
    @Body() body: BlacklistDto,
  ): Promise<EnterpriseDto> {
    return this.blacklist.execute(principal, id, body);
  }

  @Post(':id/activation')
  @Roles('administrator')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Issue a one-time code (send it out of band) so a known enterprise without an account can open one' })
  @ApiCreatedResponse({ type: ActivationCodeDto })
  @ApiConflictResponse({ description: 'The enterprise has an account already' })
  issueActivation(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<ActivationCodeDto> {
    return this.activation.issue(principal, id);
  }

  @Post('activate')
  @Public()
  @HttpCode(204)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Open the account of a known enterprise with its activation code' })
  @ApiNoContentResponse({ description: 'The account exists; log in with the credit code' })
  @ApiBadRequestResponse({ description: 'Names each bad field; a wrong, used or expired code is `code`' })
  @ApiConflictResponse({ description: 'The enterprise has an account already' })
  async activate(@Body() body: ActivateDto): Promise<void> {
    await this.activation.activate(body.creditCode, body.code, body.password);
  }
}
