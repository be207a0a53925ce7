import { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { SwaggerModule } from '@nestjs/swagger';
import { AuthService, BrowserSessions, tokenOf } from '@app/auth';
import { AppConfig } from '@app/config';
import { StartupError } from './startup-error';
import { IntakeSurge, QueueService, RequestsFirst } from '@app/queue';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { buildOpenApiDocument } from './openapi-document';
import { serveWebPages } from './web-pages';
import { randomUUID } from 'node:crypto';
import { json, NextFunction, Request, Response, urlencoded } from 'express';

/**
 * Headers, body limits, cookies and CSRF for browser sessions, the OpenAPI document, bull-board (administrators
 * only) and the web pages at `/`.
 */
export function setUpHttp(app: INestApplication, config: AppConfig): void {
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  if (config.trustProxy) http.set('trust proxy', config.trustProxy);
  // Where this process runs jobs too, they yield to its requests (requests-first.ts): counted from the first byte to
  // the last, body parsing included.
  const requestsFirst = app.get(RequestsFirst);
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.once('close', requestsFirst.request());
    next();
  });
  // Across processes, a surge of submissions holds the workflow's jobs back (intake-surge.ts).
  const surge = app.get(IntakeSurge);
  app.use('/api/v1/applications', (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'POST' && req.path === '/') res.once('close', surge.submission());
    next();
  });
  // The correlation id exists before the body is parsed, so a malformed or too-large body's error names it too.
  app.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', req.id);
    next();
  });
  app.use(helmet());
  app.use(json({ limit: config.bodyLimit }));
  app.use(urlencoded({ extended: false, limit: config.bodyLimit }));
  app.use(cookieParser());
  const sessions = app.get(BrowserSessions);

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: app.get(QueueService).all().map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const auth = app.get(AuthService);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    // A bearer header, or the administrator's browser session (the board's own pages and assets carry only that).
    const token = tokenOf(req)?.token;
    try {
      if (!token) throw new Error('missing');
      const principal = await auth.verify(token);
      if (!principal.roles.includes('administrator')) {
        res.status(403).json({ statusCode: 403, error: 'forbidden', message: 'Administrators only' });
        return;
      }
      next();
    } catch {
      res.status(401).json({ statusCode: 401, error: 'invalid-token', message: 'A valid administrator token is required' });
    }
  };
  // The board's own scripts cannot send the CSRF header: its unsafe requests must come from this origin instead.
  const sameOrigin = (req: Request, res: Response, next: NextFunction) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || tokenOf(req)?.via !== 'cookie') return next();
    const origin = req.headers.origin ?? req.headers.referer;
    if (origin && URL.canParse(origin) && new URL(origin).host === req.headers.host) return next();
    res.status(403).json({ statusCode: 403, error: 'csrf', message: 'Cross-origin request refused' });
  };
  app.use('/admin/queues', adminOnly, sameOrigin, board.getRouter());
  app.use((req: Request, res: Response, next: NextFunction) => (req.path.startsWith('/admin/queues') ? next() : sessions.protect(req, res, next)));
  serveWebPages(app);
}

/** Sets up HTTP, listens on the configured port and returns the URL to print (localhost, whatever the bind). */
export async function serveHttp(app: INestApplication, config: AppConfig): Promise<string> {
  setUpHttp(app, config);
  try {
    await app.listen(config.port, '0.0.0.0');
  } catch (error) {
    await app.close().catch(() => undefined);
    if ((error as { code?: string }).code === 'EADDRINUSE') throw portTaken(config.port);
    throw error;
  }
  return (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
}

export function portTaken(port: number): StartupError {
  return new StartupError(
    `Port ${port} is already in use (is this system already running?). Stop that process, or set PORT to a free port.`,
  );
}
