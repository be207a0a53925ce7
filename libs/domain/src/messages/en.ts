import { formatYuan } from '../money/money';
import { CaseRef, MessageCatalogue } from './catalogue';

const STAGES: Record<string, string> = {
  submitted: 'submitted', enterprise_confirmation: 'enterprise confirmation', awaiting_confirmation: 'awaiting confirmation',
  acceptance: 'acceptance (受理)', formal_review: 'formal review (初审)', expert_review: 'expert review (专家评审)',
  recheck: 'recheck (复核)', supplement: 'supplement (补正)', public_notice: 'public notice (公示)', disbursement: 'disbursement',
  approved: 'approved (办结)', paid: 'paid', refused: 'refused', withdrawn: 'withdrawn', declined: 'declined', lapsed: 'lapsed',
};

const named = (ref: CaseRef) => `${ref.enterprise}'s ${ref.program.en} application (case ${ref.number})`;

/** English: every message names the case (number, program, enterprise) and what to do by when. */
export const EN: MessageCatalogue = {
  stage: (code) => STAGES[code] ?? code,
  caseStatus: (status, ref, { dueBy, items }) => {
    const c = named(ref);
    switch (status) {
      case 'submitted': return `${c} was received and is being screened.`;
      case 'acceptance': return `${c} is waiting for acceptance (受理).`;
      case 'formal_review': return `${c} is in the district formal review (初审).`;
      case 'expert_review': return `${c} is with the expert panel (专家评审).`;
      case 'recheck': return `${c} is in the city recheck (复核).`;
      case 'supplement':
        return `${c} needs more materials (补正). Hand in by ${dueBy ?? 'the deadline'}: ${(items ?? []).map((item, i) => `${i + 1}. ${item}`).join('; ') || 'see the case'}. Without them the case lapses.`;
      case 'public_notice': return `${c} is in public notice (公示)${dueBy ? ` until ${dueBy}` : ''}.`;
      case 'approved': return `${c} was approved (办结); payment follows.`;
      case 'paid': return `The subsidy of ${c} was paid.`;
      case 'refused': return `${c} was refused; the reasons are in the case.`;
      case 'withdrawn': return `${c} was withdrawn.`;
      case 'awaiting_confirmation':
        return `${c}: the bureau offers you this subsidy from the data it holds (免申即享). Confirm it by ${dueBy ?? 'the deadline'}, or it lapses.`;
      case 'declined': return `${c}: you declined the offer.`;
      case 'lapsed': return `${c} lapsed (no answer in time).`;
      default: return `${c} is now in ${STAGES[status] ?? status}.`;
    }
  },
  taskCreated: (ref, stage, dueOn) => `To do: ${named(ref)} waits for your ${STAGES[stage] ?? stage}${dueOn ? `, due ${dueOn}` : ''}.`,
  expertDrawn: (ref) => `You were drawn for the expert panel (专家评审) of ${named(ref)}: please score it.`,
  decided: (ref, outcome) => `${named(ref)}, which you decided a step of, was ${outcome === 'approved' ? 'approved (办结)' : 'refused'}.`,
  slaAlarm: (ref, clock, level) => {
    const what = clock === 'case' ? 'promised deadline (承诺时限)' : `${STAGES[clock] ?? clock} deadline`;
    const state = level === 'yellow' ? 'is close (yellow): act soon' : level === 'red' ? 'has passed (red): act now' : 'has passed and was escalated: act now';
    return `SLA: the ${what} of ${named(ref)} ${state}.`;
  },
  amountReduced: (ref, { fromFen, toFen }) =>
    `The budget round of ${named(ref)} was oversubscribed, so its amount was reduced pro rata (按比例核减) from ${formatYuan(fromFen)} to ${formatYuan(toFen)}; the reduced amount is what will be paid.`,
  objectionFiled: (ref, reason) => `An objection was filed against ${named(ref)} during its public notice: "${reason}". The case waits until a reviewer resolves it.`,
};
