import { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { OperationObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AuthService } from '@app/auth';
import { AppConfig } from '@app/config';
import { QueueService } from '@app/queue';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { json, NextFunction, Request, Response, urlencoded } from 'express';

/**
 * The errors every endpoint of a kind can give, said once here rather than on each: a body is validated by the
 * global pipe (400 naming each field), an id in the path is a 404 when unknown or not yours, and a bearer token
 * can be refused (401) or lack the role (403).
 */
function documentCommonErrors(document: OpenAPIObject): void {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as OperationObject[]) {
      if (!operation?.responses) continue;
      if (operation.requestBody) operation.responses['400'] ??= { description: 'Bad input: the body names each bad field' };
      // Every query and path value is validated at the edge (NUL characters, impossible dates, the DTO's rules).
      if (operation.parameters?.some((p) => 'in' in p && (p.in === 'query' || p.in === 'path'))) {
        operation.responses['400'] ??= { description: 'Bad input: a query or path value, named in the body' };
      }
      if (operation.requestBody) {
        const media = Object.keys((operation.requestBody as { content?: Record<string, unknown> }).content ?? {});
        operation.responses['413'] ??= {
          description: media.includes('multipart/form-data') ? 'The file is over its size limit, or the case over its total' : 'The request body is over BODY_LIMIT',
        };
      }
      if (/\{[^}]+\}/.test(path)) operation.responses['404'] ??= { description: 'No such resource, or not yours' };
      if (operation.security?.some((s) => 'bearer' in s)) {
        operation.responses['401'] ??= { description: 'Missing, invalid, expired or logged-out token' };
        operation.responses['403'] ??= { description: 'Your role may not do this' };
      }
    }
  }
}

/** Headers, body limits, the OpenAPI document and bull-board (administrators only). */
export function setUpHttp(app: INestApplication, config: AppConfig): void {
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  if (config.trustProxy) http.set('trust proxy', config.trustProxy);
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

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('subsidy-flow')
      .setDescription('Subsidy applications, review stages and working-day deadlines for a science and technology bureau')
      .setVersion('1')
      .addBearerAuth()
      .addGlobalResponse(
        { status: 429, description: 'Too many requests from this client; try again later' },
        { status: 500, description: 'Unexpected: a generic body with a request id, details only in the log' },
      )
      .build(),
  );
  documentCommonErrors(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  const board = new ExpressAdapter();
  board.setBasePath('/admin/queues');
  createBullBoard({ queues: app.get(QueueService).all().map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const auth = app.get(AuthService);
  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const token = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
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
  app.use('/admin/queues', adminOnly, board.getRouter());
}
