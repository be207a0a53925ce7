import { AccountEntity } from './account.entity';
import { ApplicationEntity } from './application.entity';
import { AuditEntity } from './audit.entity';
import { ClockEventEntity } from './clock-event.entity';
import { EnterpriseEntity } from './enterprise.entity';
import { NotificationEntity } from './notification.entity';
import { OutboxEntity } from './outbox.entity';
import { ProgramEntity, ProgramVersionEntity } from './program.entity';
import { ReviewTaskEntity } from './review-task.entity';
import { TransitionEntity } from './transition.entity';
import { ExpertSeatEntity } from './expert-seat.entity';
import { ObjectionEntity } from './objection.entity';
import { DisbursementBatchEntity, DisbursementEntity } from './disbursement.entity';
import { SlaAlarmRowEntity } from './sla-alarm-row.entity';
import { SlaMomentEntity } from './sla-moment.entity';
import { DeadlineRepairEntity } from './deadline-repair.entity';
import { BudgetPoolEntity, BudgetReservationEntity } from './budget-pool.entity';
import { OfferImportBatchEntity, OfferImportEntity, OfferImportErrorEntity } from './offer-import.entity';
import { OfferEntity } from './offer.entity';
import { CalendarOverrideEntity } from './calendar-override.entity';
import { SlaRollupEntity } from './sla-rollup.entity';
import { SlaRollupMonthlyEntity } from './sla-rollup-monthly.entity';
import { SlaRunningClockEntity } from './sla-running-clock.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { RatingEntity } from './rating.entity';
import { EnterpriseActivationEntity } from './enterprise-activation.entity';
import { MaterialEntity } from './material.entity';
import { DemoClockEntity } from './demo-clock.entity';
import { RegionEntity } from './region.entity';
import { EscalationHolderEntity } from './escalation-holder.entity';
import { LoginThrottleEntity, RecoveryCodeEntity } from './security.entity';
import { OwedJobEntity } from './owed-job.entity';
import { EmailDeliveryEntity } from './email-delivery.entity';

export * from './account.entity';
export * from './application.entity';
export * from './audit.entity';
export * from './clock-event.entity';
export * from './enterprise.entity';
export * from './notification.entity';
export * from './outbox.entity';
export * from './program.entity';
export * from './review-task.entity';
export * from './transition.entity';
export * from './expert-seat.entity';
export * from './objection.entity';
export * from './disbursement.entity';
export * from './sla-alarm-row.entity';
export * from './budget-pool.entity';
export * from './offer-import.entity';
export * from './offer.entity';
export * from './calendar-override.entity';
export * from './sla-rollup.entity';
export * from './sla-rollup-monthly.entity';
export * from './sla-running-clock.entity';
export * from './webhook-endpoint.entity';
export * from './webhook-delivery.entity';
export * from './rating.entity';
export * from './enterprise-activation.entity';
export * from './material.entity';
export * from './demo-clock.entity';
export * from './region.entity';
export * from './escalation-holder.entity';
export * from './security.entity';
export * from './owed-job.entity';
export * from './sla-moment.entity';
export * from './deadline-repair.entity';
export * from './email-delivery.entity';

export const ENTITIES = [
  AccountEntity, ApplicationEntity, AuditEntity, ClockEventEntity, EnterpriseEntity,
  NotificationEntity, OutboxEntity, ProgramEntity, ProgramVersionEntity, ReviewTaskEntity, SlaAlarmRowEntity, TransitionEntity, ExpertSeatEntity, ObjectionEntity,
  DisbursementBatchEntity, DisbursementEntity,
  BudgetPoolEntity, BudgetReservationEntity,
  OfferImportEntity, OfferImportErrorEntity, OfferImportBatchEntity, OfferEntity,
  CalendarOverrideEntity, SlaRollupEntity, SlaRollupMonthlyEntity, SlaRunningClockEntity,
  WebhookEndpointEntity, WebhookDeliveryEntity, RatingEntity, EnterpriseActivationEntity, MaterialEntity,
  DemoClockEntity,
  RegionEntity, EscalationHolderEntity,
  RecoveryCodeEntity, LoginThrottleEntity,
  OwedJobEntity,
  SlaMomentEntity,
  DeadlineRepairEntity,
  EmailDeliveryEntity,
];
