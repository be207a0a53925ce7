import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigWithEnvFile } from './env-file';

describe('loadConfigWithEnvFile', () => {
  const fileWith = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), 'sf-env-')), '.env');
    writeFileSync(path, text);
    return path;
  };

  it('takes variables from the file, the environment winning where both set one', async () => {
    const path = fileWith('PORT=4100\nQUEUE_PREFIX=from_file # comment\n');
    const config = await loadConfigWithEnvFile({ ENV_FILE: path, PORT: '4200' });
    expect(config.port).toBe(4200);
    expect(config.queuePrefix).toBe('from_file');
    expect(config.envFile).toBe(path);
  });

  it('names a bad variable of the file, and the file', async () => {
    const path = fileWith('BODY_LIMIT=huge\n');
    await expect(loadConfigWithEnvFile({ ENV_FILE: path })).rejects.toThrow(`BODY_LIMIT (set in ${path})`);
  });

  it('works without a file', async () => {
    const config = await loadConfigWithEnvFile({ ENV_FILE: '/nonexistent/.env' });
    expect(config.envFile).toBeNull();
    expect(config.port).toBe(3000);
  });
});
