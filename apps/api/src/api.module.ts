import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ApplicationReader } from './applications/application-reader';
import { ApplicationsController } from './applications/applications.controller';
import { SubmitApplication } from './applications/submit-application';
import { WithdrawApplication } from './applications/withdraw-application';
import { AuthController } from './auth/auth.controller';
import { BudgetPoolReader } from './budgets/budget-pool-reader';
import { BudgetPoolsController } from './budgets/budget-pools.controller';
import { CloseBudgetRound } from './budgets/close-budget-round';
import { CreateBudgetPool } from './budgets/create-budget-pool';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { ErrorFilter } from './http/error.filter';
import { validationPipe } from './http/validation';
import { NotificationsController } from './notifications/notifications.controller';
import { OFFER_CONTROLLERS, OFFER_PROVIDERS } from './offers/offers.api';
import { ProgramsController } from './programs/programs.controller';
import { AddProgramVersion } from './programs/add-program-version';
import { ProgramVersionReader } from './programs/program-version-reader';
import { CalculateAmount } from './calculator/calculate-amount';
import { CalculatorController } from './calculator/calculator.controller';
import { EnterpriseReader } from './enterprises/enterprise-reader';
import { EnterprisesController } from './enterprises/enterprises.controller';
import { RegisterEnterprise } from './enterprises/register-enterprise';
import { SetBlacklist } from './enterprises/set-blacklist';
import { UpdateProfile } from './enterprises/update-profile';
import { DecideTask } from './tasks/decide-task';
import { TaskQueue } from './tasks/task-queue';
import { TasksController } from './tasks/tasks.controller';
import { SLA_CONTROLLERS, SLA_PROVIDERS } from './sla/sla.api';

/** HTTP for enterprises, reviewers and administrators: controllers → use cases → one transaction. */
@Module({
  imports: [TerminusModule, ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 600 }])],
  controllers: [
    BudgetPoolsController,
    HealthController, MetricsController, AuthController, ProgramsController, ApplicationsController, TasksController,
    NotificationsController, ...OFFER_CONTROLLERS,
    CalculatorController, EnterprisesController,
    ...SLA_CONTROLLERS,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    CreateBudgetPool, CloseBudgetRound, BudgetPoolReader,
    ...OFFER_PROVIDERS,
    ProgramVersionReader, AddProgramVersion, CalculateAmount,
    EnterpriseReader, RegisterEnterprise, UpdateProfile, SetBlacklist,
    SubmitApplication, WithdrawApplication, ApplicationReader, TaskQueue, DecideTask,
    ...SLA_PROVIDERS,
  ],
})
export class ApiModule {}
