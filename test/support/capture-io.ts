// A CliIO that records what a command prints, and an in-process run of one command as `credchain NAME
// ARGS` runs it (its failures reported as main() reports them): CLI tests without a subprocess.

import { PassThrough } from 'node:stream';
import { parseCommandArgs, type CommandModule } from '../../src/cli/args.js';
import { reportError } from '../../src/cli/errors.js';
import type { CliIO } from '../../src/cli/output.js';

export interface CapturedIO {
  io: CliIO;
  stdout(): string;
  stderr(): string;
  /** What the user types, one line at a time (stdin is a terminal when `terminal` is set). */
  type(line: string): void;
}

export interface CaptureOptions {
  /** stdin and stderr are terminals (an MFA code may be asked for); default false. */
  terminal?: boolean;
  color?: boolean;
}

export function captureIO(env: Record<string, string | undefined> = {}, options: CaptureOptions = {}): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: options.terminal === true });
  const io: CliIO = {
    out: (text) => void out.push(String(text)),
    err: (text) => void err.push(String(text)),
    color: options.color === true,
    stderrIsTTY: options.terminal === true,
    stdin,
    env: { HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true', ...env },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), type: (line) => void stdin.write(`${line}\n`) };
}

/** `credchain NAME ...argv` in this process: its exit code, with a failure printed as main() prints it. */
// A copy of main()'s try/catch (src/cli/main.ts): main() runs on import and cannot be called here yet.
// Once main(argv, io) is callable in-process, this becomes `main([name, ...argv], io)`.
export async function runCommand(name: string, argv: string[], io: CliIO): Promise<number> {
  const { command } = (await import(`../../src/cli/${name}.ts`)) as { command: CommandModule };
  const json = argv.includes('--json');
  try {
    return await command.run(parseCommandArgs(command, argv), io);
  } catch (error) {
    return reportError(io, error, false, json);
  }
}
