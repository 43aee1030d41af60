// How the CLI fails: a usage error or a known failure becomes one clear paragraph on stderr and an
// exit code; anything else is a bug, shown with its stack only under --debug. Under --json the same
// failure is also one JSON document on stdout, so a script always has something to parse.

import { CredentialsProviderError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { toJson, type CliIO } from './output.js';
import { paragraph, term } from './terminal-text.js';

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
  /** The problem alone, without the "Run … --help" line (for --json). */
  readonly problem: string;
  constructor(message: string, readonly command?: string) {
    super(`${message}\nRun \`credchain ${command ? `${command} ` : ''}--help\` for usage.`, EXIT.usage);
    this.problem = message;
  }
}

/** Prints the error as one paragraph (and, under --json, as `{ok: false, exitCode, error}` on stdout); returns the exit code. */
export function reportError(io: CliIO, error: unknown, debug: boolean, json = false): number {
  let code: number = EXIT.internal;
  let message: string;
  if (error instanceof CliError) {
    code = error.exitCode;
    message = error.message;
  } else if (error instanceof CredentialsProviderError) {
    // From a chain, or from what a command reads itself (e.g. profiles: the config files). Not configured
    // anywhere (the chain's no-credentials error, or one source asked by name) is not "broken".
    code = error.tryNextLink || error.code === 'no-credentials' ? EXIT.noCredentials : EXIT.broken;
    message = error.message;
  } else if ((error as Error)?.name === 'ScenarioError') {
    // Tooling's own error (src/emulator/scenario.ts), matched by name so the CLI loads no emulator code for it.
    code = EXIT.scenarioFailed;
    message = (error as Error).message;
  } else {
    message = `internal error: ${(error as Error)?.message ?? String(error)}. ${debug ? '' : 'Re-run with --debug to see where, and please report it.'}`.trimEnd();
  }
  // One paragraph that may quote outside text: each line escaped on the way out (terminal-text.ts).
  const shown = paragraph(message);
  io.err(term`credchain: ${shown}\n`);
  // --json's `error` is the same paragraph as a JSON string: its control characters as JSON's \u escapes (toJson),
  // as every other string of a --json document, not the terminal's \x1b (which JSON would show as \\x1b).
  if (json) io.out(toJson({ ok: false, exitCode: code, error: error instanceof UsageError ? error.problem : message }));
  if (debug && error instanceof Error && error.stack) io.err(term`\n${paragraph(error.stack)}\n`);
  return code;
}
