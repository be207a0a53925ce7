export * from './alarm-policy';
export * from './clock-events';
export * from './evaluate-clock';
export * from './clock-alarms';
