import { connect, Socket } from 'node:net';
import { ALL_QUEUES } from '@app/contracts';
import { IntakeSurge, RequestsFirst } from '@app/queue';
import { createEnterprise, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Requests first inside one process (libs/queue/src/requests-first.ts), in the all-in-one with its HTTP server
 * and its workers: a request in flight holds back the jobs its workers took, beyond one that always runs, and every
 * request counts until its very end — answered, refused, malformed or cut off. And the word a surge of submissions
 * says to every workflow process (intake-surge.ts), seen here through the same HTTP server and workers.
 */
describe('requests first inside one process', () => {
  let sys: TestSystem;
  let gate: RequestsFirst;
  let surge: IntakeSurge;
  let port: number;
  let server: Parameters<typeof request>[0];
  const open: Socket[] = [];

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'requests-first', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    gate = sys.http.get(RequestsFirst);
    surge = sys.http.get(IntakeSurge);
    port = Number(new URL(sys.running.url as string).port);
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  // A test that failed midway leaves no request in flight for the next.
  afterEach(() => open.splice(0).forEach((s) => s.destroy()));
  afterAll(async () => sys?.stop());

  /** A request whose body is still on its way: in flight until the socket goes. */
  function unfinishedRequest(): Socket {
    const socket = connect(port, '127.0.0.1');
    socket.write('POST /api/v1/applications HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"program"');
    open.push(socket);
    return socket;
  }

  /** `n` enterprises apply at once; the ids of their cases, each owing a screening job. */
  const submitted = (n: number): Promise<string[]> => Promise.all(Array.from({ length: n }, async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const created = await request(server).post('/api/v1/applications').set('Authorization', await login(server, e.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    return created.body.id as string;
  }));

  const stillSubmitted = async (ids: string[]): Promise<number> =>
    Number((await sys.dataSource.query(`SELECT count(*) AS n FROM applications WHERE id = ANY($1) AND status = 'submitted'`, [ids]))[0].n);

  it('holds the jobs its workers took while a request is in flight, runs one at a time, and the rest once it ends', async () => {
    const socket = unfinishedRequest();
    await waitFor(async () => gate.inFlight === 1, 'the unfinished request to count');
    // Six submissions, each owing a screening job; their own requests end, the unfinished one stays.
    const ids = await submitted(6);
    await waitFor(async () => gate.held >= 2, 'screening jobs held behind the request');
    // Background work never stops: one job at a time still runs.
    await waitFor(async () => (await stillSubmitted(ids)) < 6, 'a case screened while the request is in flight');
    expect(gate.held).toBeGreaterThan(0);

    socket.destroy();
    await waitFor(async () => gate.inFlight === 0, 'the cut-off request to end');
    await sys.waitForIdle();
    expect(await stillSubmitted(ids)).toBe(0);
    expect(gate.held).toBe(0);
  });

  it('a surge of submissions (8 in flight by default) holds every workflow job, none running, until it ends', async () => {
    // Eight submissions whose bodies are still on their way: the api says the word in Redis (intake-surge.ts), and
    // this process, which runs the workflow's jobs too, hears it.
    const sockets = Array.from({ length: 8 }, unfinishedRequest);
    await waitFor(async () => surge.said, 'the surge to be heard');
    const ids = await submitted(3);
    await waitFor(async () => surge.held >= 3, 'the screening jobs to wait out the surge');
    // Unlike requests first inside the process, which always lets one job run, none has.
    expect(await stillSubmitted(ids)).toBe(3);
    const metrics = (await request(server).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(new RegExp(`^subsidy_intake_surge_held_jobs ${surge.held}$`, 'm'));
    expect(surge.held).toBeGreaterThanOrEqual(3);

    sockets.forEach((socket) => socket.destroy());
    await waitFor(async () => gate.inFlight === 0 && !surge.said, 'the cut-off submissions to end, and the word with them');
    await sys.waitForIdle();
    expect(await stillSubmitted(ids)).toBe(0);
    expect(surge.held).toBe(0);
    expect((await request(server).get('/metrics').expect(200)).text).toMatch(/^subsidy_intake_surge_held_jobs 0$/m);
  });

  it('counts every request to its end: answered, refused, malformed, not found and cut off', async () => {
    await Promise.all([
      request(server).get('/health').expect(200),
      request(server).get('/api/v1/applications').expect(401),
      request(server).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400),
      request(server).get('/api/v1/no-such-thing').expect(404),
      ...Array.from({ length: 20 }, () => request(server).get('/health').expect(200)),
    ]);
    unfinishedRequest().destroy();
    await waitFor(async () => gate.inFlight === 0, 'every request to end');
  });
});
