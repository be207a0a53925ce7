import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { factStanding, FactProof, PROFILE_FIELDS } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { EnterpriseDto, EnterpriseQuery } from './enterprise.dto';

export const ENTERPRISE_COLUMNS =
  'id, credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, in_high_tech_zone, blacklisted, created_at, fact_proofs';

export interface EnterpriseRow {
  id: string;
  credit_code: string;
  name: string;
  region_code: string;
  scale: string;
  tech_sme_no: string | null;
  high_tech_cert_no: string | null;
  in_high_tech_zone: boolean;
  blacklisted: boolean;
  created_at: Date;
  fact_proofs: Record<string, FactProof> | null;
}

export function toEnterpriseDto(r: EnterpriseRow): EnterpriseDto {
  return {
    id: r.id,
    creditCode: r.credit_code,
    name: r.name,
    regionCode: r.region_code,
    scale: r.scale,
    techSmeNo: r.tech_sme_no,
    highTechCertNo: r.high_tech_cert_no,
    inHighTechZone: r.in_high_tech_zone,
    blacklisted: r.blacklisted,
    createdAt: new Date(r.created_at).toISOString(),
    factStatus: Object.fromEntries(PROFILE_FIELDS.map((f) => [f, factStanding(r.fact_proofs, f)])) as EnterpriseDto['factStatus'],
  };
}

@Injectable()
export class EnterpriseReader {
  constructor(private readonly dataSource: DataSource) {}

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<EnterpriseDto> {
    const rows: EnterpriseRow[] = await manager.query(`SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE id = $1`, [id]);
    if (!rows[0]) throw DomainError.notFound('enterprise');
    return toEnterpriseDto(rows[0]);
  }

  async list(query: EnterpriseQuery): Promise<EnterpriseDto[]> {
    const rows: EnterpriseRow[] = await this.dataSource.query(
      `SELECT ${ENTERPRISE_COLUMNS} FROM enterprises WHERE ($1::text IS NULL OR credit_code = $1)
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [query.creditCode ?? null, query.limit ?? 50, query.offset ?? 0],
    );
    return rows.map(toEnterpriseDto);
  }
}
