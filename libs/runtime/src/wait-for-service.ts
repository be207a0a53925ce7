import { answers } from './probe';
import { StartupError } from './startup-error';

export interface WaitPolicy {
  attempts: number;
  intervalMs: number;
}

/** Ten tries about 1.5 s apart: a service that is starting gets ~20 s, and a wrong URL stops us well within 30 s. */
export const BOOT_WAIT: WaitPolicy = { attempts: 10, intervalMs: 1_500 };

/** The URL with its password hidden, for the log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/**
 * Waits, a bounded number of tries, until something accepts connections at the URL's host and port; one line
 * per failed try ("Redis at redis://127.0.0.1:6390 is not answering (2/10)…"), then a StartupError saying
 * what to do. Never an endless retry loop: a process that cannot start says so and exits.
 */
export async function waitForService(
  what: 'Redis' | 'PostgreSQL',
  url: string,
  remedy: string,
  log: (line: string) => void,
  policy: WaitPolicy = BOOT_WAIT,
): Promise<void> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (what === 'Redis' ? 6379 : 5432));
  const host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (await answers(port, host, 1_000)) return;
    log(`${what} at ${redactUrl(url)} is not answering (${attempt}/${policy.attempts})…`);
    if (attempt < policy.attempts) await new Promise((r) => setTimeout(r, policy.intervalMs));
  }
  throw new StartupError(`${what} at ${redactUrl(url)} did not answer after ${policy.attempts} tries. ${remedy}`);
}
