import { Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller';
import { CalendarOverrides } from './calendar-overrides';

/** The working-day calendar's overrides (extra holidays and working days). */
@Module({
  controllers: [CalendarController],
  providers: [CalendarOverrides],
})
export class CalendarModule {}
