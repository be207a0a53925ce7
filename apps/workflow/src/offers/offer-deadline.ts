import { addCalendarDays, WorkingDayCalendar } from '@app/domain';
import { startOfShanghaiDay } from '@app/persistence';

/**
 * The moment an offer made on `offerDay` lapses: the enterprise has the whole of the last of its
 * `limitDays` working days (counted from the day after the offer), so it lapses as the next day begins.
 */
export function offerLapsesAt(calendar: WorkingDayCalendar, offerDay: string, limitDays: number): Date {
  const lastDay = calendar.addWorkingDays(offerDay, limitDays);
  return startOfShanghaiDay(addCalendarDays(lastDay, 1));
}
