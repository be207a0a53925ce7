import { startSeedingPlaceholder } from './seeding-placeholder';

describe('the port while the demo cases are made', () => {
  it('answers 503 "seeding" to the health check and the API, a self-reloading page to a browser, then frees the port', async () => {
    const placeholder = await startSeedingPlaceholder(0, new Date());
    const base = `http://127.0.0.1:${placeholder.port}`;
    try {
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('10');
      expect(await health.json()).toMatchObject({ status: 'error', error: { demoSeed: { status: 'down', message: expect.stringContaining('seeding') } } });
      expect((await fetch(`${base}/api/v1/programs`, { headers: { accept: 'text/html' } })).status).toBe(503);
      const page = await fetch(`${base}/enterprise`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain('正在生成演示数据');
    } finally {
      await placeholder.close();
    }
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });
});
