import { Module } from '@nestjs/common';
import { ConflictsController } from './conflicts.controller';

/** Reviewers' declarations of conflicts of interest. */
@Module({
  controllers: [ConflictsController],
})
export class ConflictsModule {}
