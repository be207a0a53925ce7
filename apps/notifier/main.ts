import { QueueName } from '@app/contracts';
import { run } from '@app/runtime';
import { NotifierModule } from './src/notifier.module';

/** The in-app inbox writer. No HTTP server. */
run({ name: 'notifier', modules: [NotifierModule], http: false, consume: [QueueName.Notifier], relay: false });
