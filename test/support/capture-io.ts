// A CliIO that records what a command prints: what a CLI test hands to main(argv, io) in this process
// (runMain, test/support/run-cli.ts), or to one piece of the CLI (a progress line, an error report).

import { PassThrough } from 'node:stream';
import type { CliIO } from '../../src/cli/output.js';
import type { PartialContext } from '../../src/context.js';

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
  /** The directory the command runs in (CliIO.cwd); default this process's. */
  cwd?: string;
  /** Stand-ins for the real machine under the commands (CliIO.machine): an emulator's handler as `request`, a virtual clock. */
  machine?: PartialContext;
}

/** `env` is the command's whole environment, plus a HOME that does not exist and IMDS disabled unless given. */
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
    cwd: options.cwd ?? process.cwd(),
    ...(options.machine ? { machine: options.machine } : {}),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), type: (line) => void stdin.write(`${line}\n`) };
}
