import { createRedis } from '@app/queue';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { unavailable } from './outage';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The errors real drivers raise when their server is away are 503 with Retry-After; others are not outages. */
describe('unavailable', () => {
  it('PostgreSQL refusing connections is a 503', async () => {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/x` });
    const error = await client.connect().then(() => null, (e: unknown) => e);
    expect(unavailable(error)).toMatchObject({ statusCode: 503, retryAfterSeconds: 5 });
  });

  it('Redis away (a producer that fails fast) is a 503', async () => {
    const redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'producer');
    redis.on('error', () => undefined);
    const error = await redis.ping().then(() => null, (e: unknown) => e);
    redis.disconnect();
    expect(unavailable(error)).toMatchObject({ statusCode: 503 });
  });

  it('a lock timeout is a 409 to retry, a statement timeout a 503, a constraint or a bug is not an outage', () => {
    expect(unavailable({ code: '55P03', message: 'canceling statement due to lock timeout' })).toMatchObject({ statusCode: 409, retryAfterSeconds: 1 });
    expect(unavailable({ code: '57014', message: 'canceling statement due to statement timeout' })).toMatchObject({ statusCode: 503 });
    expect(unavailable({ code: '57P01', message: 'terminating connection due to administrator command' })).toMatchObject({ statusCode: 503 });
    expect(unavailable({ code: '23505', message: 'duplicate key' })).toBeNull();
    expect(unavailable(new TypeError('x is undefined'))).toBeNull();
  });
});
