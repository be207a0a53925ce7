export * from './auth.guard';
export * from './auth.module';
export * from './auth.service';
export * from './decorators';
export * from './passwords';
export * from './principal';
export * from './scope';
export * from './browser-session';
