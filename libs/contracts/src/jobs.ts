import { QueueName } from './queues';

/** One catalogue of every job: its name, its queue and its payload (ids only — no personal data in Redis). */
export enum JobName {
  /** A case arrived: compute its amount and trace, open the acceptance stage. */
  ScreenApplication = 'screen-application',
  /** A case entered a stage: create its review tasks and start the stage clock. */
  EnterStage = 'enter-stage',
  /** The public notice (公示) of a case may have ended: approve it when nothing holds it. */
  EndNotice = 'end-notice',
  /** The enterprise's time to answer a 补正 request may have run out: the case lapses. */
  LapseSupplement = 'lapse-supplement',
  /** 免申即享: read an uploaded offer file in batches and open one awaiting-confirmation case per eligible row. */
  ImportOffers = 'import-offers',
  /** An offer's time to confirm may have run out: the case lapses. */
  LapseOffer = 'lapse-offer',
  /** The offers of one import batch may have run out of time together (they share the instant): each unconfirmed one lapses. */
  LapseOfferBatch = 'lapse-offer-batch',
  /** (Re)arm the alarm clocks of a case after its clock changed. */
  ArmClocks = 'arm-clocks',
  /** An alarm clock rang: re-read the case and record a warning, breach or escalation if still due. */
  FireAlarm = 'fire-alarm',
  /** Periodic: find every clock whose alarm or timer should have fired, and fire or re-arm it. */
  SweepClocks = 'sweep-clocks',
  /** SLA repair after a calendar override: recompute the due dates of open cases and re-arm them, a batch per job. */
  RecomputeDeadlines = 'recompute-deadlines',
  /** A case changed: write the in-app messages for the people it concerns. */
  NotifyTransition = 'notify-transition',
  /** An import batch opened its offers: what `notify-transition` does for each offer's opening transition. */
  NotifyOfferBatch = 'notify-offer-batch',
  /** Send one webhook delivery (its row holds the state); failures are retried by a new delayed job. */
  DeliverWebhook = 'deliver-webhook',
  /**
   * Send one message by e-mail (its `email_deliveries` row holds the state; written by the notifications table's
   * trigger for recipients with an address); failures are retried by a new delayed job.
   */
  DeliverEmail = 'deliver-email',
  /** A program-year's budget changed or fell short: tell the administrators (no pool, too little, running out), once per funding round. */
  CheckBudget = 'check-budget',
  /** Money arrived for a program-year: move its cases waiting for budget on, oldest first, while the pool covers them. */
  ReleaseBudgetWaits = 'release-budget-waits',
}

/** red is escalation level 1 (section head); then deputy (2) and head (3). */
export type AlarmLevel = 'yellow' | 'red' | 'escalation-2' | 'escalation-3';

export interface JobPayloads {
  [JobName.ScreenApplication]: { applicationId: string };
  [JobName.EnterStage]: { applicationId: string; transitionId: string };
  [JobName.EndNotice]: { applicationId: string };
  [JobName.LapseSupplement]: { applicationId: string };
  [JobName.ImportOffers]: { importId: string };
  [JobName.LapseOffer]: { applicationId: string };
  /** `batchId`: the `offer_import_batches` row that opened the offers. */
  [JobName.LapseOfferBatch]: { batchId: string };
  [JobName.ArmClocks]: { applicationId: string };
  /** A wake-up at `dueAt`: every alarm due by then fires, whoever takes it; `helper` numbers the extra drainers. */
  [JobName.FireAlarm]: { dueAt: string; helper?: number };
  [JobName.SweepClocks]: Record<string, never>;
  /** `after`: the last case id of the previous batch ('0' to begin); `changeId` names the override change. */
  [JobName.RecomputeDeadlines]: { changeId: string; after: string };
  [JobName.NotifyTransition]: { transitionId: string };
  [JobName.NotifyOfferBatch]: { batchId: string };
  [JobName.DeliverWebhook]: { deliveryId: string };
  [JobName.DeliverEmail]: { deliveryId: string };
  /** `year` as a string: payload fields are strings. */
  [JobName.CheckBudget]: { program: string; year: string };
  [JobName.ReleaseBudgetWaits]: { program: string; year: string };
}

/** A job as a discriminated union: a wrong payload for a name is a compile error. */
export type JobItem = { [K in JobName]: { name: K; data: JobPayloads[K] } }[JobName];

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.ScreenApplication]: QueueName.Workflow,
  [JobName.EnterStage]: QueueName.Workflow,
  [JobName.EndNotice]: QueueName.Workflow,
  [JobName.LapseSupplement]: QueueName.Workflow,
  [JobName.ImportOffers]: QueueName.Workflow,
  [JobName.LapseOffer]: QueueName.Workflow,
  [JobName.LapseOfferBatch]: QueueName.Workflow,
  [JobName.ArmClocks]: QueueName.Sla,
  [JobName.FireAlarm]: QueueName.Alarms,
  [JobName.SweepClocks]: QueueName.Sla,
  [JobName.RecomputeDeadlines]: QueueName.Sla,
  [JobName.NotifyTransition]: QueueName.Notifier,
  [JobName.NotifyOfferBatch]: QueueName.Notifier,
  [JobName.DeliverWebhook]: QueueName.Notifier,
  [JobName.DeliverEmail]: QueueName.Notifier,
  [JobName.CheckBudget]: QueueName.Notifier,
  [JobName.ReleaseBudgetWaits]: QueueName.Workflow,
};


export function jobsOfQueue(queue: QueueName): JobName[] {
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => JOB_QUEUE[name] === queue);
}
