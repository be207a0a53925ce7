import { DataSource } from 'typeorm';

/** Serialises the grants of processes booting at once on one database. */
const GRANT_LOCK_KEY = 7_318_004_212;

/** The application's connection URL: the owner's URL with the app role's name (and password, if any). */
/**
 * The app role's credentials: as configured, or — with no DATABASE_APP_PASSWORD, in development — the owner's
 * password (a server that asks for one, like the embedded PostgreSQL, refuses a login without it).
 */
export function appRoleOf(ownerUrl: string, app: { user: string | null; password: string | null }): { user: string | null; password: string | null } {
  if (!app.user || app.password) return app;
  const ownerPassword = new URL(ownerUrl).password;
  return { user: app.user, password: ownerPassword ? decodeURIComponent(ownerPassword) : null };
}

export function appDatabaseUrl(ownerUrl: string, app: { user: string | null; password: string | null }): string {
  if (!app.user) return ownerUrl;
  const url = new URL(ownerUrl);
  url.username = app.user;
  url.password = app.password ? encodeURIComponent(app.password) : '';
  return url.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates (once per cluster) the role the application connects as, and gives it data rights only: it owns
 * nothing, so it cannot ALTER a table, disable a trigger or TRUNCATE; on the audit log it may only read and
 * append. Run by the owner after migrations, every boot (idempotent), so tables added later are covered.
 */
export async function ensureAppRole(owner: DataSource, app: { user: string | null; password: string | null }): Promise<void> {
  if (!app.user) return;
  const role = quoteIdent(app.user);
  for (let attempt = 1; ; attempt++) {
    try {
      await owner.query(
        `DO $$ BEGIN
           CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
      if (app.password) await owner.query(`ALTER ROLE ${role} PASSWORD ${quoteLiteral(app.password)}`);
      break;
    } catch (error) {
      // Two databases' first boots racing on the cluster-wide role ("tuple concurrently updated"): try again.
      if (attempt >= 5) throw error;
    }
  }
  await owner.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK_KEY]);
    const [{ db }]: { db: string }[] = await m.query('SELECT current_database() AS db');
    await m.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(db)} TO ${role}`);
    await m.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await m.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await m.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    await m.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${role}`);
    await m.query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`);
    await m.query(`REVOKE CREATE ON SCHEMA public FROM ${role}`);
  });
}
