import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { CalendarOverrideDto, CalendarOverrideInput } from './calendar-override.dto';
import { CalendarOverrides } from './calendar-overrides';

@ApiTags('calendar')
@ApiBearerAuth()
@Roles('administrator')
@ApiForbiddenResponse({ description: 'Administrators only' })
@Controller('api/v1/calendar/overrides')
export class CalendarController {
  constructor(private readonly overrides: CalendarOverrides) {}

  @Get()
  @ApiOkResponse({ type: [CalendarOverrideDto], description: 'Overrides in force, by date' })
  list(): Promise<CalendarOverrideDto[]> {
    return this.overrides.list();
  }

  @Post()
  @ApiCreatedResponse({ type: CalendarOverrideDto, description: 'Saved (replaces an override of the same day); SLA repair queued' })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  put(@CurrentUser() principal: Principal, @Body() body: CalendarOverrideInput): Promise<CalendarOverrideDto> {
    return this.overrides.put(principal, body);
  }

  @Delete(':date')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; SLA repair queued' })
  @ApiNotFoundResponse({ description: 'No override on that day' })
  async remove(@CurrentUser() principal: Principal, @Param('date') date: string): Promise<void> {
    await this.overrides.remove(principal, date);
  }
}
