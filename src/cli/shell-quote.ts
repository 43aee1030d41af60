// How `credchain export` writes one variable for each shell it prints for: a line that sets the value
// so that the shell gets it back byte for byte and runs nothing else — or a refusal naming the
// variable and the format, never the value. One function per format; each states its shell's rules
// (docs/behaviour.md, "Exports"). test/cli/shell-quote*.test.ts runs them through the real shells.

import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** A value the format cannot carry. The message names the variable, the format and what to use instead. */
export class UnexportableValueError extends CliError {
  constructor(variable: string, format: string, holds: string, instead: string) {
    super(`${variable} holds ${holds}, so it cannot be printed as --format ${format}. Use ${instead}`, EXIT.broken);
  }
}

// Unpaired UTF-16 surrogates: JavaScript strings may hold them, UTF-8 cannot, so the shell would
// read U+FFFD instead — not the value.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What no format can print: a NUL ends a C string (no environment variable holds one); a lone surrogate has no UTF-8 form. */
function refuseUnprintable(variable: string, format: string, value: string): void {
  if (value.includes('\0')) throw new UnexportableValueError(variable, format, 'a NUL character, which no environment variable can hold', '--format json');
  if (LONE_SURROGATE.test(value)) throw new UnexportableValueError(variable, format, 'a lone UTF-16 surrogate, which has no UTF-8 form', '--format json');
}

/**
 * One POSIX shell word with exactly this value (sh, bash, dash, zsh, ksh, busybox): inside single
 * quotes every byte but `'` is literal, and `'` is written as `'\''` (close, escaped quote, reopen).
 * Correct for any text without NUL (which no shell word can hold).
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `--format env`: `export NAME='value'`, or `unset NAME` to clear it — for `eval "$(credchain export)"` in any POSIX shell. */
export function posixLine(variable: string, value: string | undefined): string {
  if (value === undefined) return `unset ${variable}`;
  refuseUnprintable(variable, 'env', value);
  return `export ${variable}=${shellQuote(value)}`;
}

// What survives `env $(credchain export --format env-no-export) CMD` unquoted: no IFS character
// (space, tab, newline), no glob (* ? [), no quote, `$`, backslash or anything else a shell or a
// .env reader treats specially — and every character of real AWS credentials, dates and account ids.
const BARE_WORD = /^[A-Za-z0-9+/=._:@-]*$/;
// zsh, sourcing such a file (`set -a; . ./.env`), expands `=cmd` at the start of a value or after a
// `:` to the command's path. No AWS value has `=` there (base64 pads at the end).
const ZSH_EQUALS = /^=|:=/;

/** `--format env-no-export`: `NAME=value` with nothing quoted (none is possible there), or no line when absent. */
export function envNoExportLine(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!BARE_WORD.test(value)) {
    throw new UnexportableValueError(
      variable,
      'env-no-export',
      'a character other than A-Z a-z 0-9 + / = . _ : @ - (a space, quote, glob or line break would be split or expanded there, as no quoting is possible)',
      '--format env (eval "$(credchain export)") or --format json',
    );
  }
  if (ZSH_EQUALS.test(value)) {
    throw new UnexportableValueError(variable, 'env-no-export', "a '=' at its start or after ':', which zsh expands (=cmd) when it sources the file", '--format env or --format json');
  }
  return `${variable}=${value}`;
}

/**
 * `--format fish`: `set -gx NAME 'value'`, or `set -e NAME` — for `credchain export --format fish | source`.
 * In fish's single quotes only `\` and `'` are special, each escaped with a backslash.
 */
export function fishLine(variable: string, value: string | undefined): string {
  if (value === undefined) return `set -e ${variable}`;
  refuseUnprintable(variable, 'fish', value);
  return `set -gx ${variable} '${value.replace(/[\\']/g, '\\$&')}'`;
}

// PowerShell ends a single-quoted string at any of U+0027 and U+2018–U+201B, and reads two of them
// in a row as the second one; nothing else inside is special. U+0022, U+201C–U+201E (its double
// quotes) are literal there.
const POWERSHELL_SINGLE_QUOTE = /['\u2018-\u201b]/g;
// `… | iex` receives the output line by line: a line break inside a value would end the statement.
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

/** `--format powershell`: `$Env:NAME='value'`, or `$Env:NAME=$null` — for `credchain export --format powershell | iex`. */
export function powershellLine(variable: string, value: string | undefined): string {
  if (value === undefined) return `$Env:${variable}=$null`;
  refuseUnprintable(variable, 'powershell', value);
  if (LINE_BREAK.test(value)) {
    throw new UnexportableValueError(variable, 'powershell', 'a line break, which would end the statement where `| iex` reads the output line by line', '--format json');
  }
  return `$Env:${variable}='${value.replace(POWERSHELL_SINGLE_QUOTE, '$&$&')}'`;
}

// cmd.exe expands %…% and !…!, and reads ^ & | < > ( ) " and line breaks in a `set` line; it has no
// quoting that covers them all, so only characters it takes literally pass.
const CMD_LITERAL = /^[A-Za-z0-9/+=:._-]*$/;

/** `--format windows-cmd`: `set NAME=value`, or `set NAME=` to clear it. */
export function windowsCmdLine(variable: string, value: string | undefined): string {
  if (value !== undefined && !CMD_LITERAL.test(value)) {
    throw new UnexportableValueError(variable, 'windows-cmd', 'characters cmd.exe would interpret (such as % " ^ & or a line break)', '--format powershell or --format json');
  }
  return `set ${variable}=${value ?? ''}`;
}
