import { AppConfig } from './app-config';

/**
 * The one production check for demonstration features: the demo data seed and the development clock
 * (`POST /api/v1/dev/clock` and the offset every TimeSource reads) exist everywhere except in production.
 */
export function demoFeaturesAllowed(config: Pick<AppConfig, 'env'>): boolean {
  return config.env !== 'production';
}
