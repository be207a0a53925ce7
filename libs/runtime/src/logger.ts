import { AppConfig } from '@app/config';
import pino, { Logger } from 'pino';
import pinoPretty from 'pino-pretty';

/** Whether this process writes readable lines (a terminal, in development) rather than JSON. */
export function prettyLogs(env: string): boolean {
  return env === 'development' && process.stdout.isTTY === true;
}

/**
 * The process's one logger: readable lines through pino-pretty in a terminal in development, JSON otherwise
 * (for a log collector). The same instance serves start-up (before Nest) and Nest (through nestjs-pino).
 */
export function createLogger(config: Pick<AppConfig, 'env' | 'logLevel'>, name: string): Logger {
  // Tokens and passwords never reach the logs.
  const redact = ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'];
  const options = { level: config.logLevel, base: { app: name }, redact };
  if (!prettyLogs(config.env)) return pino(options);
  return pino(options, pinoPretty({
      colorize: true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,app,context',
      messageFormat: '{if context}{context}: {end}{msg}',
    }));
}
