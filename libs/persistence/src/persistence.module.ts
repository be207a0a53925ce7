import { APP_CONFIG as APP_CONFIG_TOKEN } from '@app/config';
import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource, POOL_OPTIONS } from './data-source';
import { ConnectionRole, sessionOptions } from './connection-settings';
import { CLOCK_RESYNC_MS, TimeSource } from './time-source';
import { ProgramCatalog } from './program-catalog';
import { CaseTransitions } from './cases/case-transitions';
import { CaseClocks } from './cases/case-clocks';
import { CalendarService } from './calendar.service';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.time.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The database: one DataSource per process, the time source, programs and the case transition writer. */
@Global()
@Module({})
export class PersistenceModule {
  /**
   * `role`: the limits of this process's pool — `request` where HTTP is served, `worker` in worker-only processes;
   * `poolMax`: its connection budget.
   */
  static forRoot(url: string, role: ConnectionRole = 'request', poolMax = POOL_OPTIONS.max): DynamicModule {
    const providers = [
      {
        provide: DataSource,
        useFactory: async () => {
          const dataSource = createDataSource(url, {
            extra: { ...POOL_OPTIONS, max: poolMax, ...sessionOptions(role) },
          });
          await dataSource.initialize();
          return dataSource;
        },
      },
      {
        provide: TimeSource,
        useFactory: async (config: ConstructorParameters<typeof TimeSource>[0], dataSource: DataSource) => {
          const time = new TimeSource(config);
          await time.syncWith(dataSource);
          const logger = new Logger(TimeSource.name);
          time.keepSynced(dataSource, CLOCK_RESYNC_MS, (m) => logger.warn(m));
          return time;
        },
        inject: [APP_CONFIG_TOKEN, DataSource],
      },
      DataSourceCloser,
      ProgramCatalog,
      CalendarService,
      CaseClocks,
      CaseTransitions,
    ];
    return {
      module: PersistenceModule,
      providers,
      exports: [DataSource, TimeSource, ProgramCatalog, CalendarService, CaseClocks, CaseTransitions],
    };
  }
}
