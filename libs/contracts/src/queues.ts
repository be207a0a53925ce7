/**
 * Every BullMQ queue of the system. Alarms have their own queue so a backlog of ordinary work never delays a
 * deadline (delayed jobs wait behind waiting ones).
 */
export enum QueueName {
  Workflow = 'workflow',
  Sla = 'sla',
  Notifier = 'notifier',
  /** Alarm wake-ups only, consumed by the sla and every workflow process, so firing an instant is shared out. */
  Alarms = 'alarms',
}

export const ALL_QUEUES: readonly QueueName[] = [QueueName.Workflow, QueueName.Sla, QueueName.Notifier, QueueName.Alarms];
