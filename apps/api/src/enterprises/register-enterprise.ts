import { Injectable } from '@nestjs/common';
import { hashPassword } from '@app/auth';
import { DomainError } from '@app/domain';
import { appendAudit, knownRegionCodes, regionCodeProblem, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { EnterpriseDto, RegisterEnterpriseDto } from './enterprise.dto';
import { ENTERPRISE_COLUMNS, EnterpriseRow, toEnterpriseDto } from './enterprise-reader';

const DUPLICATE = 'an enterprise with this credit code is already registered';

/** An enterprise signs up: its profile and its login (username = credit code) in one transaction. */
@Injectable()
export class RegisterEnterprise {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async execute(body: RegisterEnterpriseDto): Promise<EnterpriseDto> {
    // Regions are reference data: a code outside the table would put the cases in a queue nobody sees.
    const region = regionCodeProblem(await knownRegionCodes(this.dataSource.manager), body.regionCode);
    if (region) throw DomainError.invalid([region]);
    // Hashing is slow on purpose; it stays outside the transaction.
    const passwordHash = await hashPassword(body.password);
    return this.dataSource.transaction(async (manager) => {
      const [enterprise]: EnterpriseRow[] = await manager.query(
        `INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, in_high_tech_zone)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (credit_code) DO NOTHING RETURNING ${ENTERPRISE_COLUMNS}`,
        [body.creditCode, body.name.trim(), body.regionCode, body.scale, body.techSmeNo ?? null, body.highTechCertNo ?? null,
          body.inHighTechZone ?? false],
      );
      if (!enterprise) throw DomainError.conflict(DUPLICATE);
      const [account]: { id: string }[] = await manager.query(
        `INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [body.creditCode, passwordHash, enterprise.name, ['enterprise'], enterprise.id],
      );
      if (!account) throw DomainError.conflict(DUPLICATE);
      await appendAudit(manager, {
        stream: `enterprise:${enterprise.id}`,
        actor: { accountId: account.id, role: 'enterprise' },
        action: 'enterprise.registered',
        data: { creditCode: enterprise.credit_code, name: enterprise.name, regionCode: enterprise.region_code, scale: enterprise.scale },
        at: this.time.now(),
      });
      return toEnterpriseDto(enterprise);
    });
  }
}
