// Command-line parsing over node:util parseArgs (no CLI framework): every command gets --help and
// --debug, and a parse error becomes a UsageError that names the command.

import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import type { CliIO } from './output.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandModule {
  name: string;
  /** One line for `credchain --help`. */
  summary: string;
  /** The whole `credchain NAME --help` text. */
  help: string;
  options: OptionSpec;
  /** Positional arguments allowed (default 0). */
  positionals?: number;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

const common: OptionSpec = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } };

/** The help lines of the options every command takes (`common`): the last lines of each Options block. */
export const COMMON_OPTIONS_HELP = `      --debug          show stack traces of unexpected errors
  -h, --help           show this help`;

export function parseCommandArgs(command: CommandModule, argv: string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options: { ...common, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''), command.name);
  }
  const positionals = parsed.positionals;
  if (positionals.length > (command.positionals ?? 0) && parsed.values.help !== true) {
    throw new UsageError(`unexpected argument "${positionals[command.positionals ?? 0]}"`, command.name);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals };
}

/** A string option that must be one of `allowed`. */
export function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T, command: string): T {
  const value = args.values[name];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${String(value)}")`, command);
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
