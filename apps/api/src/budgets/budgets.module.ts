import { Module } from '@nestjs/common';
import { BudgetPoolsController } from './budget-pools.controller';
import { CreateBudgetPool } from './create-budget-pool';
import { CloseBudgetRound } from './close-budget-round';
import { BudgetPoolReader } from './budget-pool-reader';
import { TopUpBudgetPool } from './top-up-budget-pool';

/** Budget pools (资金池): create, top up, close a round, read. */
@Module({
  controllers: [BudgetPoolsController],
  providers: [CreateBudgetPool, CloseBudgetRound, BudgetPoolReader, TopUpBudgetPool],
})
export class BudgetsModule {}
