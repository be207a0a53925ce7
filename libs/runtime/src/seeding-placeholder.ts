import { createServer, Server } from 'node:http';

/**
 * What answers on the HTTP port while the demo cases are made on a new database (about a minute): the system
 * cannot serve yet — the seed runs its own workers on a clock moving through the past weeks, and the real
 * workers must not take those jobs — so every request gets a 503 that says so, `GET /health` included
 * (readiness stays honest: not ready until the seed is done), with Retry-After; a browser gets a page that
 * reloads itself. boot() closes it and the real server takes the port.
 */
export async function startSeedingPlaceholder(port: number, startedAt: Date): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
    res.setHeader('Retry-After', '10');
    res.setHeader('Cache-Control', 'no-store');
    if ((req.headers.accept ?? '').includes('text/html') && !req.url?.startsWith('/api') && !req.url?.startsWith('/health')) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10"><title>正在生成演示数据</title></head>` +
          `<body><main><h1>正在生成演示数据（约一分钟）</h1><p>Seeding the demo cases (about a minute): ${seconds} s so far. This page reloads itself.</p></main></body></html>`,
      );
      return;
    }
    res.writeHead(503, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        status: 'error',
        info: {},
        error: { demoSeed: { status: 'down', message: 'seeding the demo cases: the system answers once they are made', startedAt: startedAt.toISOString(), seconds } },
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
