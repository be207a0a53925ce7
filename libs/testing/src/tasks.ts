import request from 'supertest';
import { waitFor } from './wait';

export interface TestTask {
  id: string;
  version: number;
  applicationId: string;
  stage: string;
  kind: string;
  caseNumber: string;
}

/** Waits until the caller's work queue shows a task of the case in the stage (a review task unless told). */
export function waitForTask(server: unknown, auth: string, applicationId: string, stage: string, kind = 'review'): Promise<TestTask> {
  return waitFor(async () => {
    const res = await request(server as Parameters<typeof request>[0]).get('/api/v1/tasks').set('Authorization', auth).expect(200);
    return (res.body as TestTask[]).find((t) => t.applicationId === applicationId && t.stage === stage && t.kind === kind);
  }, `a ${kind} task in ${stage}`);
}
