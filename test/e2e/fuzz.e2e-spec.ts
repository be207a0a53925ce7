import { ALL_QUEUES } from '@app/contracts';
import { Role } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import fc from 'fast-check';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * F11 / issue 10 item 14: property-based fuzzing from the served OpenAPI document. For every operation and
 * every role (and no token), fast-check generates requests — valid by the schema and malformed (wrong types,
 * NUL bytes, impossible dates, unknown fields, odd ids) — and every answer must be below 500, among the
 * operation's documented statuses, and match its documented schema.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const ROLES: (Role | 'anonymous')[] = ['anonymous', 'enterprise', 'district_reviewer', 'city_reviewer', 'expert', 'director', 'administrator', 'auditor'];
/** Logging out would end the token the rest of the run uses; it is covered by the security tests. */
const SKIP = new Set(['POST /api/v1/auth/logout']);

type Schema = {
  $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; enum?: unknown[];
  nullable?: boolean; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; format?: string; minimum?: number; maximum?: number;
  additionalProperties?: boolean | Schema;
};
interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Doc { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

describe('fuzzing every operation from the OpenAPI document', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ label: 'fuzz', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
  });
  afterAll(async () => sys?.stop());

  it(`${REQUESTS} generated requests: no 5xx, every status documented, every documented body matching its schema`, async () => {
    const base = sys.running.url!;
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as Doc;
    const resolveRef = (s: Schema | undefined): Schema | undefined =>
      s?.$ref ? resolveRef(doc.components?.schemas?.[s.$ref.split('/').pop()!]) : s;

    // A token per role, and some real ids so valid requests reach past the 404s.
    const server = sys.http.getHttpServer();
    const tokens: Record<string, string | null> = { anonymous: null };
    for (const role of ROLES.slice(1)) {
      const username = role === 'enterprise'
        ? (await createEnterprise(sys.dataSource)).username
        : (await createStaff(sys.dataSource, [role as Role], role === 'district_reviewer' ? '350102' : null)).username;
      tokens[role] = await login(server, username);
    }
    const submitted = await fetch(`${base}/api/v1/applications`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: tokens.enterprise! },
      body: JSON.stringify({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }),
    });
    const ids: string[] = [((await submitted.json()) as { id: string }).id, '00000000-0000-4000-8000-000000000000'];

    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    ).filter((o) => !SKIP.has(`${o.method} ${o.path}`) && !o.path.startsWith('/admin'));

    const nasty = fc.constantFrom('a\u0000b', '2026-02-31', '9999-99-99', '', ' ', '-1', '1e309', 'null', '../../etc/passwd', '%00', "' OR 1=1 --", 'x'.repeat(5000), '😀', '<script>');
    const anyValue = fc.oneof(nasty, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }));
    const valueOf = (raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
      const s = resolveRef(raw);
      if (!s || depth > 4) return anyValue;
      if (s.allOf?.length) return valueOf(s.allOf[0], depth + 1);
      if (s.oneOf?.length || s.anyOf?.length) return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => valueOf(x, depth + 1)));
      if (s.enum) return fc.constantFrom(...s.enum);
      switch (s.type) {
        case 'integer': return fc.integer({ min: s.minimum ?? -10, max: s.maximum ?? 3_000_000 });
        case 'number': return fc.double({ min: s.minimum ?? -10, max: s.maximum ?? 1e7, noNaN: true });
        case 'boolean': return fc.boolean();
        case 'array': return fc.array(valueOf(s.items, depth + 1), { maxLength: 3 });
        case 'object': {
          const props = Object.entries(s.properties ?? {});
          return fc.record(Object.fromEntries(props.map(([k, v]) => [k, valueOf(v, depth + 1)])), { requiredKeys: s.required?.filter((k) => s.properties?.[k]) ?? [] });
        }
        default:
          if (s.format === 'date' || /date|from|to|on$/i.test(s.format ?? '')) return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
          if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid());
          return fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...ids, 'rd-subsidy', 'innovation-voucher', '2024', '350102'));
      }
    };
    // Half the requests follow the schema, half break it on purpose (a wrong value or an unknown field anywhere).
    const malform = (value: fc.Arbitrary<unknown>) =>
      fc.oneof(value, anyValue, value.chain((v) => (v && typeof v === 'object' && !Array.isArray(v)
        ? fc.tuple(fc.constantFrom(...Object.keys(v as object), 'status', 'amountFen', '__proto__x'), anyValue).map(([k, bad]) => ({ ...(v as object), [k]: bad }))
        : fc.constant(v))));
    const requestOf = (o: (typeof operations)[number]) => {
      const params = o.op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      const body = o.op.requestBody?.content?.['application/json']?.schema;
      return fc.record({
        role: fc.constantFrom(...ROLES),
        // An empty segment would address another route (the list): path values are never empty.
        path: fc.tuple(...pathParams.map((p) => fc.oneof(valueOf(p.schema), fc.constantFrom(...ids), nasty).map(String).filter((v) => v.trim() !== ''))),
        query: fc.tuple(...queryParams.map((p) => fc.option(fc.oneof(valueOf(p.schema), nasty).map(String), { nil: undefined }))),
        body: body ? malform(valueOf(body)) : fc.constant(undefined),
      }).map((r) => {
        let url = o.path;
        pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(r.path[i]))));
        const qs = new URLSearchParams();
        queryParams.forEach((p, i) => r.query[i] !== undefined && qs.set(p.name, r.query[i] as string));
        return { role: r.role, url: `${url}${qs.size ? `?${qs}` : ''}`, body: r.body };
      });
    };

    const failures: string[] = [];
    const byStatus: Record<string, number> = {};
    let sent = 0;
    const check = (value: unknown, raw: Schema | undefined, where: string, depth = 0): string | null => {
      const s = resolveRef(raw);
      if (!s || depth > 8) return null;
      if (value === null) return s.nullable || !s.type ? null : `${where}: null`;
      if (s.allOf) return s.allOf.map((x) => check(value, x, where, depth + 1)).find(Boolean) ?? null;
      if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf)!.some((x) => !check(value, x, where, depth + 1)) ? null : `${where}: matches no alternative`;
      if (s.enum && !s.enum.includes(value)) return `${where}: ${JSON.stringify(value)} not in enum`;
      const t = Array.isArray(value) ? 'array' : typeof value;
      if (s.type === 'integer' ? !Number.isInteger(value) : s.type && s.type !== t) return `${where}: ${t}, documented ${s.type}`;
      if (s.type === 'array') return (value as unknown[]).map((v, i) => check(v, s.items, `${where}[${i}]`, depth + 1)).find(Boolean) ?? null;
      if (t === 'object') {
        const o = value as Record<string, unknown>;
        for (const k of s.required ?? []) if (!(k in o)) return `${where}.${k}: missing`;
        for (const [k, v] of Object.entries(s.properties ?? {})) if (k in o && o[k] !== undefined) {
          const bad = check(o[k], v, `${where}.${k}`, depth + 1);
          if (bad) return bad;
        }
      }
      return null;
    };

    const perOperation = Math.ceil(REQUESTS / operations.length);
    for (const o of operations) {
      const samples = fc.sample(requestOf(o), { numRuns: perOperation, seed: 20261130 });
      for (let i = 0; i < samples.length; i += 8) {
        await Promise.all(samples.slice(i, i + 8).map(async (r) => {
          const headers: Record<string, string> = {};
          if (tokens[r.role]) headers.Authorization = tokens[r.role]!;
          if (r.body !== undefined) headers['Content-Type'] = 'application/json';
          const res = await fetch(`${base}${r.url}`, { method: o.method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
          const text = await res.text();
          sent++;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          const name = `${o.method} ${o.path} as ${r.role} → ${res.status} (${r.url} ${JSON.stringify(r.body)?.slice(0, 200)})`;
          if (res.status >= 500) return void failures.push(`${name}: server error ${text.slice(0, 200)}`);
          const documented = o.op.responses[String(res.status)] ?? o.op.responses[`${String(res.status)[0]}XX`];
          if (!documented) return void failures.push(`${name}: status not documented (${Object.keys(o.op.responses).join(', ')})`);
          const schema = documented.content?.['application/json']?.schema;
          if (schema && (res.headers.get('content-type') ?? '').includes('json')) {
            const bad = check(JSON.parse(text), schema, 'body');
            if (bad) failures.push(`${name}: ${bad}`);
          }
        }));
      }
    }
    const serverErrors = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    process.stdout.write(`\nfuzz: ${sent} requests over ${operations.length} operations × ${ROLES.length} roles; ${serverErrors} server errors; statuses ${JSON.stringify(byStatus)}\n`);
    expect(sent).toBeGreaterThanOrEqual(REQUESTS);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 600_000);
});
