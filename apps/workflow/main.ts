import { QueueName } from '@app/contracts';
import { run } from '@app/runtime';
import { WorkflowModule } from './src/workflow.module';

/** Workflow workers and the outbox relay; run as many as the load needs. No HTTP server. */
run({ name: 'workflow', modules: [WorkflowModule], http: false, consume: [QueueName.Workflow, QueueName.Alarms], relay: true });
