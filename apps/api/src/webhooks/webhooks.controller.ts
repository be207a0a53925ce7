import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Principal, Roles } from '@app/auth';
import { UuidParam } from '../http/params';
import { RegisterWebhook } from './register-webhook';
import { RemoveWebhook } from './remove-webhook';
import { ReplayDelivery } from './replay-delivery';
import { CreatedWebhookDto, CreateWebhookDto, DeliveryDto, DeliveryQuery, WebhookDto } from './webhook.dto';
import { WebhookReader } from './webhook-reader';

/** Webhooks for other systems: administrators register receivers and watch (and replay) deliveries. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Administrators only' })
@ApiUnauthorizedResponse({ description: 'No valid token' })
@Roles('administrator')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly register: RegisterWebhook,
    private readonly remove: RemoveWebhook,
    private readonly replayDelivery: ReplayDelivery,
    private readonly reader: WebhookReader,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'The secret is in this answer only' })
  @ApiBadRequestResponse({ description: 'Names each bad field (url: http/https only; events: *, case.*, case.<status> or case.pro-rata-reduced)' })
  create(@CurrentUser() principal: Principal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.register.execute(principal, body);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookDto] })
  list(): Promise<WebhookDto[]> {
    return this.reader.endpoints();
  }

  @Get('deliveries')
  @ApiOkResponse({ type: [DeliveryDto], description: 'Newest first; `status=dead` is the dead-letter list' })
  @ApiBadRequestResponse()
  deliveries(@Query() query: DeliveryQuery): Promise<DeliveryDto[]> {
    return this.reader.deliveries(query);
  }

  @Post('deliveries/:id/replay')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliveryDto, description: 'Pending again, with a fresh series of tries' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The delivery is not dead, or its endpoint was removed' })
  replay(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<DeliveryDto> {
    return this.replayDelivery.execute(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  delete(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<void> {
    return this.remove.execute(principal, id);
  }
}
