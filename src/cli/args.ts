// Command-line parsing over node:util parseArgs (no CLI framework): every command gets --help,
// --debug and --no-color; a mistake becomes a UsageError in our words (never parseArgs' own text),
// with "did you mean" for a mistyped option.

import { parseArgs } from 'node:util';
import { didYouMean } from '../did-you-mean.js';
import { UsageError } from './errors.js';
import { exitCodesHelp, type CommandExits } from './exit-codes.js';
import type { CliIO } from './output.js';
import { trusted, type TerminalText } from './terminal-text.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandModule {
  name: string;
  /** One line for `credchain --help`. */
  summary: string;
  /** The `credchain NAME --help` text up to its exit codes (commandHelp adds those from `exits`). */
  help: string;
  /** The exit codes it can return: its help lists exactly these. */
  exits: CommandExits;
  options: OptionSpec;
  /** Positional arguments allowed (default 0). */
  positionals?: number;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** The whole `credchain NAME --help`: the command's text, then its exit codes from the one table. */
export function commandHelp(command: CommandModule): TerminalText {
  // Text written here in credchain's source (the command's help constant and the exit-code table).
  return trusted(`${command.help.trimEnd()}\n\n${exitCodesHelp(command.exits)}\n`);
}

const common: OptionSpec = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' }, 'no-color': { type: 'boolean' } };

/** The help lines of the options every command takes (`common`): the last lines of each Options block. */
export const COMMON_OPTIONS_HELP = `      --no-color       no colour even on a terminal (as NO_COLOR=1)
      --debug          show stack traces of unexpected errors
  -h, --help           show this help`;

export function parseCommandArgs(command: CommandModule, argv: string[]): ParsedArgs {
  const options = { ...common, ...command.options };
  checkOptionNames(command.name, options, argv);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseProblem(error as Error & { code?: string }, options, argv), command.name);
  }
  const positionals = parsed.positionals;
  if (positionals.length > (command.positionals ?? 0) && parsed.values.help !== true) {
    throw new UsageError(`unexpected argument "${positionals[command.positionals ?? 0]}"`, command.name);
  }
  return { values: parsed.values as ParsedArgs['values'], positionals };
}

/** Unknown options are found here, before parseArgs, so the message can suggest the closest known one. */
function checkOptionNames(commandName: string, options: OptionSpec, argv: string[]): void {
  const longNames = Object.keys(options);
  const shortNames = new Set(Object.values(options).flatMap((spec) => (spec.short ? [spec.short] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return;
    const spec = arg.startsWith('--') ? options[arg.slice(2).split('=')[0]!] : undefined;
    if (spec?.type === 'string' && !arg.includes('=')) i++; // its value may look like anything
    if (arg.startsWith('--') && !spec && arg.length > 2) {
      const name = arg.slice(2).split('=')[0]!;
      throw new UsageError(`unknown option --${name} for "credchain ${commandName}"${didYouMean(name, longNames, (n) => `--${n}`)}`, commandName);
    }
    if (/^-[^-]/.test(arg) && !shortNames.has(arg[1]!) && !/^-\d/.test(arg)) {
      throw new UsageError(`unknown option ${arg.slice(0, 2)} for "credchain ${commandName}"`, commandName);
    }
    const short = /^-([^-])$/.exec(arg);
    if (short && Object.values(options).some((s) => s.short === short[1] && s.type === 'string')) i++;
  }
}

/** parseArgs' remaining errors (a missing or unexpected value), reworded by its error code. */
function parseProblem(error: Error & { code?: string }, options: OptionSpec, argv: string[]): string {
  const name = Object.keys(options).find((option) => new RegExp(`'(?:-\\w, )?--${option}(?: <value>)?'`).test(error.message));
  if (name && error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (options[name]!.type === 'boolean') return `--${name} takes no value`;
    const index = argv.findIndex((arg) => arg === `--${name}` || arg === `-${options[name]!.short}`);
    const next = argv[index + 1];
    return next === undefined
      ? `--${name} needs a value`
      : `--${name} needs a value, and "${next}" looks like an option: write --${name}=${next} if that is the value`;
  }
  const unknown = /'(-[^']*)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`;
  return 'the command line could not be read';
}

/** A string option that must be one of `allowed`. */
export function oneOf<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T, command: string): T {
  const value = args.values[name];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${String(value)}"${didYouMean(String(value), allowed).replace(/^; /, ', ')})`, command);
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A TCP port to listen on, e.g. --port; 0 (the default) asks for a free one. */
export function portOption(args: ParsedArgs, name: string, command: string): number {
  const text = stringOption(args, name);
  const port = text === undefined ? 0 : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${name} must be a port number (0-65535), got "${text}"`, command);
  return port;
}

/** A positive whole number of milliseconds, e.g. --timeout. */
export function millisecondsOption(args: ParsedArgs, name: string, command: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`--${name} must be a positive number of milliseconds (got "${text}")`, command);
  return value;
}
