import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { EnterpriseDto, UpdateProfileDto } from './enterprise.dto';
import { ENTERPRISE_COLUMNS, EnterpriseRow, toEnterpriseDto } from './enterprise-reader';

/** Body field → column, for exactly the fields an enterprise may change about itself. */
const EDITABLE: Record<keyof UpdateProfileDto, keyof EnterpriseRow> = {
  name: 'name',
  techSmeNo: 'tech_sme_no',
  highTechCertNo: 'high_tech_cert_no',
  inHighTechZone: 'in_high_tech_zone',
};

/** The enterprise edits its own name and qualifications; each change is audited with its old value. */
@Injectable()
export class UpdateProfile {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, body: UpdateProfileDto): Promise<EnterpriseDto> {
    if (!principal.enterpriseId) throw DomainError.notFound('enterprise');
    const enterpriseId = principal.enterpriseId;
    const fields = (Object.keys(EDITABLE) as (keyof UpdateProfileDto)[]).filter((f) => body[f] !== undefined);
    if (fields.length === 0) {
      throw DomainError.invalid([{ field: 'body', message: `nothing to change (send any of ${Object.keys(EDITABLE).join(', ')})` }]);
    }
    const values = fields.map((f) => (f === 'name' ? String(body.name).trim() : body[f]));
    return this.dataSource.transaction(async (manager) => {
      const [before]: EnterpriseRow[] = await manager.query(
        `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE id = $1 FOR UPDATE`,
        [enterpriseId],
      );
      if (!before) throw DomainError.notFound('enterprise');
      // A changed qualification is the enterprise's word again (declared) until someone verifies it.
      const changed = fields.filter((f) => f !== 'name' && before[EDITABLE[f]] !== values[fields.indexOf(f)]);
      const unproven = changed.length ? `, fact_proofs = COALESCE(fact_proofs, '{}'::jsonb) - '${changed.join("' - '")}'` : '';
      const set = fields.map((f, i) => `${EDITABLE[f]} = $${i + 2}`).join(', ') + unproven;
      const [after] = await updateReturning<EnterpriseRow>(
        manager,
        `UPDATE enterprises SET ${set} WHERE id = $1 RETURNING ${ENTERPRISE_COLUMNS}`,
        [enterpriseId, ...values],
      );
      await appendAudit(manager, {
        stream: `enterprise:${enterpriseId}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'profile.updated',
        data: Object.fromEntries(fields.map((f) => [f, { from: before[EDITABLE[f]], to: after[EDITABLE[f]] }])),
        at: this.time.now(),
      });
      return toEnterpriseDto(after);
    });
  }
}
