import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { CurrentUser, Principal, Public, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { FileObjectionDto, NoticeEntryDto, ObjectionDto, ResolveObjectionDto } from './notice.dto';
import { Notices } from './notices';

class CreatedDto {
  @ApiProperty() id: string;
}

class StatusDto {
  @ApiProperty() status: string;
}

@ApiTags('public notice')
@Controller('api/v1')
export class NoticesController {
  constructor(private readonly notices: Notices) {}

  @Get('notices')
  @Public()
  @ApiOkResponse({ type: [NoticeEntryDto], description: 'Cases in public notice (公示), readable without login' })
  list(): Promise<NoticeEntryDto[]> {
    return this.notices.list();
  }

  @Post('notices/:applicationId/objections')
  @Public()
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiCreatedResponse({ type: CreatedDto })
  @ApiBadRequestResponse({ description: 'Names each bad field' })
  @ApiNotFoundResponse({ description: 'No such case in public notice' })
  @ApiConflictResponse({ description: 'The notice period has ended' })
  file(@Param('applicationId', UuidParam) applicationId: string, @Body() body: FileObjectionDto): Promise<CreatedDto> {
    return this.notices.file(applicationId, body);
  }

  @Get('objections')
  @ApiBearerAuth()
  @Roles('city_reviewer', 'director', 'administrator')
  @ApiOkResponse({ type: [ObjectionDto] })
  open(): Promise<ObjectionDto[]> {
    return this.notices.open();
  }

  @Post('objections/:id/resolution')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('city_reviewer', 'director')
  @ApiOkResponse({ type: StatusDto })
  @ApiConflictResponse({ description: 'Resolved already' })
  @ApiNotFoundResponse()
  resolve(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string, @Body() body: ResolveObjectionDto): Promise<StatusDto> {
    return this.notices.resolve(principal, id, body);
  }
}
