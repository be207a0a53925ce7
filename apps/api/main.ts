import { run } from '@app/runtime';
import { ApiModule } from './src/api.module';

/** The HTTP API alone (scale it out behind a load balancer); jobs it causes go through the outbox. */
run({ name: 'api', modules: [ApiModule], http: true, consume: [], relay: false });
