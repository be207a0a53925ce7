import 'reflect-metadata';
import { INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { appDatabaseUrl, appRoleOf, createDataSource, ensureAppRole, runMigrations } from '@app/persistence';
import { QueueService } from '@app/queue';
import { Logger } from 'nestjs-pino';
import { Logger as PinoLogger } from 'pino';
import { DataSource } from 'typeorm';
import { checkDeployment } from './deployment';
import { Infrastructure, resolveInfrastructure } from './infrastructure';
import { createLogger } from './logger';
import { RootModule } from './root.module';
import { DemoCaseSeeder, DemoCaseStats, demoCasesWanted, seedDemo, seedDemoCasesIfMissing, seedPrograms, seedRegions } from './seed';
import { startSeedingPlaceholder } from './seeding-placeholder';
import { portTaken, serveHttp } from './http-setup';
import { enrolDemoSecondFactor, mayDemoSeed } from './demo-second-factor';

export interface BootOptions {
  name: string;
  modules: Type[];
  http: boolean;
  consume: QueueName[];
  relay: boolean;
  config?: AppConfig;
  /** Resolved infrastructure to reuse (tests); otherwise found or started here. */
  infrastructure?: Infrastructure;
  /** The process's logger (run() makes one); otherwise one is made from the config. */
  logger?: PinoLogger;
  /** Hears of each server started for this process, so a signal during start-up can stop it. */
  started?: (stop: () => Promise<void>) => void;
  /** Makes the demo cases on an empty database (SEED_DEMO, SEED_DEMO_CASES); given by the app that owns it. */
  demoCases?: DemoCaseSeeder;
}

export interface Running {
  app: INestApplicationContext;
  config: AppConfig;
  infrastructure: Infrastructure;
  url: string | null;
  /** Names of the migrations this start applied, and the demo accounts it created. */
  migrations: string[];
  demo: string[];
  /** The demo cases this start made (null: none were due). */
  demoCases: DemoCaseStats | null;
  close(): Promise<void>;
}

/** Migrates (under an advisory lock) and seeds programs and regions, then the demo data (accounts, cases) on an empty database. */
export async function prepareDatabase(
  databaseUrl: string,
  config: AppConfig,
  redisUrl: string | null = null,
): Promise<{ migrations: string[]; demo: string[] }> {
  const dataSource = createDataSource(databaseUrl, { extra: { max: 2 } });
  await dataSource.initialize();
  try {
    const migrations = config.runMigrations ? await runMigrations(dataSource) : [];
    await ensureAppRole(dataSource, appRoleOf(databaseUrl, config.databaseApp));
    await seedPrograms(dataSource);
    await seedRegions(dataSource);
    if (!mayDemoSeed(config)) return { migrations, demo: [] };
    const demo = await seedDemo(dataSource, { config, databaseUrl, redisUrl });
    await enrolDemoSecondFactor(dataSource, demo);
    return { migrations, demo };
  } finally {
    await dataSource.destroy();
  }
}

/** Starts one process running the given apps. */
export async function boot(options: BootOptions): Promise<Running> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config, options.name);
  const say = (line: string) => logger.info({ context: options.name }, line);
  const infrastructure =
    options.infrastructure ??
    (await resolveInfrastructure(config, say, undefined, options.started ?? (() => undefined)));
  const { migrations, demo } = await prepareDatabase(
    infrastructure.databaseUrl,
    config,
    infrastructure.redisUrl,
  );
  const demoCases = options.demoCases && mayDemoSeed(config)
    ? await seedDemoCasesAnswering(options, config, infrastructure, say)
    : null;
  // The application connects as a role that owns nothing (DATABASE_APP_USER); migrations ran as the owner.
  const root = RootModule.compose(
    config,
    { ...infrastructure, appDatabaseUrl: appDatabaseUrl(infrastructure.databaseUrl, appRoleOf(infrastructure.databaseUrl, config.databaseApp)) },
    {
      modules: options.modules,
      consume: options.consume,
      relay: options.relay,
      name: options.name,
      http: options.http,
    },
    logger,
  );
  const app = options.http
    ? await NestFactory.create(root, { bufferLogs: true, bodyParser: false })
    : await NestFactory.createApplicationContext(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  let url: string | null = null;
  if (options.http) url = await serveHttp(app as INestApplication, config);
  else await app.init();
  const deployment = await checkDeployment(app.get(DataSource), app.get(QueueService));
  if (deployment.swept) {
    logger.warn(
      { context: options.name },
      deployment.found === null
        ? `The queue store holds no deployment id (new or flushed): sweeping for this database's cases now`
        : `The queue store belongs to deployment ${deployment.found}, this database is ${deployment.id}: sweeping for its cases now`,
    );
  }
  return {
    app,
    config,
    infrastructure,
    url,
    migrations,
    demo,
    demoCases,
    close: async () => {
      await app.close();
      if (!options.infrastructure) await infrastructure.stop();
    },
  };
}

/**
 * The demo cases on a new database, while the HTTP port already answers (503 "seeding", readiness down) so a
 * browser or a probe hears something at once instead of ~70 s of silence; the real server starts after.
 */
async function seedDemoCasesAnswering(
  options: BootOptions,
  config: AppConfig,
  infrastructure: Infrastructure,
  say: (line: string) => void,
): Promise<DemoCaseStats | null> {
  const dataSource = createDataSource(infrastructure.databaseUrl, { extra: { max: 2 } });
  await dataSource.initialize();
  try {
    if (!(await demoCasesWanted(dataSource, config))) return null;
    let placeholder: { close(): Promise<void> } | null = null;
    if (options.http) {
      try {
        placeholder = await startSeedingPlaceholder(config.port, new Date());
      } catch (error) {
        if ((error as { code?: string }).code === 'EADDRINUSE') throw portTaken(config.port);
        throw error;
      }
      options.started?.(() => placeholder?.close() ?? Promise.resolve());
    }
    say(
      `Seeding the demo cases (SEED_DEMO_CASES; about a minute on an empty database)` +
        (options.http ? `: http://localhost:${config.port} answers 503 "seeding" (health included) until they are made` : ''),
    );
    try {
      return await seedDemoCasesIfMissing(dataSource, {
        config,
        databaseUrl: infrastructure.databaseUrl,
        redisUrl: infrastructure.redisUrl,
        cases: options.demoCases,
      });
    } finally {
      await placeholder?.close();
    }
  } finally {
    await dataSource.destroy();
  }
}

