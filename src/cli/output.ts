// Where the CLI writes and how it looks: stdout/stderr, colour only on a TTY without NO_COLOR, and
// a plain aligned table (no dependency). Every command receives one CliIO, so tests can capture it.

import type { PartialContext } from '../context.js';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** ANSI styling allowed on stdout (a TTY, NO_COLOR unset, TERM not dumb). */
  color: boolean;
  /** stderr is a terminal: progress lines may be drawn there. */
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  /**
   * What replaces the real machine under the commands' chains (e.g. an in-process emulator as
   * `request`, a virtual clock): tests running main() in process set it; the executable never does.
   */
  machine?: PartialContext;
}

export function processIO(): CliIO {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    out: writerFor(process.stdout),
    err: writerFor(process.stderr),
    color: process.stdout.isTTY === true && !noColor && env.TERM !== 'dumb',
    stderrIsTTY: process.stderr.isTTY === true && env.TERM !== 'dumb',
    env,
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
    if (error.code !== 'EPIPE' && stream !== process.stderr) process.stderr.write(`credchain: cannot write the output (${error.code ?? error.message})\n`);
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function style(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
}

/** Visible width: ANSI escapes take no room. */
function width(text: string): number {
  return text.replace(/\u001b\[\d+m/g, '').length;
}

/**
 * Rows as aligned columns, two spaces apart; the last column is not padded and continues on
 * indented lines when a cell holds several lines.
 */
export function table(rows: string[][], indent = '  '): string {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...rows.map((row) => (i < columns - 1 ? width(row[i] ?? '') : 0))));
  const lines: string[] = [];
  for (const row of rows) {
    const cells = row.map((cell, i) => (i < columns - 1 ? cell + ' '.repeat(widths[i]! - width(cell)) : cell));
    const [first, ...more] = (cells.at(-1) ?? '').split('\n');
    const lead = cells.slice(0, -1).join('  ');
    lines.push(indent + (lead ? `${lead}  ` : '') + first);
    const pad = ' '.repeat(lead ? width(lead) + 2 : 0);
    for (const line of more) lines.push(indent + pad + line);
  }
  return lines.map((line) => line.trimEnd()).join('\n') + '\n';
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

/** A value as one single-quoted shell word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** JSON for --json output: Dates as ISO strings, two-space indent, one trailing newline. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
