import { makeUscc } from '@app/domain';
import { allFieldsProven } from '@app/persistence';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';
import { BENCH_JWT_SECRET } from './deployment';

/** A password hash nobody logs in with: the bench signs its tokens itself (logging in is not what it measures). */
const NO_LOGIN = '$2a$10$benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbe';

export function tokenOf(accountId: string): string {
  return `Bearer ${sign({ sub: accountId, tv: 0 }, BENCH_JWT_SECRET, { algorithm: 'HS256', expiresIn: 4 * 3600 })}`;
}

let counter = 0;

/**
 * The bureau's population, as the reviewer-notification queries see it: `count` enterprises with an account
 * each, spread over ten districts, and some staff. Created once per bench database.
 */
export async function seedPopulation(db: Client, count: number): Promise<void> {
  await db.query(
    `WITH e AS (
       INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no)
       SELECT 'POP' || lpad(i::text, 15, '0'), 'population ' || i, (350101 + i % 10)::text, 'below', 'TSME' || i
         FROM generate_series(1, $1) i RETURNING id, credit_code)
     INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id)
     SELECT credit_code, $2, credit_code, ARRAY['enterprise'], id FROM e`,
    [count, NO_LOGIN],
  );
  await db.query(
    `INSERT INTO accounts (username, password_hash, display_name, roles, region_code)
     SELECT 'staff.' || i, $1, 'staff ' || i,
            CASE WHEN i % 3 = 0 THEN ARRAY['city_reviewer'] ELSE ARRAY['district_reviewer'] END,
            CASE WHEN i % 3 = 0 THEN NULL ELSE (350101 + i % 10)::text END
       FROM generate_series(1, 100) i`,
    [NO_LOGIN],
  );
  await db.query(`INSERT INTO budget_pools (program_code, year, total_fen, allocation) VALUES ('innovation-voucher', 2024, 1000000000000000, 'first-come')
                  ON CONFLICT (program_code, year) DO NOTHING`);
  await db.query('VACUUM ANALYZE');
}

export interface Applicant {
  enterpriseId: string;
  accountId: string;
  token: string;
}

/** `n` enterprises of district 350102 that may apply for an innovation voucher, each with its token. */
export async function seedApplicants(db: Client, n: number): Promise<Applicant[]> {
  const codes = Array.from({ length: n }, () => {
    const k = String(counter++).padStart(9, '0');
    return makeUscc(`913501${k.slice(0, 2)}MA${k.slice(2)}`);
  });
  const rows: { enterprise_id: string; account_id: string }[] = (
    await db.query(
      `WITH e AS (
         INSERT INTO enterprises (credit_code, name, region_code, scale, tech_sme_no, fact_proofs)
         SELECT c, 'applicant ' || c, '350102', 'below', 'TSME' || c, $3::jsonb FROM unnest($1::text[]) c
         ON CONFLICT DO NOTHING RETURNING id, credit_code)
       INSERT INTO accounts (username, password_hash, display_name, roles, enterprise_id)
       SELECT credit_code, $2, credit_code, ARRAY['enterprise'], id FROM e RETURNING enterprise_id, id AS account_id`,
      // Profile facts proven by the registry (as libs/testing's createEnterprise does): acceptance demands it.
      [codes, NO_LOGIN, JSON.stringify(allFieldsProven('registry', null, new Date()))],
    )
  ).rows;
  return rows.map((r) => ({ enterpriseId: r.enterprise_id, accountId: r.account_id, token: tokenOf(r.account_id) }));
}

type Reviewers = Record<'acceptance' | 'formal_review' | 'recheck', string>;

const reviewersOf = new WeakMap<Client, Promise<Reviewers>>();

/**
 * Reviewers for the pipeline: two of district 350102 (acceptance, formal review: four eyes) and one of the city,
 * made once per database. A task's message goes to everyone who may take it, so reviewers made anew for each round
 * made every round's transitions write more (12.5 messages each in the first deployment, more in each after it).
 */
export function seedReviewers(db: Client): Promise<Reviewers> {
  let made = reviewersOf.get(db);
  if (!made) reviewersOf.set(db, (made = makeReviewers(db)));
  return made;
}

async function makeReviewers(db: Client): Promise<Reviewers> {
  const make = async (role: string, region: string | null) => {
    const { rows } = await db.query(
      `INSERT INTO accounts (username, password_hash, display_name, roles, region_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [`bench.${role}.${counter}`, NO_LOGIN, `bench.${role}.${counter++}`, [role], region],
    );
    return tokenOf(rows[0].id as string);
  };
  return {
    acceptance: await make('district_reviewer', '350102'),
    formal_review: await make('district_reviewer', '350102'),
    recheck: await make('city_reviewer', null),
  };
}
