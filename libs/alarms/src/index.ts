export * from './alarm-firing';
export * from './alarm-lateness';
export * from './alarm-messages';
export * from './alarms.module';
