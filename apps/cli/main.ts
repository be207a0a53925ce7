import { runCli } from './run-cli';

/** Reads one JSON object from stdin; see run-cli.ts for the contract. */
function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Commands that talk to the database or take arguments rather than stdin (loaded only when asked for). */
async function runAsync(args: string[]): Promise<boolean> {
  if (args[0] === 'admin:create') {
    try {
      const { adminCreate } = await import('./admin-create-command');
      process.stdout.write(`${JSON.stringify(await adminCreate(args.slice(1)))}\n`);
    } catch (error) {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
    return true;
  }
  if (args[0] === 'totp') {
    // The current code of a TOTP secret (the demo's documented one, for example).
    if (!args[1]) {
      process.stderr.write('error: totp <base32 secret>\n');
      process.exitCode = 1;
    } else {
      const { totpCode } = await import('@app/auth/second-factor');
      process.stdout.write(`${totpCode(args[1])}\n`);
    }
    return true;
  }
  return false;
}

void runAsync(process.argv.slice(2)).then(async (handled) => {
  if (!handled) runStdinCommand(await readStdin());
});

function runStdinCommand(text: string): void {
  const result = runCli(process.argv.slice(2), text);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}
