/**
 * Writes the API's OpenAPI document and the web client's types generated from it (apps/web/src/api/schema.d.ts).
 * Nothing heavy boots: Nest composes the modules in preview mode (no providers instantiated, no database, no
 * Redis) and Swagger reads the controllers' metadata.
 *
 *   npm run openapi            regenerate (commit the result)
 *   npm run openapi -- --check exit 1 when the committed types are out of date
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { RootModule } from '@app/runtime';
import { buildOpenApiDocument } from '@app/runtime/openapi-document';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_APPS } from '../../all-in-one/src/all-apps';

const TARGET = join(__dirname, '..', 'src', 'api', 'schema.d.ts');

async function main(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false', LOG_LEVEL: 'silent' });
  const root = RootModule.compose(config, { databaseUrl: 'postgres://preview/none', redisUrl: null }, {
    modules: ALL_APPS.modules,
    consume: [],
    relay: false,
  });
  const app = (await NestFactory.create(root, { preview: true, logger: false, abortOnError: false })) as INestApplication;
  const document = buildOpenApiDocument(app);
  // openapi-typescript is ESM-only; a dynamic import keeps this script CommonJS like the rest.
  const { default: openapiTS, astToString } = await (new Function('m', 'return import(m)') as (m: string) => Promise<typeof import('openapi-typescript')>)('openapi-typescript');
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0]);
  const text = `/* Generated from the API's OpenAPI document by apps/web/scripts/openapi.ts — do not edit. */\n${astToString(ast)}`;
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(TARGET, 'utf8');
    } catch {
      /* missing counts as stale */
    }
    if (committed !== text) {
      process.stderr.write(`${TARGET} is out of date with the API: run \`npm run openapi\` and commit it\n`);
      process.exit(1);
    }
    process.stdout.write('web client types match the API\n');
  } else {
    writeFileSync(TARGET, text);
    process.stdout.write(`wrote ${TARGET}\n`);
  }
  await app.close().catch(() => undefined);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
