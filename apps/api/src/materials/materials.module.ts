import { Module } from '@nestjs/common';
import { MaterialsController } from './materials.controller';
import { Materials } from './materials';

/** Materials an enterprise hands in, with their quotas and content checks. */
@Module({
  controllers: [MaterialsController],
  providers: [Materials],
  exports: [Materials],
})
export class MaterialsModule {}
