// Where the CLI writes and how it looks: stdout/stderr, colour only on a TTY without NO_COLOR, and
// a plain aligned table (no dependency). Every command receives one CliIO, so tests can capture it.
// What it writes is a TerminalText (terminal-text.ts): outside text is escaped on the way, always.

import type { PartialContext } from '../context.js';
import { escapeUnsafeCharacters } from '../outside-text.js';
import { joinText, lines, term, trusted, TerminalText, type Printable } from './terminal-text.js';

export interface CliIO {
  out(text: TerminalText): void;
  err(text: TerminalText): void;
  /** ANSI styling allowed on stdout (a TTY, NO_COLOR unset, TERM not dumb). */
  color: boolean;
  /** stderr is a terminal: progress lines and questions may be drawn there. */
  stderrIsTTY: boolean;
  /** Where an answer is read (an MFA code): only when it is a terminal (`isTTY`) and stderr is one too. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** The directory the command runs in (the executable's process.cwd()): where explain and atlas-check look for the app's MongoDB driver. */
  cwd: string;
  /**
   * What replaces the real machine under the commands' chains (e.g. an in-process emulator as
   * `request`, a virtual clock): tests running main() in process set it; the executable never does.
   */
  machine?: PartialContext;
}

export function processIO(): CliIO {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const out = writerFor(process.stdout);
  const err = writerFor(process.stderr);
  return {
    out: (text) => out(text.toString()),
    err: (text) => err(text.toString()),
    color: process.stdout.isTTY === true && !noColor && env.TERM !== 'dumb',
    stderrIsTTY: process.stderr.isTTY === true && env.TERM !== 'dumb',
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
  };
}

/**
 * Writes to a stream whose reader may go away (`credchain explain | head -n1`): once the pipe is
 * closed (EPIPE) the rest of the output is dropped quietly and the command ends as it would have,
 * with its own exit code — no 'error' event stack trace, no exit code that means something else.
 */
export function writerFor(stream: NodeJS.WritableStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    closed = true;
    // Only a closed reader is expected; anything else is worth a word on stderr (if stderr is not the one).
    if (error.code !== 'EPIPE' && stream !== process.stderr) process.stderr.write(term`credchain: cannot write the output (${error.code ?? error.message})\n`.toString());
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Styling: what it is given is escaped (unless already a TerminalText), the ANSI codes around it are ours. */
export interface Style {
  bold(text: Printable): TerminalText;
  dim(text: Printable): TerminalText;
  green(text: Printable): TerminalText;
  red(text: Printable): TerminalText;
  yellow(text: Printable): TerminalText;
  cyan(text: Printable): TerminalText;
}

/**
 * Our ANSI codes around the (escaped) text, closed before each line break and opened again after it:
 * a style never runs on into the next line (a pager, `head`, or a terminal's line-by-line redraw would
 * show it there, or cut it off open). Lines left empty get no codes.
 */
const ansi = (open: number, close: number) => (text: Printable) => {
  const lines = term`${text}`.toString().split('\n');
  const styled = lines.map((line) => (line === '' && lines.length > 1 ? line : `\u001b[${open}m${line}\u001b[${close}m`));
  return trusted(styled.join('\n'));
};
const plain = (text: Printable) => term`${text}`;

export function style(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
}

/** Visible width: ANSI escapes take no room. */
function width(text: string): number {
  return text.replace(/\u001b\[\d+m/g, '').length;
}

/** A table cell: one line, or several (an array: a reason and its notes), each escaped unless already a TerminalText. */
export type Cell = Printable | readonly Printable[];

/**
 * Rows as aligned columns, two spaces apart; the last column is not padded and continues on
 * indented lines when a cell holds several lines.
 */
export function table(rows: ReadonlyArray<readonly Cell[]>, indent = '  '): TerminalText {
  const text = rows.map((row) => row.map((cell) => (Array.isArray(cell) ? lines(cell) : joinText([cell as Printable])).toString()));
  const columns = Math.max(0, ...text.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...text.map((row) => (i < columns - 1 ? width(row[i] ?? '') : 0))));
  const out: string[] = [];
  for (const row of text) {
    const cells = row.map((cell, i) => (i < columns - 1 ? cell + ' '.repeat(widths[i]! - width(cell)) : cell));
    const [first, ...more] = (cells.at(-1) ?? '').split('\n');
    const lead = cells.slice(0, -1).join('  ');
    out.push(indent + (lead ? `${lead}  ` : '') + first);
    const pad = ' '.repeat(lead ? width(lead) + 2 : 0);
    for (const line of more) out.push(indent + pad + line);
  }
  // Every cell was escaped above (a line break in a cell is one the layer made: the cell's lines).
  return trusted(out.map((line) => line.trimEnd()).join('\n') + '\n');
}

/** Words of `text` on lines of at most `width` characters, each starting with `indent` (help texts). */
export function wrapWords(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) out[out.length - 1] = `${last} ${word}`;
    else out.push(indent + word);
  }
  return out.join('\n');
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** "in 59 min", "2.5 h ago", "in 12 days", "in 3.1 years" — for expirations. */
export function relativeTime(target: Date, now: number): string {
  const ms = target.getTime() - now;
  const abs = Math.abs(ms);
  const text =
    abs < 90_000
      ? `${Math.round(abs / 1000)} s`
      : abs < 90 * 60_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 48 * HOUR
          ? `${(abs / HOUR).toFixed(1)} h`
          : abs < 730 * DAY
            ? `${Math.round(abs / DAY)} days`
            : `${(abs / (365.25 * DAY)).toFixed(1)} years`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/**
 * JSON for --json output: Dates as ISO strings, two-space indent, one trailing newline. JSON.stringify
 * escapes C0 controls; the other characters a terminal acts on (DEL, C1, bidi overrides, U+2028/9)
 * become \u escapes too — the same JSON value, nothing raw on the screen.
 */
export function toJson(value: unknown): TerminalText {
  // The only raw C0 character in JSON.stringify's output is the line break between its own lines.
  const unicodeEscape = (character: string) => (character === '\n' ? character : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const text = escapeUnsafeCharacters(JSON.stringify(value, null, 2), unicodeEscape);
  return trusted(`${text}\n`);
}
