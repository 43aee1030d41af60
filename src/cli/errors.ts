// How the CLI fails: a usage error or a known failure becomes one clear paragraph on stderr and an
// exit code; anything else is a bug, shown with its stack only under --debug.

import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './output.js';

/** A failure the user can act on: the message is shown as is, with this exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string, readonly command?: string) {
    super(`${message}\nRun \`credchain ${command ? `${command} ` : ''}--help\` for usage.`, EXIT.usage);
  }
}

/** Prints the error as one paragraph and returns the exit code to use. */
export function reportError(io: CliIO, error: unknown, debug: boolean): number {
  let code: number = EXIT.internal;
  let message: string;
  if (error instanceof CliError) {
    code = error.exitCode;
    message = error.message;
  } else if (error instanceof BrokenSourceError) {
    code = EXIT.broken;
    message = error.message;
  } else if (error instanceof NotConfiguredError || (error as Error)?.name === 'NoCredentialsError') {
    code = EXIT.noCredentials;
    message = (error as Error).message;
  } else if ((error as Error)?.name === 'ScenarioError') {
    // Tooling's own error (src/emulator/scenario.ts), matched by name so the CLI loads no emulator code for it.
    code = EXIT.scenarioFailed;
    message = (error as Error).message;
  } else {
    message = `internal error: ${(error as Error)?.message ?? String(error)}. ${debug ? '' : 'Re-run with --debug to see where, and please report it.'}`.trimEnd();
  }
  io.err(`credchain: ${message}\n`);
  if (debug && error instanceof Error && error.stack) io.err(`\n${error.stack}\n`);
  return code;
}
