// The CLI speaks in flags: what the library's messages call an option ("the clientConfig.region
// option", "the profile option") is, on the command line, the flag that set it (--region, --profile).
// main() passes every line a command prints through flagNames(), so no message needs its own CLI
// wording and a new one cannot forget it. Only options the CLI itself sets from a flag are here
// (chain-for-cli.ts); the others have no flag to name.

import { trusted, type TerminalText } from './terminal-text.js';
import type { CliIO } from './output.js';

/** The library's words for an option the CLI sets, and the flag that sets it. Longest first. */
export const OPTION_FLAGS: ReadonlyArray<readonly [libraryWords: string, flag: string]> = [
  ['the clientConfig.region option', '--region'],
  ['clientConfig.region', '--region'],
  ['the profile option', '--profile'],
];

/** `text` with each option named by its flag. The flags are plain ASCII: the text stays as safe as it was. */
export function flagNames(text: TerminalText): TerminalText {
  let out = text.toString();
  if (!OPTION_FLAGS.some(([words]) => out.includes(words))) return text;
  for (const [words, flag] of OPTION_FLAGS) out = out.split(words).join(flag);
  return trusted(out);
}

/** `io` whose stdout and stderr name options by their flags. */
export function speakingFlags(io: CliIO): CliIO {
  return { ...io, out: (text) => io.out(flagNames(text)), err: (text) => io.err(flagNames(text)) };
}
