import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PreparingClient } from './preparing-client';

/**
 * The pool every process starts from; PersistenceModule adds its connection role's limits. Its clients prepare
 * the statements they run (preparing-client.ts), so a connection is worth keeping: one closed after pg-pool's
 * default 10 idle seconds takes its prepared statements and plans with it, and the next burst parses and plans
 * every statement again on a new one (custom plans for its first five runs of each).
 */
export const POOL_OPTIONS = { max: 20, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 300_000, Client: PreparingClient };

/** The one TypeORM configuration: entities and migrations listed explicitly, schema changed by migrations only. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    extra: POOL_OPTIONS,
    ...extra,
  } as DataSourceOptions;
}

export function createDataSource(url: string, extra: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}
