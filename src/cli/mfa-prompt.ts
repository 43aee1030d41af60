// The CLI's mfaCodeProvider for serve and exec: asks on stderr and reads one line from stdin, only
// while nothing else owns the terminal (exec turns it off once the command runs).

import type { ChainOptions } from '../source.js';
import type { CliIO } from './output.js';

export interface MfaPrompt {
  provider: NonNullable<ChainOptions['mfaCodeProvider']>;
  /** From now on a code is refused (the child owns stdin): a background refresh that needs one fails and says why. */
  disable(): void;
}

export function mfaPrompt(io: CliIO, input: NodeJS.ReadableStream = process.stdin): MfaPrompt {
  let enabled = true;
  return {
    disable: () => void (enabled = false),
    provider: async (mfaSerial) => {
      if (!enabled) throw new Error('cannot ask for an MFA code while the command runs; start it again to enter a new code');
      io.err(`MFA code for ${mfaSerial}: `);
      const { createInterface } = await import('node:readline');
      const lines = createInterface({ input, terminal: false });
      try {
        const line = await new Promise<string | undefined>((resolve) => {
          lines.once('line', resolve);
          lines.once('close', () => resolve(undefined));
        });
        if (line === undefined) throw new Error('stdin closed before an MFA code was entered');
        return line.trim();
      } finally {
        lines.close();
        (input as NodeJS.ReadStream).pause?.();
      }
    },
  };
}
