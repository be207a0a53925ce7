import { Module } from '@nestjs/common';
import { RegionsController } from './regions.controller';

/** The districts a case and a reviewer belong to. */
@Module({
  controllers: [RegionsController],
})
export class RegionsModule {}
