import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { UuidParam } from '../http/params';

class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) applicationId: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() message: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

/** The in-app inbox: every change that concerns the caller. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: [NotificationDto] })
  async list(@CurrentUser() principal: Principal): Promise<NotificationDto[]> {
    const rows: { id: string; application_id: string | null; kind: string; message: string; created_at: Date; read_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT id, application_id, kind, message, created_at, read_at FROM notifications
          WHERE account_id = $1 ORDER BY created_at DESC LIMIT 200`,
        [principal.accountId],
      );
    return rows.map((r) => ({
      id: r.id, applicationId: r.application_id, kind: r.kind, message: r.message,
      createdAt: r.created_at.toISOString(), readAt: r.read_at ? r.read_at.toISOString() : null,
    }));
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Marked read' })
  @ApiNotFoundResponse()
  async markRead(@CurrentUser() principal: Principal, @Param('id', UuidParam) id: string): Promise<void> {
    const rows = await updateReturning(
      this.dataSource,
      'UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND account_id = $2 RETURNING id',
      [id, principal.accountId],
    );
    if (!rows.length) throw DomainError.notFound('notification');
  }
}
