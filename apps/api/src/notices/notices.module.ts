import { Module } from '@nestjs/common';
import { NoticesController } from './notices.controller';
import { Notices } from './notices';

/** The public notice (公示) and objections to it. */
@Module({
  controllers: [NoticesController],
  providers: [Notices],
})
export class NoticesModule {}
