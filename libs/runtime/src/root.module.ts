import { DynamicModule, Module, Type } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { QueueName } from '@app/contracts';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';

export interface Composition {
  /** The feature modules of the apps this process runs. */
  modules: Type[];
  consume: QueueName[];
  relay: boolean;
}

/** One process = shared infrastructure modules + the modules of the apps it runs. */
@Module({})
export class RootModule {
  static compose(
    config: AppConfig,
    infra: { databaseUrl: string; redisUrl: string | null; appDatabaseUrl?: string },
    composition: Composition,
  ): DynamicModule {
    return {
      module: RootModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            // Tokens and passwords never reach the logs.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
            autoLogging: config.env !== 'test',
          },
        }),
        // Data as the app role; the PostgreSQL queue backend (no Redis) creates its own tables, so as the owner.
        PersistenceModule.forRoot(infra.appDatabaseUrl ?? infra.databaseUrl),
        QueueModule.forRoot({
          redisUrl: infra.redisUrl,
          databaseUrl: infra.databaseUrl,
          prefix: config.queuePrefix,
          consume: composition.consume,
          relay: composition.relay,
          concurrency: config.workerConcurrency,
          lockMs: config.workerLockMs,
          production: config.env === 'production',
          outboxPollMs: config.outboxPollMs,
        }),
        AuthModule.forRoot(config.jwt),
        ...composition.modules,
      ],
    };
  }
}
