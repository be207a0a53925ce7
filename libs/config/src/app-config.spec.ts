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

describe('loadConfig: e-mail', () => {
  it('is off unless SMTP_URL is set (also when set but empty)', () => {
    expect(loadConfig({}).mail).toMatchObject({ smtpUrl: null, from: null });
    expect(loadConfig({ SMTP_URL: '', MAIL_FROM: '', PUBLIC_URL: '' })).toMatchObject({ mail: { smtpUrl: null }, publicUrl: null });
  });

  it('takes smtp:// and smtps:// URLs with or without credentials, with a sender', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://bureau:s3cret@mail.example.gov.cn:465', MAIL_FROM: '科技局 <noreply@example.gov.cn>', PUBLIC_URL: 'https://subsidies.example.gov.cn/' });
    expect(config.mail).toMatchObject({ smtpUrl: 'smtps://bureau:s3cret@mail.example.gov.cn:465', from: '科技局 <noreply@example.gov.cn>' });
    expect(config.publicUrl).toBe('https://subsidies.example.gov.cn');
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'noreply@example.gov.cn' }).mail.smtpUrl).toBe('smtp://127.0.0.1:2525');
  });

  it('names SMTP_URL, MAIL_FROM and PUBLIC_URL when they are wrong, and wants a sender with a server', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example', MAIL_FROM: 'a@b.cn' })).toThrow(/SMTP_URL must be smtp:\/\//);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example:99999', MAIL_FROM: 'a@b.cn' })).toThrow(/SMTP_URL.*port/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example', MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM must be an address/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example' })).toThrow(/MAIL_FROM must be set with SMTP_URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'subsidies.example' })).toThrow(/PUBLIC_URL must be an http/);
  });
});
