import { createEnterprise, createStaff, login, TestSystem } from '@app/testing';
import request from 'supertest';

export const VOUCHER = { program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } };

export interface Applicant {
  username: string;
  auth: string;
}

/** `n` enterprises of region 350102 with their tokens (logged in before any fault), and a district reviewer. */
export async function applicants(sys: TestSystem, n: number): Promise<Applicant[]> {
  const server = sys.http.getHttpServer();
  await createStaff(sys.dataSource, ['district_reviewer'], '350102');
  const out: Applicant[] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, n - i) }, async () => {
        const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
        return { username: e.username, auth: await login(server, e.username) };
      }),
    );
    out.push(...batch);
  }
  return out;
}

export interface LoadResult {
  /** Case ids the API acknowledged (2xx): invariant I1 checks each exists. */
  acknowledged: string[];
  statuses: Record<string, number>;
  /** Responses 503 that carried Retry-After, out of all 503s. */
  retryAfter: { with: number; of: number };
  ms: number;
  /** The first body of each status that is not 2xx, for failure messages. */
  examples: Record<string, string>;
}

/**
 * Submits one application per applicant, `concurrency` at a time; `during(i)` runs before the i-th request
 * (faults are injected from there). Network errors count as status 0.
 */
export async function submitAll(
  sys: TestSystem,
  people: Applicant[],
  concurrency: number,
  during: (i: number) => Promise<void> | void = () => undefined,
): Promise<LoadResult> {
  const server = sys.http.getHttpServer();
  const result: LoadResult = { acknowledged: [], statuses: {}, retryAfter: { with: 0, of: 0 }, ms: 0, examples: {} };
  const t0 = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < people.length) {
      const i = next++;
      await during(i);
      const res = await request(server).post('/api/v1/applications').set('Authorization', people[i].auth)
        .set('Idempotency-Key', `load-${people[i].username}`).send(VOUCHER).catch(() => ({ status: 0, body: {}, headers: {} as Record<string, string> }));
      result.statuses[res.status] = (result.statuses[res.status] ?? 0) + 1;
      if (res.status >= 200 && res.status < 300) result.acknowledged.push(res.body.id);
      else if (!result.examples[res.status]) result.examples[res.status] = JSON.stringify(res.body).slice(0, 300);
      if (res.status === 503) {
        result.retryAfter.of++;
        if (res.headers['retry-after']) result.retryAfter.with++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.ms = Date.now() - t0;
  return result;
}

export function describeStatuses(statuses: Record<string, number>): string {
  return Object.entries(statuses).map(([s, n]) => `${n}×${s}`).join(' ');
}
