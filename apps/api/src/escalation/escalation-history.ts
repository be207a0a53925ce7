import { escalationLevelOf, escalationOf, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';
import { TimelineEntryDto } from '../applications/application.dto';
import { systemReason } from '../applications/timeline-reason';

/**
 * The case's history with each escalation in it (issue 8 item 14): every overdue alarm (red is level 1, then
 * each further level) becomes an entry at the moment it fired, naming the clock, the level and its post (alarms
 * that fired together, a clock caught up at once, in the order they were due).
 * The case's state does not change (from = to = its state then).
 */
export async function withEscalations(
  manager: EntityManager,
  applicationId: string,
  definition: ProgramVersion,
  timeline: TimelineEntryDto[],
): Promise<TimelineEntryDto[]> {
  const alarms: { clock: string; level: string; fired_at: Date }[] = await manager.query(
    `SELECT clock, level, fired_at FROM sla_alarms WHERE application_id = $1 AND level <> 'yellow' ORDER BY fired_at, due_at, id`,
    [applicationId],
  );
  if (!alarms.length) return timeline;
  const chain = escalationOf(definition);
  const entries = alarms.map((a): TimelineEntryDto => {
    const level = escalationLevelOf(a.level) ?? 0;
    const post = chain.chain.find((p) => p.level === level);
    const at = a.fired_at.toISOString();
    const state = [...timeline].reverse().find((t) => t.at <= at)?.to ?? 'submitted';
    return {
      at, from: state, to: state, action: 'escalated', actorRole: 'system',
      ...systemReason({
        code: 'escalated',
        params: post ? { clock: a.clock, level, post: post.post, titleZh: post.titleZh } : { clock: a.clock, level },
      }),
    };
  });
  return [...timeline, ...entries].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
}
