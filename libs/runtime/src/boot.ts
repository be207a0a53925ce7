import 'reflect-metadata';
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { appDatabaseUrl, createDataSource, ensureAppRole, runMigrations } from '@app/persistence';
import { Logger } from 'nestjs-pino';
import { Infrastructure, resolveInfrastructure } from './infrastructure';
import { RootModule } from './root.module';
import { DEMO_PASSWORD, seedDemo, seedPrograms } from './seed';
import { setUpHttp } from './http-setup';
import { DEMO_TOTP_SECRET, enrolDemoSecondFactor, mayDemoSeed } from './demo-second-factor';

export interface BootOptions {
  name: string;
  modules: Type[];
  http: boolean;
  consume: QueueName[];
  relay: boolean;
  config?: AppConfig;
  /** Resolved infrastructure to reuse (tests); otherwise found or started here. */
  infrastructure?: Infrastructure;
}

export interface Running {
  app: INestApplicationContext;
  config: AppConfig;
  infrastructure: Infrastructure;
  url: string | null;
  close(): Promise<void>;
}

/** Migrates (under an advisory lock) and seeds programs, then demo accounts on an empty database. */
export async function prepareDatabase(databaseUrl: string, config: AppConfig): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl, { extra: { max: 2 } });
  await dataSource.initialize();
  try {
    if (config.runMigrations) await runMigrations(dataSource);
    await ensureAppRole(dataSource, config.databaseApp);
    await seedPrograms(dataSource);
    if (!mayDemoSeed(config)) return [];
    const demo = await seedDemo(dataSource);
    await enrolDemoSecondFactor(dataSource, demo);
    return demo;
  } finally {
    await dataSource.destroy();
  }
}

/** Starts one process running the given apps. */
export async function boot(options: BootOptions): Promise<Running> {
  const config = options.config ?? loadConfig();
  const infrastructure = options.infrastructure ?? (await resolveInfrastructure(config));
  const demo = await prepareDatabase(infrastructure.databaseUrl, config);
  // The application connects as a role that owns nothing (DATABASE_APP_USER); migrations ran as the owner.
  const root = RootModule.compose(config, { ...infrastructure, appDatabaseUrl: appDatabaseUrl(infrastructure.databaseUrl, config.databaseApp) }, {
    modules: options.modules,
    consume: options.consume,
    relay: options.relay,
  });
  const app = options.http
    ? await NestFactory.create(root, { bufferLogs: true, bodyParser: false })
    : await NestFactory.createApplicationContext(root, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const logger = app.get(Logger);
  for (const note of infrastructure.notes) logger.log(note, options.name);
  let url: string | null = null;
  if (options.http && 'listen' in app) {
    const http = app as unknown as import('@nestjs/common').INestApplication;
    setUpHttp(http, config);
    await http.listen(config.port, '0.0.0.0');
    url = (await http.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
    logger.log(`API on ${url} — docs ${url}/docs, health ${url}/health, metrics ${url}/metrics`, options.name);
  } else {
    await app.init();
  }
  if (demo.length) {
    logger.log(`Demo accounts created, password "${DEMO_PASSWORD}": ${demo.join(', ')}`, options.name);
    logger.log(`Demo admin, director and auditor log in with a TOTP code of the secret ${DEMO_TOTP_SECRET} (npm run cli -- totp ${DEMO_TOTP_SECRET})`, options.name);
  }
  return {
    app,
    config,
    infrastructure,
    url,
    close: async () => {
      await app.close();
      if (!options.infrastructure) await infrastructure.stop();
    },
  };
}

/** For `main.ts` files: boot, and exit non-zero with a clear line when boot fails. */
export function run(options: BootOptions): void {
  boot(options).catch((error: unknown) => {
    process.stderr.write(`${options.name} failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
