import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives a local default for every variable', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.queuePrefix).toBe('sf');
    expect(config.backgroundNice).toBe(10);
  });

  it('names each bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', REDIS_URL: 'http://x' })).toThrow(/PORT[\s\S]*REDIS_URL|REDIS_URL[\s\S]*PORT/);
    // A niceness is 0–19: a process may only lower its own priority.
    expect(() => loadConfig({ BACKGROUND_NICE: '-5' })).toThrow(/BACKGROUND_NICE/);
  });

  it('refuses the development secret and clock travel in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() =>
      loadConfig({
        NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-some-length-32b+', AUDIT_ANCHOR_KEY: 'another-real-key-of-32-bytes-or-more', CLOCK_TRAVEL: 'true',
      }),
    ).toThrow(/CLOCK_TRAVEL/);
  });
});
