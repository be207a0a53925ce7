import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { DevClockDto, MoveDevClockDto } from './dev-clock.dto';
import { MoveDevClock } from './move-dev-clock';

/** Development only: the demonstration clock (README, "Demo data"). Production answers 403. */
@ApiTags('dev')
@ApiBearerAuth()
@Roles('administrator')
@ApiForbiddenResponse({ description: 'Not an administrator, or the system runs in production' })
@Controller('api/v1/dev/clock')
export class DevClockController {
  constructor(private readonly clock: MoveDevClock) {}

  @Get()
  @ApiOkResponse({ type: DevClockDto })
  get(): DevClockDto {
    return this.clock.read();
  }

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: DevClockDto, description: 'Moved forward; every process sees it within a second; audited' })
  @ApiBadRequestResponse({ description: 'Names the field: days, hours or workingDays, exactly one, a whole number ≥ 1' })
  move(@CurrentUser() principal: Principal, @Body() body: MoveDevClockDto): Promise<DevClockDto> {
    return this.clock.execute(principal, body);
  }
}
