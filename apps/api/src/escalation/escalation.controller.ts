import { Body, Controller, Get, Param, ParseIntPipe, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { EscalationChains } from './escalation-chains';
import { EscalationChainDto, EscalationQuery, EscalationsDto, SetHoldersDto } from './escalation.dto';

@ApiTags('sla')
@ApiBearerAuth()
@Roles('administrator', 'director')
@ApiForbiddenResponse({ description: 'Administrators and directors only' })
@Controller('api/v1')
export class EscalationController {
  constructor(private readonly chains: EscalationChains) {}

  @Get('escalation-chain')
  @ApiOkResponse({ type: [EscalationChainDto], description: "Each program's chain (section head → deputy director → director) and who holds each post" })
  list(): Promise<EscalationChainDto[]> {
    return this.chains.list();
  }

  @Put('escalation-chain/:program/levels/:level')
  @Roles('administrator')
  @ApiOkResponse({ type: EscalationChainDto, description: 'The holders of the post replaced, audited' })
  @ApiBadRequestResponse({ description: 'A level outside the chain, or an account that is not staff' })
  @ApiNotFoundResponse({ description: 'No such program' })
  setHolders(
    @CurrentUser() principal: Principal,
    @Param('program') program: string,
    @Param('level', ParseIntPipe) level: number,
    @Body() body: SetHoldersDto,
  ): Promise<EscalationChainDto> {
    return this.chains.setHolders(principal, program, level, body);
  }

  @Get('sla/escalations')
  @ApiOkResponse({ type: EscalationsDto, description: 'Overdue running clocks by escalation level, with counts per level' })
  @ApiBadRequestResponse({ description: 'Names each bad filter' })
  escalations(@Query() query: EscalationQuery): Promise<EscalationsDto> {
    return this.chains.open(query.program);
  }
}
