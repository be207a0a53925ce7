import { createHash } from 'node:crypto';
import { SubmitApplicationDto } from './application.dto';

/** JSON with every object's keys sorted, so the same request sent with its keys in another order matches. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The SHA-256 of what an application request asks for: what an Idempotency-Key is bound to. */
export function requestFingerprint(body: SubmitApplicationDto): string {
  return createHash('sha256')
    .update(canonical({ program: body.program, year: body.year, facts: body.facts }))
    .digest('hex');
}
