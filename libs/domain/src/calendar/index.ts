export * from './local-date';
export * from './chinese-days-data';
export * from './working-day-calendar';
