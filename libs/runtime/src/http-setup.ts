import { INestApplication } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AuthService } from '@app/auth';
import { AppConfig } from '@app/config';
import { QueueService } from '@app/queue';
import helmet from 'helmet';
import { json, NextFunction, Request, Response, urlencoded } from 'express';

/** Headers, body limits, the OpenAPI document and bull-board (administrators only). */
export function setUpHttp(app: INestApplication, config: AppConfig): void {
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
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
      .build(),
  );
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
