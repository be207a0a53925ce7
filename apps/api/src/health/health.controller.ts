import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@app/auth';
import { OutboxRelay, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly relay: OutboxRelay,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer (and, where this process runs the outbox relay, it is LISTENing)' })
  @ApiServiceUnavailableResponse({ description: 'One of them does not' })
  check() {
    return this.health.check([
      () => this.probe('database', () => this.dataSource.query('SELECT 1')),
      () => this.probe(this.queues.redis ? 'redis' : 'queues', () => this.queues.ping()),
      ...(this.relay.status().relay ? [() => this.relayListening()] : []),
    ]);
  }

  /** The relay still publishes by polling without its LISTEN session, but slower: reported down until it is back. */
  private relayListening() {
    const indicator = this.indicators.check('outboxRelay');
    const { listening } = this.relay.status();
    return listening ? indicator.up({ listening }) : indicator.down({ listening, message: 'polling only: LISTEN session lost' });
  }

  private async probe(key: string, ping: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await Promise.race([ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000))]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
