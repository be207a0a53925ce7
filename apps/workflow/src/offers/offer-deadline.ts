import { ProgramVersion, stateDeadlineDay, WorkingDayCalendar } from '@app/domain';
import { startOfShanghaiDay } from '@app/persistence';

/**
 * The moment an offer made on `offerDay` lapses: the enterprise has the whole of the last of its confirmation
 * working days (counted from the day after the offer), so it lapses as the next day begins. The SLA repair
 * recomputes it the same way after a calendar override.
 */
export function offerLapsesAt(calendar: WorkingDayCalendar, offerDay: string, definition: ProgramVersion): Date {
  return startOfShanghaiDay(stateDeadlineDay(definition, 'awaiting_confirmation', offerDay, calendar));
}
