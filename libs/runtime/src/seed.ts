import { ConsoleLogger } from '@nestjs/common';
import { hashPassword } from '@app/auth';
import { AppConfig, demoFeaturesAllowed } from '@app/config';
import { BUILTIN_PROGRAM_VERSIONS, BUILTIN_REGIONS, makeUscc, ProgramVersion, Region } from '@app/domain';
import { DataSource } from 'typeorm';

export const DEMO_PASSWORD = 'demo-password';

/** Stores every program version shipped in the repo that the database does not have yet. */
export async function seedPrograms(dataSource: DataSource, versions: readonly ProgramVersion[] = BUILTIN_PROGRAM_VERSIONS): Promise<number> {
  let added = 0;
  for (const version of versions) {
    await dataSource.query(
      'INSERT INTO programs (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING',
      [version.program, version.name.zh, version.name.en],
    );
    const rows: unknown[] = await dataSource.query(
      `INSERT INTO program_versions (program_code, version, year_from, year_to, definition)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (program_code, version) DO NOTHING RETURNING id`,
      [version.program, version.version, version.years.from, version.years.to, JSON.stringify(version)],
    );
    added += rows.length;
  }
  return added;
}

/** Stores the reference regions shipped in the repo (GB/T 2260 codes); a changed name or kind is updated. */
export async function seedRegions(dataSource: DataSource, regions: readonly Region[] = BUILTIN_REGIONS): Promise<void> {
  await dataSource.query(
    `INSERT INTO regions (code, name_zh, kind, note)
     SELECT * FROM unnest($1::varchar[], $2::text[], $3::varchar[], $4::text[])
     ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, kind = EXCLUDED.kind, note = EXCLUDED.note`,
    [regions.map((r) => r.code), regions.map((r) => r.nameZh), regions.map((r) => r.kind), regions.map((r) => r.note ?? null)],
  );
}

export interface DemoAccount {
  username: string;
  roles: string[];
  regionCode: string | null;
  enterprise?: { name: string; regionCode: string; scale: 'above' | 'below'; techSmeNo: string | null; highTechCertNo: string | null; inHighTechZone: boolean };
}

/** Demo enterprises (usernames are their credit codes) and staff, all with the demo password. */
export function demoAccounts(): DemoAccount[] {
  return [
    { username: makeUscc('91350102MA2Y00001'), roles: ['enterprise'], regionCode: null,
      enterprise: { name: '福州闽光科技有限公司', regionCode: '350102', scale: 'below', techSmeNo: '2024350102A0001', highTechCertNo: null, inHighTechZone: false } },
    { username: makeUscc('91350100MA2Y00002'), roles: ['enterprise'], regionCode: null,
      enterprise: { name: '福州榕智电子股份有限公司', regionCode: '350111', scale: 'above', techSmeNo: '2024350111A0002', highTechCertNo: 'GR202435000123', inHighTechZone: true } },
    { username: 'district.gulou.1', roles: ['district_reviewer'], regionCode: '350102' },
    { username: 'district.gulou.2', roles: ['district_reviewer'], regionCode: '350102' },
    { username: 'district.jinan.1', roles: ['district_reviewer'], regionCode: '350111' },
    { username: 'district.jinan.2', roles: ['district_reviewer'], regionCode: '350111' },
    { username: 'district.taijiang.1', roles: ['district_reviewer'], regionCode: '350103' },
    { username: 'district.taijiang.2', roles: ['district_reviewer'], regionCode: '350103' },
    { username: 'district.cangshan.1', roles: ['district_reviewer'], regionCode: '350104' },
    { username: 'district.cangshan.2', roles: ['district_reviewer'], regionCode: '350104' },
    { username: 'city.1', roles: ['city_reviewer'], regionCode: null },
    { username: 'city.2', roles: ['city_reviewer'], regionCode: null },
    { username: 'expert.1', roles: ['expert'], regionCode: null },
    { username: 'expert.2', roles: ['expert'], regionCode: null },
    { username: 'expert.3', roles: ['expert'], regionCode: null },
    { username: 'director', roles: ['director'], regionCode: null },
    // The escalation chain's other posts (科长, 分管副局长); `director` is 局长. See DEMO_ESCALATION.
    { username: 'section.head', roles: ['director'], regionCode: null },
    { username: 'deputy.director', roles: ['director'], regionCode: null },
    { username: 'admin', roles: ['administrator'], regionCode: null },
    { username: 'auditor', roles: ['auditor'], regionCode: null },
  ];
}

/** Who holds each level of every program's escalation chain in the demo: 科长 → 分管副局长 → 局长. */
export const DEMO_ESCALATION: readonly { level: number; username: string }[] = [
  { level: 1, username: 'section.head' },
  { level: 2, username: 'deputy.director' },
  { level: 3, username: 'director' },
];

export interface DemoCaseStats {
  cases: number;
  byStatus: Record<string, number>;
  seconds: number;
}

/**
 * Makes the demo's cases through the real use cases. It lives in the app that owns them
 * (apps/all-in-one/src/demo/seed-demo-cases.ts: a lib never imports an app), which hands it to boot().
 */
export type DemoCaseSeeder = (config: AppConfig, databaseUrl: string, redisUrl: string | null, passwordHash: string) => Promise<DemoCaseStats>;

/** Where the demo's cases are made: the database and queues the system itself will use, and who makes them. */
export interface DemoSeedTarget {
  config: AppConfig;
  databaseUrl: string;
  redisUrl: string | null;
  /** Without it, only the accounts are seeded. */
  cases?: DemoCaseSeeder;
}

/**
 * The demo data, on an empty database: the accounts, then (given a target with a case seeder) a few hundred
 * cases over the past weeks made by the real use cases, with the current year's budget pools. Idempotent: a
 * database that has accounts gets no accounts, one that has cases (or a finished seed) gets no cases. Never in
 * production. Returns the usernames it created.
 */
export async function seedDemo(dataSource: DataSource, target?: DemoSeedTarget): Promise<string[]> {
  if (target && !demoFeaturesAllowed(target.config)) throw new Error('the demo data is never seeded in production');
  const hash = await hashPassword(DEMO_PASSWORD);
  const created = await seedDemoAccounts(dataSource, hash);
  if (target) await seedDemoCasesIfMissing(dataSource, target, hash);
  return created;
}

/** The demo cases, when SEED_DEMO_CASES allows and the database has neither a case nor a finished seed. */
export async function seedDemoCasesIfMissing(dataSource: DataSource, target: DemoSeedTarget, hash?: string): Promise<DemoCaseStats | null> {
  if (!target.cases || !(await demoCasesWanted(dataSource, target.config))) return null;
  const stats = await target.cases(target.config, target.databaseUrl, target.redisUrl, hash ?? (await hashPassword(DEMO_PASSWORD)));
  new ConsoleLogger('DemoSeed').log(
    `Demo cases created: ${stats.cases} in ${stats.seconds} s (${Object.entries(stats.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')})`,
  );
  return stats;
}

/** True when the demo cases are to be made: allowed, asked for, and neither a case nor a finished seed exists. */
export async function demoCasesWanted(dataSource: DataSource, config: AppConfig): Promise<boolean> {
  if (!demoFeaturesAllowed(config) || !config.seedDemoCases) return false;
  const [row]: { cases: boolean; seeded: boolean }[] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM applications) AS cases,
            EXISTS (SELECT 1 FROM audit_log WHERE stream = 'demo-seed' AND action = 'demo-seed.done') AS seeded`,
  );
  return !row.cases && !row.seeded;
}

/** The demo accounts, when the database has none yet; returns the usernames it created. */
async function seedDemoAccounts(dataSource: DataSource, hash: string): Promise<string[]> {
  const [{ n }]: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM accounts');
  if (Number(n) > 0) return [];
  const created: string[] = [];
  for (const account of demoAccounts()) {
    let enterpriseId: string | null = null;
    if (account.enterprise) {
      const e = account.enterprise;
      const [row]: { id: string }[] = await dataSource.query(
        `INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no, high_tech_cert_no, in_high_tech_zone)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [account.username, e.name, e.regionCode, e.scale, e.techSmeNo, e.highTechCertNo, e.inHighTechZone],
      );
      enterpriseId = row.id;
    }
    await dataSource.query(
      `INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id, region_code)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [account.username, hash, account.enterprise?.name ?? account.username, account.roles, enterpriseId, account.regionCode],
    );
    created.push(account.username);
  }
  await dataSource.query(
    `INSERT INTO escalation_holders (program_code, level, account_id)
     SELECT p.code, d.level, a.id FROM programs p
       CROSS JOIN unnest($1::int[], $2::text[]) AS d(level, username) JOIN accounts a ON a.username = d.username
     ON CONFLICT DO NOTHING`,
    [DEMO_ESCALATION.map((d) => d.level), DEMO_ESCALATION.map((d) => d.username)],
  );
  return created;
}
