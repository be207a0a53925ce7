import { Injectable } from '@nestjs/common';
import { chineseWorkingDayCalendar, WorkingDayCalendar } from '@app/domain';

/** The working-day calendar every deadline is computed with. */
@Injectable()
export class CalendarService {
  private current: WorkingDayCalendar = chineseWorkingDayCalendar();

  calendar(): WorkingDayCalendar {
    return this.current;
  }
}
