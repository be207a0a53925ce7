import { Injectable } from '@nestjs/common';
import { ERROR_STATUS } from '@app/contracts';
import { Principal } from '@app/auth';
import { DomainError } from '@app/domain';
import { DecideTask } from './decide-task';
import { BatchApproveDto, BatchOutcomeDto } from './task.dto';

/**
 * A reviewer approves many tasks with one reason. Each is its own decision in its own transaction, so one stale
 * or refused task does not stop the others: its outcome carries the status and error code it alone would have got.
 */
@Injectable()
export class BatchApproveTasks {
  constructor(private readonly decide: DecideTask) {}

  async execute(principal: Principal, body: BatchApproveDto): Promise<BatchOutcomeDto[]> {
    const outcomes: BatchOutcomeDto[] = [];
    for (const item of body.tasks) {
      try {
        const result = await this.decide.execute(principal, item.id, { version: item.version, decision: 'approve', reason: body.reason });
        outcomes.push({ id: item.id, statusCode: 200, caseStatus: result.status });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ id: item.id, statusCode: ERROR_STATUS[error.reason], code: error.reason, error: error.message });
      }
    }
    return outcomes;
  }
}
