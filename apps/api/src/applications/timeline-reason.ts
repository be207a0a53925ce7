import { formatSystemReason, parseSystemReason, SystemReason } from '@app/domain';
import { TimelineEntryDto } from './application.dto';

type ReasonFields = Pick<TimelineEntryDto, 'reason' | 'reasonCode' | 'reasonParams'>;

/** A stored reason as the timeline gives it: the text as stored, and the system reason it is, if it is one. */
export function storedReason(reason: string | null): ReasonFields {
  const parsed = parseSystemReason(reason);
  return { reason, reasonCode: parsed?.code ?? null, reasonParams: parsed?.params ?? null };
}

/** A system reason the reader composes itself (nothing stored to parse): its English text with its code. */
export function systemReason(reason: SystemReason): ReasonFields {
  return { reason: formatSystemReason(reason), reasonCode: reason.code, reasonParams: reason.params };
}

/** A person's words (an objection, its resolution): never read as a system reason, whatever they say. */
export function personsReason(reason: string | null): ReasonFields {
  return { reason, reasonCode: null, reasonParams: null };
}
