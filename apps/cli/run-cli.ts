import { runCalc } from './calc-command';
import { CliInputError, JsonObject, parseInputObject } from './cli-input';
import { runDeadline } from './deadline-command';

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const COMMANDS: Record<string, (input: JsonObject) => unknown> = {
  calc: (input) => runCalc(input),
  deadline: runDeadline,
};

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/**
 * The whole command-line contract as a pure function: one JSON object in, one JSON line out (exit 0), or
 * one error line naming the field (exit 1; exit 2 for an unknown command).
 */
export function runCli(args: readonly string[], stdinText: string): CliResult {
  const command = args[0];
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    return {
      stdout: '',
      stderr: `error: command: expected one of ${Object.keys(COMMANDS).join(', ')}, got ${JSON.stringify(command ?? null)}\n`,
      exitCode: 2,
    };
  }
  try {
    const output = run(parseInputObject(stdinText));
    return { stdout: `${JSON.stringify(output)}\n`, stderr: '', exitCode: 0 };
  } catch (e) {
    if (e instanceof CliInputError) return { stdout: '', stderr: `error: ${oneLine(e.message)}\n`, exitCode: 1 };
    return { stdout: '', stderr: `internal error: ${oneLine(String((e as Error)?.stack ?? e))}\n`, exitCode: 3 };
  }
}
