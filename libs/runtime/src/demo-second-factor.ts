import { needsTotp } from '@app/auth';
import { AppConfig } from '@app/config';
import { Role } from '@app/persistence';
import { DataSource } from 'typeorm';

/**
 * The TOTP secret of the seeded demo administrator, director and auditor (development only; README says so):
 * add it to an authenticator app, or print the current code with `npm run cli -- totp JBSW…`.
 */
export const DEMO_TOTP_SECRET = 'KRUGS4ZANFZSAYJAMRSW23ZAONSWG4TF';

/** Demo data never reaches production: the one check, where seeding is invoked. */
export function mayDemoSeed(config: AppConfig): boolean {
  return config.seedDemo && config.env !== 'production' && process.env.NODE_ENV !== 'production';
}

/** Enrols the seeded staff who need a second factor with the documented demo secret, so the demo stays usable. */
export async function enrolDemoSecondFactor(dataSource: DataSource, usernames: string[]): Promise<void> {
  if (!usernames.length) return;
  const rows: { id: string; roles: Role[] }[] = await dataSource.query('SELECT id, roles FROM accounts WHERE username = ANY($1)', [usernames]);
  const ids = rows.filter((r) => needsTotp(r.roles)).map((r) => r.id);
  await dataSource.query(
    'UPDATE accounts SET totp_secret = $2, totp_enabled_at = now() WHERE id = ANY($1::uuid[]) AND totp_enabled_at IS NULL',
    [ids, DEMO_TOTP_SECRET],
  );
}
