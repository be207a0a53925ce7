import { hashPassword, needsTotp, totpCode } from '@app/auth';
import { makeUscc } from '@app/domain';
import { allFieldsProven, Role } from '@app/persistence';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';

export const TEST_PASSWORD = 'test-password-1';
/** The TOTP secret of every administrator, director and auditor made by `createStaff` (enrolled already). */
export const TEST_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let cachedHash: Promise<string> | null = null;
const passwordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

function digits(n: number): string {
  return Array.from(randomBytes(n), (b) => String(b % 10)).join('');
}

export interface TestEnterprise {
  enterpriseId: string;
  accountId: string;
  username: string;
}

/** An enterprise of the test's own, with an account whose username is its (valid) credit code. */
export async function createEnterprise(
  dataSource: DataSource,
  overrides: { regionCode?: string; scale?: 'above' | 'below'; techSmeNo?: string | null; highTechCertNo?: string | null; blacklisted?: boolean; inHighTechZone?: boolean } = {},
): Promise<TestEnterprise> {
  const creditCode = makeUscc(`913501${digits(2)}MA${digits(7)}`);
  const [e]: { id: string }[] = await dataSource.query(
    `INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, blacklisted, in_high_tech_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [creditCode, `测试企业 ${creditCode.slice(-6)}`, overrides.regionCode ?? '350102', overrides.scale ?? 'below',
      overrides.techSmeNo === undefined ? `TSME${digits(8)}` : overrides.techSmeNo, overrides.highTechCertNo ?? null,
      overrides.blacklisted ?? false, overrides.inHighTechZone ?? false],
  );
  // The bureau's own record of it (a registry): every profile fact verified, so only what a test changes is declared.
  await dataSource.query('UPDATE enterprises SET fact_proofs = $2 WHERE id = $1', [e.id, JSON.stringify(allFieldsProven('registry', null, new Date()))]);
  const [a]: { id: string }[] = await dataSource.query(
    `INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [creditCode, await passwordHash(), creditCode, ['enterprise'], e.id],
  );
  return { enterpriseId: e.id, accountId: a.id, username: creditCode };
}

/** A member of staff with the given roles. */
export async function createStaff(
  dataSource: DataSource,
  roles: Role[],
  regionCode: string | null = null,
): Promise<{ accountId: string; username: string }> {
  const username = `${roles[0]}.${randomBytes(4).toString('hex')}`;
  const totp = needsTotp(roles);
  const [a]: { id: string }[] = await dataSource.query(
    `INSERT INTO accounts (username, password_hash, display_name, roles, region_code, totp_secret, totp_enabled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [username, await passwordHash(), username, roles, regionCode, totp ? TEST_TOTP_SECRET : null, totp ? new Date() : null],
  );
  return { accountId: a.id, username };
}

/** Logs in over HTTP and returns the bearer header value. */
export async function login(server: unknown, username: string, password = TEST_PASSWORD): Promise<string> {
  const response = await request(server as Parameters<typeof request>[0])
    .post('/api/v1/auth/login')
    // The code is ignored for accounts without TOTP; staff made by createStaff share TEST_TOTP_SECRET.
    .send({ username, password, totp: totpCode(TEST_TOTP_SECRET) })
    .expect(200);
  return `Bearer ${response.body.accessToken}`;
}

/**
 * The budget pool of a program and year (approvals reserve from it; without one a final approval is a 409).
 * Tests that approve cases create theirs first; an existing pool for the pair is left as it is.
 */
export async function createBudgetPool(
  dataSource: DataSource,
  program: string,
  year: number,
  totalFen: number,
  allocation: 'first-come' | 'pro-rata' = 'first-come',
): Promise<string> {
  const [pool]: { id: string }[] = await dataSource.query(
    `INSERT INTO budget_pools (program_code, year, total_fen, allocation) VALUES ($1, $2, $3, $4)
     ON CONFLICT (program_code, year) DO UPDATE SET program_code = EXCLUDED.program_code RETURNING id`,
    [program, year, totalFen, allocation],
  );
  return pool.id;
}

/**
 * Hands in one small PDF for every required material of the case's program version (acceptance approves only a
 * complete case), as the enterprise's account would upload them.
 */
export async function handInMaterials(
  dataSource: { query(sql: string, params: unknown[]): Promise<unknown> }, applicationId: string,
): Promise<void> {
  await dataSource.query(
    `INSERT INTO materials (application_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by)
     SELECT a.id, k.kind, 'material.pdf', 'application/pdf', length($2::bytea), encode(sha256($2::bytea), 'hex'), $2::bytea,
            COALESCE((SELECT id FROM accounts WHERE enterprise_id = a.enterprise_id LIMIT 1), a.enterprise_id)
       FROM applications a JOIN program_versions pv ON pv.id = a.program_version_id,
            jsonb_array_elements_text(pv.definition->'requiredMaterials') AS k(kind)
      WHERE a.id = $1
        AND NOT EXISTS (SELECT 1 FROM materials m WHERE m.application_id = a.id AND m.kind = k.kind)`,
    [applicationId, Buffer.from('%PDF-1.7\n%%EOF\n')],
  );
}
