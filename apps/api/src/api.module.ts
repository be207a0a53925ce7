import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ApplicationReader } from './applications/application-reader';
import { ApplicationsController } from './applications/applications.controller';
import { SubmitApplication } from './applications/submit-application';
import { VerifyFacts } from './applications/verify-facts';
import { AccountPreferencesController } from './accounts/account-preferences.controller';
import { WithdrawApplication } from './applications/withdraw-application';
import { OverrideScreening } from './applications/override-screening';
import { RegionsController } from './regions/regions.controller';
import { EscalationController } from './escalation/escalation.controller';
import { EscalationChains } from './escalation/escalation-chains';
import { ResubmitSupplement } from './applications/resubmit-supplement';
import { AuthController } from './auth/auth.controller';
import { BudgetPoolReader } from './budgets/budget-pool-reader';
import { BudgetPoolsController } from './budgets/budget-pools.controller';
import { CloseBudgetRound } from './budgets/close-budget-round';
import { CreateBudgetPool } from './budgets/create-budget-pool';
import { TopUpBudgetPool } from './budgets/top-up-budget-pool';
import { HealthController } from './health/health.controller';
import { MetricsController } from './health/metrics.controller';
import { AuditController } from './audit/audit.controller';
import { ConflictsController } from './conflicts/conflicts.controller';
import { Materials } from './materials/materials';
import { MaterialsController } from './materials/materials.controller';
import { ErrorFilter } from './http/error.filter';
import { Disbursements } from './disbursements/disbursements';
import { DisbursementsController } from './disbursements/disbursements.controller';
import { Notices } from './notices/notices';
import { NoticesController } from './notices/notices.controller';
import { ExpertReviews } from './experts/expert-reviews';
import { ExpertReviewsController } from './experts/expert-reviews.controller';
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
import { ActivateEnterprise } from './enterprises/activate-enterprise';
import { SetBlacklist } from './enterprises/set-blacklist';
import { UpdateProfile } from './enterprises/update-profile';
import { DecideTask } from './tasks/decide-task';
import { TaskQueue } from './tasks/task-queue';
import { TasksController } from './tasks/tasks.controller';
import { RegisterWebhook } from './webhooks/register-webhook';
import { RemoveWebhook } from './webhooks/remove-webhook';
import { ReplayDelivery } from './webhooks/replay-delivery';
import { WebhookReader } from './webhooks/webhook-reader';
import { WebhooksController } from './webhooks/webhooks.controller';
import { RateCase } from './ratings/rate-case';
import { RatingPolicy } from './ratings/rating-policy';
import { RatingReader } from './ratings/rating-reader';
import { RatingsController } from './ratings/ratings.controller';
import { CaseRatingController } from './ratings/case-rating.controller';
import { ReadCaseRating } from './ratings/read-case-rating';
import { RecordCallback } from './ratings/record-callback';
import { SLA_CONTROLLERS, SLA_PROVIDERS } from './sla/sla.api';
import { DevModule } from './dev/dev.module';
import { SECURITY_CONTROLLERS, SECURITY_PROVIDERS } from './security.api';

/** HTTP for enterprises, reviewers and administrators: controllers → use cases → one transaction. */
@Module({
  imports: [TerminusModule, ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: 600 }],
        skipIf: () => !config.rateLimits,
      }),
    }),
    DevModule,
  ],
  controllers: [
    BudgetPoolsController,
    HealthController, MetricsController, AuthController, ProgramsController, ApplicationsController, TasksController,
    NotificationsController, ...OFFER_CONTROLLERS, ExpertReviewsController, NoticesController, AuditController, ConflictsController, MaterialsController, DisbursementsController,
    CalculatorController, EnterprisesController,
    ...SLA_CONTROLLERS,
    WebhooksController, RatingsController,
    RegionsController, EscalationController,
    ...SECURITY_CONTROLLERS,
    AccountPreferencesController,
    CaseRatingController,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    ...OFFER_PROVIDERS,
    CreateBudgetPool, CloseBudgetRound, BudgetPoolReader, TopUpBudgetPool,
    ProgramVersionReader, AddProgramVersion, CalculateAmount,
    EnterpriseReader, RegisterEnterprise, UpdateProfile, SetBlacklist, ActivateEnterprise,
    SubmitApplication, WithdrawApplication, ResubmitSupplement, ExpertReviews, Notices, Disbursements, Materials, ApplicationReader, TaskQueue, DecideTask,
    ...SLA_PROVIDERS,
    RegisterWebhook, RemoveWebhook, ReplayDelivery, WebhookReader, RateCase, RecordCallback, RatingReader, RatingPolicy,
    OverrideScreening, EscalationChains,
    ...SECURITY_PROVIDERS,
    VerifyFacts,
    ReadCaseRating,
  ],
})
export class ApiModule {}
