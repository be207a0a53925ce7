import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { EmailDeliveryDto, EmailDeliveryQuery } from './email-delivery.dto';
import { EmailDeliveryReader } from './email-delivery-reader';
import { ReplayEmailDelivery } from './replay-email-delivery';

/** E-mail notifications as administrators watch them: the deliveries, and a replay of a failed one. */
@ApiTags('e-mail')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Administrators only' })
@ApiUnauthorizedResponse({ description: 'No valid token' })
@Roles('administrator')
@Controller('api/v1/email-deliveries')
export class EmailDeliveriesController {
  constructor(
    private readonly reader: EmailDeliveryReader,
    private readonly replayDelivery: ReplayEmailDelivery,
  ) {}

  @Get()
  @ApiOkResponse({ type: [EmailDeliveryDto], description: 'Newest first; `status=failed` lists those to replay' })
  @ApiBadRequestResponse({ description: 'Names each bad field (status, limit, offset)' })
  list(@Query() query: EmailDeliveryQuery): Promise<EmailDeliveryDto[]> {
    return this.reader.deliveries(query);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: EmailDeliveryDto, description: 'Pending again, with a fresh series of tries and the same Message-ID' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The delivery has not failed' })
  replay(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<EmailDeliveryDto> {
    return this.replayDelivery.execute(principal, id);
  }
}
