import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { calculate, formatSystemReason } from '@app/domain';
import {
  CaseTransitions,
  claimedValues,
  PROFILE_FACT_FIELDS,
  ProgramCatalog,
  SYSTEM_ACTOR,
  yearlyGrants,
} from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { lockCase } from './case-row';

/**
 * Screening on submit: the calculator judges the case by its version's rules, with this year's approvals of
 * the same program counted against the yearly cap, and the case moves on to acceptance with its amount and
 * trace. Screening's verdict binds: an ineligible case is refused at once, naming every failed rule with its
 * numbers (一次性告知); only a director can override that, with a written reason and a recomputed amount
 * (`POST /applications/:id/screening-override`).
 */
@Injectable()
export class ScreenApplicationHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly transitions: CaseTransitions,
  ) {}

  @OnJob(JobName.ScreenApplication)
  async handle(data: JobPayloads[JobName.ScreenApplication]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const app = await lockCase(manager, data.applicationId);
      if (app.status !== 'submitted') return 'moved on';
      const { definition } = await this.catalog.byId(app.programVersionId, manager);
      const facts: Record<string, unknown> = {
        ...app.facts,
        ...(await yearlyGrants(manager, app.enterpriseId, app.programCode, app.year, app.id)),
      };
      // What the version grants once only (one reward per certificate): the calculator refuses, naming the rule,
      // if another case holds it.
      for (const claim of definition.onceOnlyClaims) {
        const value = app.facts[claim.fact];
        if (!claim.repeatFact) continue;
        facts[claim.repeatFact] =
          typeof value === 'string' && (await claimedValues(manager, definition.program, claim, [value], app.id)).size > 0;
      }
      const result = calculate(definition, facts, app.year);
      // Facts the enterprise only declared about itself give a provisional amount, said so in the trace.
      const provisional = app.unverifiedFacts.map((fact) => `${fact} (${PROFILE_FACT_FIELDS[fact] ?? fact})`);
      const trace = provisional.length
        ? [
            ...result.trace,
            {
              rule: 'provisional',
              passed: true,
              detail: `provisional: rests on facts the enterprise declared, not verified yet: ${provisional.join(', ')}; the acceptance reviewer verifies them`,
            },
          ]
        : result.trace;
      await this.transitions.apply(manager, {
        application: app,
        action: { type: result.eligible ? 'screened' : 'refuse' },
        actor: SYSTEM_ACTOR,
        reason: formatSystemReason(
          result.eligible
            ? { code: 'screened', params: { provisional: app.unverifiedFacts } }
            : {
                code: 'screening-refused',
                params: {
                  failed: result.trace.filter((t) => !t.passed).map(({ rule, detail }) => ({ rule, detail })),
                  provisional: app.unverifiedFacts,
                },
              },
        ),
        patch: { eligible: result.eligible, amount_fen: result.amountFen, split: result.split, trace },
      });
      return result.eligible ? 'eligible' : 'not eligible';
    });
  }
}
