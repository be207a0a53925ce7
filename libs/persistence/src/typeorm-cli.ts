import { loadConfig } from '@app/config';
import { createDataSource } from './data-source';

/** Only for the TypeORM CLI (`migration:generate`): the development database. */
export default createDataSource(loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/subsidy_flow_gen');
