import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, loadConfig } from './app-config';

/** The variables of an env file (dotenv syntax, read by @nestjs/config), without touching process.env. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  if (!existsSync(path)) return {};
  let fromFile: Record<string, string> = {};
  await NestConfigModule.forRoot({
    envFilePath: path,
    ignoreEnvVars: true,
    validate: (vars) => {
      fromFile = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
      return {};
    },
  });
  return fromFile;
}

/**
 * The configuration of a process: `.env` in the working directory (or the file ENV_FILE names) under the real
 * environment — a variable set in both takes the environment's value. A bad value stops the process with the
 * variable's name, and says when it came from the file.
 */
export async function loadConfigWithEnvFile(env: NodeJS.ProcessEnv = process.env): Promise<AppConfig & { envFile: string | null }> {
  const path = resolve(env.ENV_FILE ?? '.env');
  const fromFile = await readEnvFile(path);
  const inFile = new Set(Object.keys(fromFile).filter((key) => env[key] === undefined));
  const config = loadConfig({ ...fromFile, ...env }, { fileName: path, keys: inFile });
  return { ...config, envFile: existsSync(path) ? path : null };
}
