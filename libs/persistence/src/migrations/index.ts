import { Initial1795846528033 } from './1795846528033-initial';
import { Guards1795846528034 } from './1795846528034-guards';
import { ReviewDesk1795848577475 } from './1795848577475-review-desk';
import { SlaEngine1795848672592 } from './1795848672592-sla-engine';
import { OfferImports1795848696853 } from './1795848696853-offer-imports';
import { BudgetPools1795848766609 } from './1795848766609-budget-pools';
import { DuplicateClaims1795848766610 } from './1795848766610-duplicate-claims';
import { WebhooksRatings1795848777254 } from './1795848777254-webhooks-ratings';
import { TaskColour1795848833343 } from './1795848833343-task-colour';
import { SlaRollupMonthly1795849361460 } from './1795849361460-sla-rollup-monthly';
import { OfferImportBatches1795849423459 } from './1795849423459-offer-import-batches';
import { EnterpriseActivations1795851043545 } from './1795851043545-enterprise-activations';
import { Materials1795852191770 } from './1795852191770-materials';
import { Deployment1795853000000 } from './1795853000000-deployment';
import { EnterpriseDesk1795853411207 } from './1795853411207-enterprise-desk';
import { DemoBudgetWait1795996331883 } from './1795996331883-demo-budget-wait';
import { CaseExits1795996379306 } from './1795996379306-case-exits';
import { Security1795996634244 } from './1795996634244-security';
import { OwedJobs1795996800000 } from './1795996800000-owed-jobs';
import { Regions1795997000000 } from './1795997000000-regions';
import { EscalationHolders1795998000000 } from './1795998000000-escalation-holders';
import { DropInbox1795999700000 } from './1795999700000-drop-inbox';
import { SlaTimers1796001000000 } from './1796001000000-sla-timers';
import { DeadlineRepairs1796001100000 } from './1796001100000-deadline-repairs';
import { AccountNotify1796005000000 } from './1796005000000-account-notify';
import { AuditStreamHead1796005100000 } from './1796005100000-audit-stream-head';
import { TransitionDetail1796005312000 } from './1796005312000-transition-detail';
import { OnceOnlyClaims1796007412000 } from './1796007412000-once-only-claims';
import { SlaWakeups1796008100000 } from './1796008100000-sla-wakeups';
import { SlaUntoldAlarms1796008100100 } from './1796008100100-sla-untold-alarms';
import { OfferBatchJobs1796008200000 } from './1796008200000-offer-batch-jobs';
import { SlaRollupStripes1796008250000 } from './1796008250000-sla-rollup-stripes';
import { SlaAlarmMoments1796008300000 } from './1796008300000-sla-alarm-moments';
import { CaseNumbers1796008400000 } from './1796008400000-case-numbers';
import { OutboxNotifyRows1796008500000 } from './1796008500000-outbox-notify-rows';
import { CaseRowsHot1796008600000 } from './1796008600000-case-rows-hot';
import { EnglishNames1796008700000 } from './1796008700000-english-names';
import { ReviewerLastDecision1796008800000 } from './1796008800000-reviewer-last-decision';
import { EmailDeliveries1796008900000 } from './1796008900000-email-deliveries';

/** In order of their timestamps; generate a new one with the TypeORM CLI (see README) and list it here. */
export const MIGRATIONS = [
  Initial1795846528033,
  Guards1795846528034,
  ReviewDesk1795848577475,
  SlaEngine1795848672592,
  OfferImports1795848696853,
  BudgetPools1795848766609,
  DuplicateClaims1795848766610,
  WebhooksRatings1795848777254,
  TaskColour1795848833343,
  SlaRollupMonthly1795849361460,
  OfferImportBatches1795849423459,
  EnterpriseActivations1795851043545,
  Materials1795852191770,
  Deployment1795853000000,
  EnterpriseDesk1795853411207,
  DemoBudgetWait1795996331883,
  CaseExits1795996379306,
  Security1795996634244,
  OwedJobs1795996800000,
  Regions1795997000000,
  EscalationHolders1795998000000,
  DropInbox1795999700000,
  SlaTimers1796001000000,
  DeadlineRepairs1796001100000,
  AccountNotify1796005000000,
  AuditStreamHead1796005100000,
  TransitionDetail1796005312000,
  OnceOnlyClaims1796007412000,
  SlaWakeups1796008100000,
  SlaUntoldAlarms1796008100100,
  OfferBatchJobs1796008200000,
  SlaRollupStripes1796008250000,
  SlaAlarmMoments1796008300000,
  CaseNumbers1796008400000,
  OutboxNotifyRows1796008500000,
  CaseRowsHot1796008600000,
  EnglishNames1796008700000,
  ReviewerLastDecision1796008800000,
  EmailDeliveries1796008900000,
];
