import { Module } from '@nestjs/common';
import { CalculatorController } from './calculator.controller';
import { CalculateAmount } from './calculate-amount';

/** What an enterprise could get, without logging in: the engine of screening. */
@Module({
  controllers: [CalculatorController],
  providers: [CalculateAmount],
})
export class CalculatorModule {}
