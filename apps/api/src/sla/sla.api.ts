import { CalendarController } from '../calendar/calendar.controller';
import { CalendarOverrides } from '../calendar/calendar-overrides';
import { BreachForecast } from './breach-forecast';
import { CheckSlaFilter } from './check-sla-filter';
import { SlaCases } from './sla-cases';
import { SlaController } from './sla.controller';
import { SlaGauges } from './sla-gauges';
import { SlaSummary } from './sla-summary';

/** The SLA dashboard and the calendar overrides, listed once for `ApiModule`. */
export const SLA_CONTROLLERS = [SlaController, CalendarController];
export const SLA_PROVIDERS = [SlaSummary, SlaCases, BreachForecast, SlaGauges, CalendarOverrides, CheckSlaFilter];
