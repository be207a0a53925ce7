import { Client } from 'pg';
import { StartupError } from './startup-error';
import { redactUrl } from './wait-for-service';

/**
 * The database named in the URL, when the server answers but the database does not exist: created in
 * development and tests (with a line in the log), refused in production — a typo must not create an empty bureau.
 */
export async function ensureDatabase(url: string, production: boolean, log: (line: string) => void): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if ((found.rowCount ?? 0) > 0) return;
    if (production) {
      throw new StartupError(
        `The database "${name}" does not exist at ${redactUrl(url)}. In production it is not created for you: ` +
          `create it (createdb ${name}) or correct DATABASE_URL.`,
      );
    }
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).then(
      () => log(`PostgreSQL: the database "${name}" did not exist, so it was created (development only; production refuses)`),
      (error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      },
    );
  } finally {
    await client.end();
  }
}
