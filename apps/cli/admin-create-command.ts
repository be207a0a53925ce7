import 'reflect-metadata';
import { hashPassword } from '@app/auth';
import { loadConfig } from '@app/config';
import { appendAudit, createDataSource, runMigrations, SYSTEM_ACTOR } from '@app/persistence';
import { randomBytes } from 'node:crypto';

export interface AdminCreated {
  username: string;
  oneTimePassword: string;
  mustChangePassword: true;
  totpEnrolmentRequired: true;
}

/** `--username x` from the arguments after the command, else `admin`. */
export function usernameArg(args: readonly string[]): string {
  const i = args.indexOf('--username');
  const name = i >= 0 ? args[i + 1] : 'admin';
  if (!name || !/^[A-Za-z0-9._-]{3,64}$/.test(name)) throw new Error('--username: 3 to 64 letters, digits, . _ -');
  return name;
}

/**
 * `npm run cli -- admin:create [--username admin]`: the first administrator of an installation (production never
 * seeds demo accounts). Migrates DATABASE_URL if needed, creates the account with a random one-time password and
 * prints it once. That password only lets its holder choose a new one (every other endpoint answers 403
 * `password-change-required`), then enrol an authenticator app (`totp-enrolment-required`). Audited.
 */
export async function adminCreate(args: readonly string[]): Promise<AdminCreated> {
  const username = usernameArg(args);
  const config = loadConfig();
  const dataSource = createDataSource(config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/subsidy_flow', { extra: { max: 2 } });
  await dataSource.initialize();
  try {
    if (config.runMigrations) await runMigrations(dataSource);
    const oneTimePassword = randomBytes(18).toString('base64url');
    const hash = await hashPassword(oneTimePassword);
    await dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO accounts (username, password_hash, display_name, roles, must_change_password)
         VALUES ($1, $2, $3, '{administrator}', true) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [username, hash, username],
      );
      if (!rows.length) throw new Error(`an account named ${username} exists already`);
      await appendAudit(manager, {
        stream: `account:${rows[0].id}`,
        actor: { ...SYSTEM_ACTOR, role: 'cli' },
        action: 'account.created',
        data: { username, roles: ['administrator'], via: 'admin:create' },
        at: new Date(),
      });
    });
    return { username, oneTimePassword, mustChangePassword: true, totpEnrolmentRequired: true };
  } finally {
    await dataSource.destroy();
  }
}
