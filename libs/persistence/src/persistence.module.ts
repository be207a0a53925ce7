import { APP_CONFIG as APP_CONFIG_TOKEN } from '@app/config';
import { DynamicModule, Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { TimeSource } from './time-source';
import { ProgramCatalog } from './program-catalog';
import { CaseTransitions } from './cases/case-transitions';
import { CaseClocks } from './cases/case-clocks';
import { CalendarService } from './calendar.service';

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The database: one DataSource per process, the time source, programs and the case transition writer. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(url: string, poolMax = 20): DynamicModule {
    const providers = [
      {
        provide: DataSource,
        useFactory: async () => {
          const dataSource = createDataSource(url, { extra: { max: poolMax, connectionTimeoutMillis: 10_000 } });
          await dataSource.initialize();
          return dataSource;
        },
      },
      {
        provide: TimeSource,
        useFactory: async (config: ConstructorParameters<typeof TimeSource>[0], dataSource: DataSource) => {
          const time = new TimeSource(config);
          await time.syncWith(dataSource);
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
