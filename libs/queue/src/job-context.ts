/** What a handler gets besides its payload: the message id that makes its effect idempotent. */
export interface JobContext {
  /** The BullMQ job id: the outbox id for relayed jobs, a deterministic id for alarms. */
  messageId: string;
  attempt: number;
}
