import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The web client's types are generated from the API's OpenAPI document; a changed DTO must be regenerated. */
describe('the web client types', () => {
  it('match the OpenAPI document of the API as it is (npm run openapi)', () => {
    const root = join(__dirname, '..', '..');
    const out = execFileSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/web/scripts/openapi.ts', '--check'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toContain('web client types match the API');
  });
});
