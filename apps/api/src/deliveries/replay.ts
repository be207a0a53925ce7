import { Principal, primaryRole } from '@app/auth';
import { JobItem } from '@app/contracts';
import { DomainError } from '@app/domain';
import { appendAudit, enqueue, updateReturning } from '@app/persistence';
import { EntityManager } from 'typeorm';

/** What replaying one kind of delivery (a webhook's, an e-mail's) takes. */
export interface Replay {
  /** The guarded `UPDATE … RETURNING id` (its `$1` the delivery's id) that starts a fresh series of tries; no row: not replayable. */
  restart: string;
  id: string;
  /** Reads the delivery, throwing the 404 when there is none. */
  read: (manager: EntityManager) => Promise<unknown>;
  /** Why a delivery that exists cannot be replayed (the 409's message). */
  refusal: string;
  /** Its next try, enqueued through the outbox. */
  job: JobItem;
  /** The audit row: the delivery's stream and the action. */
  stream: string;
  action: string;
}

/**
 * Replays a delivery that gave up, in the caller's transaction: a fresh series of tries by compare-and-set (the
 * same content and id, which receivers deduplicate on), its job through the outbox, an audit row. A 404 for no
 * such delivery, a 409 for one in any other state.
 */
export async function replayDelivery(manager: EntityManager, by: Principal, at: Date, replay: Replay): Promise<void> {
  const rows = await updateReturning(manager, replay.restart, [replay.id]);
  if (!rows.length) {
    await replay.read(manager); // a 404 when there is no such delivery
    throw DomainError.conflict(replay.refusal);
  }
  await enqueue(manager, replay.job);
  await appendAudit(manager, {
    stream: replay.stream,
    actor: { accountId: by.accountId, role: primaryRole(by) },
    action: replay.action,
    data: {},
    at,
  });
}
