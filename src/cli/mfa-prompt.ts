// The CLI's one mfaCodeProvider, for every command that resolves credentials: the code
// given with --mfa-code (once: a code works once), else a question on the terminal (stderr) answered
// on stdin — only when both are terminals, no --json was asked for and nothing else owns the terminal
// (exec turns it off once the command runs). Otherwise it fails saying how to give the code.

import type { MfaCodeProvider } from '../sts/mfa.js';
import type { CliIO } from './output.js';
import { term } from './terminal-text.js';

export interface MfaPrompt {
  provider: MfaCodeProvider;
  /** From now on nothing is asked (the child owns stdin): a refresh that needs a code fails and says why. */
  disable(): void;
}

export interface MfaInput {
  /** --mfa-code: used for the first code asked for. */
  code?: string | undefined;
  /** --json: a script reads the output, nobody answers a question. */
  json: boolean;
}

const HOW_TO_GIVE = 'pass the current code of the device with --mfa-code CODE';

export function mfaPrompt(io: CliIO, input: MfaInput): MfaPrompt {
  let enabled = true;
  let given = input.code;
  return {
    disable: () => void (enabled = false),
    provider: async (mfaSerial) => {
      if (given !== undefined) {
        const code = given;
        given = undefined;
        return code;
      }
      // A second code (serve refreshing a session) is asked for on the terminal, if there is one.
      const how = input.code === undefined ? HOW_TO_GIVE : 'the code given with --mfa-code has been used, and a code works only once: start the command again with a new one';
      if (!enabled) throw new Error('nothing can be asked while the command runs: start it again to enter a new code');
      if (input.json) throw new Error(`--json asks no questions: ${how}`);
      if (io.stdin.isTTY !== true || !io.stderrIsTTY) throw new Error(`there is no terminal to ask for it on: ${how}`);
      io.err(term`MFA code for ${mfaSerial}: `);
      const line = await readLine(io.stdin);
      if (line === undefined) throw new Error(`stdin closed before an MFA code was entered: ${HOW_TO_GIVE}`);
      return line.trim();
    },
  };
}

async function readLine(input: NodeJS.ReadableStream): Promise<string | undefined> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input, terminal: false });
  try {
    return await new Promise<string | undefined>((resolve) => {
      lines.once('line', resolve);
      lines.once('close', () => resolve(undefined));
    });
  } finally {
    lines.close();
    (input as NodeJS.ReadStream).pause?.();
  }
}

