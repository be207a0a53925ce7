/**
 * Every BullMQ queue of the system. Alarms have their own queue so a backlog of ordinary work never delays a
 * deadline (delayed jobs wait behind waiting ones).
 */
export enum QueueName {
  Workflow = 'workflow',
  Sla = 'sla',
  Notifier = 'notifier',
}

export const ALL_QUEUES: readonly QueueName[] = [QueueName.Workflow, QueueName.Sla, QueueName.Notifier];
