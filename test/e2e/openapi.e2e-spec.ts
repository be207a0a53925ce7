import { startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

interface Operation {
  requestBody?: unknown;
  parameters?: { in: string; name: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  security?: Record<string, unknown>[];
}

/** Every endpoint is in the OpenAPI document with its request and response schemas and its error codes. */
describe('the OpenAPI document', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startTestSystem({ label: 'openapi', modules: [ApiModule], consume: [], relay: false });
  });
  afterAll(async () => sys?.stop());

  it('documents each operation: success schema, 400 for bodies, 404 for ids, 401/403 behind a token', async () => {
    const doc = (await request(sys.http.getHttpServer() as Parameters<typeof request>[0]).get('/docs-json').expect(200)).body;
    const problems: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const codes = Object.keys(op.responses);
        const success = codes.find((c) => c.startsWith('2'));
        if (!success) problems.push(`${name}: no success response`);
        else if (success !== '204' && !op.responses[success].content && path !== '/health') problems.push(`${name}: no success schema`);
        if (op.requestBody && !codes.includes('400')) problems.push(`${name}: a body but no 400`);
        if (/\{[^}]+\}/.test(path) && !codes.includes('404')) problems.push(`${name}: an id but no 404`);
        if (op.security?.length && !(codes.includes('401') && codes.includes('403'))) problems.push(`${name}: a token but no 401/403`);
      }
    }
    expect(problems).toEqual([]);
  });
});
