import { QueueName } from '@app/contracts';
import { run } from '@app/runtime';
import { SlaModule } from './src/sla.module';

/** Alarm clocks and the sweep, on their own queue so no backlog delays a deadline. No HTTP server. */
run({ name: 'sla', modules: [SlaModule], http: false, consume: [QueueName.Sla, QueueName.Alarms], relay: false });
