import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AccountsModule } from './accounts/accounts.module';
import { ApplicationsModule } from './applications/applications.module';
import { AuditModule } from './audit/audit.module';
import { AuthEndpointsModule } from './auth/auth-endpoints.module';
import { BudgetsModule } from './budgets/budgets.module';
import { CalculatorModule } from './calculator/calculator.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConflictsModule } from './conflicts/conflicts.module';
import { DevModule } from './dev/dev.module';
import { DisbursementsModule } from './disbursements/disbursements.module';
import { EmailDeliveriesModule } from './email-deliveries/email-deliveries.module';
import { EnterprisesModule } from './enterprises/enterprises.module';
import { EscalationModule } from './escalation/escalation.module';
import { ExpertsModule } from './experts/experts.module';
import { HealthModule } from './health/health.module';
import { ErrorFilter } from './http/error.filter';
import { validationPipe } from './http/validation';
import { MaterialsModule } from './materials/materials.module';
import { NoticesModule } from './notices/notices.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OffersModule } from './offers/offers.module';
import { ProgramsModule } from './programs/programs.module';
import { RatingsModule } from './ratings/ratings.module';
import { RegionsModule } from './regions/regions.module';
import { SlaModule } from './sla/sla.module';
import { TasksModule } from './tasks/tasks.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Every feature of the HTTP API, one Nest module each (its controllers and use cases). */
const FEATURES = [
  // In the order the controllers were listed before the split, so the OpenAPI document keeps its path order.
  BudgetsModule, HealthModule, AuthEndpointsModule, ProgramsModule, ApplicationsModule, TasksModule, NotificationsModule,
  OffersModule, ExpertsModule, NoticesModule, AuditModule, ConflictsModule, MaterialsModule, DisbursementsModule,
  CalculatorModule, EnterprisesModule, SlaModule, CalendarModule, WebhooksModule, RatingsModule, RegionsModule,
  EscalationModule, AccountsModule, EmailDeliveriesModule, DevModule,
];

/**
 * HTTP for enterprises, reviewers and administrators: the feature modules (controllers → use cases → one
 * transaction) and what every request shares: the validation pipe, the error filter, the request limit.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: 600 }],
        skipIf: () => !config.rateLimits,
      }),
    }),
    ...FEATURES,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: validationPipe },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class ApiModule {}
