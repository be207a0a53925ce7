import { ALL_QUEUES } from '@app/contracts';
import { ApiModule } from '../../api/src/api.module';
import { NotifierModule } from '../../notifier/src/notifier.module';
import { SlaModule } from '../../sla/src/sla.module';
import { WorkflowModule } from '../../workflow/src/workflow.module';

/** The four apps composed: HTTP, every queue's workers and the relay. */
export const ALL_APPS = {
  modules: [ApiModule, WorkflowModule, SlaModule, NotifierModule],
  http: true,
  consume: [...ALL_QUEUES],
  relay: true,
};
