import { DynamicModule, Module, Type } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AppConfig, ConfigModule } from '@app/config';
import { QueueName } from '@app/contracts';
import { PersistenceModule } from '@app/persistence';
import { QueueModule } from '@app/queue';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { Logger as PinoLogger } from 'pino';
import { HEARTBEAT_APP, WorkerHeartbeat } from './heartbeat';

export interface Composition {
  /** The feature modules of the apps this process runs. */
  modules: Type[];
  consume: QueueName[];
  relay: boolean;
  /** The app's name: worker processes keep a heartbeat under it for their health check. */
  name?: string;
  /** Whether this process serves HTTP: its database sessions then get a request's limits, else a worker's. */
  http?: boolean;
}

/** One process = shared infrastructure modules + the modules of the apps it runs. */
@Module({})
export class RootModule {
  static compose(
    config: AppConfig,
    infra: { databaseUrl: string; redisUrl: string | null; appDatabaseUrl?: string },
    composition: Composition,
    logger?: PinoLogger,
  ): DynamicModule {
    const heartbeat = composition.consume.length > 0 && composition.name !== undefined;
    return {
      module: RootModule,
      providers: heartbeat ? [{ provide: HEARTBEAT_APP, useValue: composition.name }, WorkerHeartbeat] : [],
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            ...(logger ? { logger } : { level: config.logLevel }),
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
        // A connection budget per process: what its workers can use at once plus a few (relay, sweeps, HTTP).
        PersistenceModule.forRoot(
          infra.appDatabaseUrl ?? infra.databaseUrl,
          composition.http === false ? 'worker' : 'request',
          config.dbPoolMax ??
            (composition.consume.length
              ? Math.min(20, composition.consume.length * config.workerConcurrency + 4)
              : 20),
        ),
        QueueModule.forRoot({
          redisUrl: infra.redisUrl,
          databaseUrl: infra.databaseUrl,
          prefix: config.queuePrefix,
          consume: composition.consume,
          relay: composition.relay,
          concurrency: config.workerConcurrency,
          jobsWhileServing: config.jobsWhileServing,
          intakeSurgeInFlight: config.intakeSurgeInFlight,
          intakeSurgeHoldMs: config.intakeSurgeHoldMs,
          spillOver: config.workflowSpillOver,
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
