import { Injectable } from '@nestjs/common';
import { DomainError, ProgramVersion } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * Draws the expert panel (专家评审) of a case at random from the expert pool, leaving out anyone with a
 * declared conflict with the enterprise. One seat per expert per stage entry (unique), so a redelivered job
 * draws nobody twice; a pool too small for the panel is an error an administrator must see.
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
      `SELECT id FROM accounts WHERE 'expert' = ANY(roles) AND NOT ($1::uuid = ANY(conflict_enterprise_ids))
        ORDER BY random() LIMIT $2`,
      [app.enterpriseId, size],
    );
    if (experts.length < size) {
      throw new DomainError('unprocessable', `the expert pool has ${experts.length} experts without a conflict; the panel needs ${size}`);
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
