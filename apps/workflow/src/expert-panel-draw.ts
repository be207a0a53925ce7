import { Injectable } from '@nestjs/common';
import { DomainError, ProgramVersion } from '@app/domain';
import { appendAudit, SYSTEM_ACTOR } from '@app/persistence';
import { EntityManager } from 'typeorm';

/**
 * Draws the expert panel (专家评审) of a case at random from the expert pool, leaving out anyone with a
 * declared conflict with the enterprise. One seat per expert per stage entry (unique), so a redelivered job
 * draws nobody twice; a pool too small for the panel raises an alarm to every administrator (an in-app message,
 * audited) instead of failing the job.
 */
@Injectable()
export class ExpertPanelDraw {
  async draw(
    manager: EntityManager,
    app: { id: string; enterpriseId: string },
    transitionId: string,
    definition: ProgramVersion,
  ): Promise<string> {
    const size = definition.expertPanel?.size;
    if (!size) throw DomainError.invalid([{ field: 'expertPanel', message: `${definition.program} ${definition.version} has no expert panel` }]);
    const seated: { n: string }[] = await manager.query('SELECT count(*) AS n FROM expert_seats WHERE entered_transition_id = $1', [
      transitionId,
    ]);
    if (Number(seated[0].n) > 0) return 'panel existed';
    const experts: { id: string }[] = await manager.query(
      `SELECT id FROM accounts WHERE enterprise_id IS NULL AND 'expert' = ANY(roles) AND NOT ($1::uuid = ANY(conflict_enterprise_ids))
        ORDER BY random() LIMIT $2`,
      [app.enterpriseId, size],
    );
    if (experts.length < size) {
      // Waiting would leave the case stuck unseen: tell every administrator (once per stage entry), in this transaction.
      const why = `the expert pool has ${experts.length} experts without a conflict; the panel needs ${size}`;
      const alerted: unknown[] = await manager.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT id, $1, $2, 'panel.unfilled', $3 FROM accounts WHERE enterprise_id IS NULL AND 'administrator' = ANY(roles)
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [`panel-unfilled:${transitionId}`, app.id, `专家评审组无法组成：${why}. Add experts or review the declared conflicts.`],
      );
      if (alerted.length) {
        await appendAudit(manager, {
          stream: `application:${app.id}`, actor: SYSTEM_ACTOR, action: 'panel.unfilled', data: { available: experts.length, needed: size }, at: new Date(),
        });
      }
      return `panel unfilled (${why}); administrators alerted`;
    }
    for (const expert of experts) {
      await manager.query(
        `INSERT INTO expert_seats (application_id, entered_transition_id, expert_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [app.id, transitionId, expert.id],
      );
    }
    return `panel of ${experts.length} drawn`;
  }
}
