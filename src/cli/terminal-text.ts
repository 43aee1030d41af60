// The one way out to a terminal. CliIO.out/err accept only a TerminalText, and there are two ways to
// make one: the `term` tagged template, which escapes every interpolated string as outside text
// (control characters shown as \x1b, cut to a length; src/outside-text.ts), and `trusted()`, for text
// credchain wrote itself (help, ANSI styling) — rare, and easy to find with `grep -rn 'trusted('`.
// So a value from an endpoint, a file or a process (an ARN, an account id, an error message) cannot
// reach the terminal raw because one print site forgot to escape it: forgetting does not compile.
//
//   io.out(term`${s.bold('ARN')}  ${identity.arn}\n`);   // the ARN is escaped; the styled label is kept

import { outsideText } from '../outside-text.js';

/**
 * How much of one interpolated value is shown: the sources already cut what they quote (300
 * characters, 1000 of a command's stderr), so this only bounds what slipped through unbounded.
 */
const MAX_VALUE_SHOWN = 4000;

let make: (text: string) => TerminalText;

/** Text safe to write to a terminal. Only `term`, `trusted()` and the helpers below make one. */
export class TerminalText {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }
  static {
    make = (text) => new TerminalText(text);
  }
  toString(): string {
    return this.#text;
  }
}

/** What may be interpolated: a TerminalText as it is; a string or number as outside text, escaped. */
export type Printable = TerminalText | string | number;

function escaped(value: Printable): string {
  if (value instanceof TerminalText) return value.toString();
  return outsideText(String(value), MAX_VALUE_SHOWN);
}

/** The template's own text as written; every `${value}` escaped unless it is a TerminalText already. */
export function term(strings: TemplateStringsArray, ...values: Printable[]): TerminalText {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += escaped(values[i]!) + strings[i + 1]!;
  return make(text);
}

/**
 * Text credchain wrote itself, shown as it is (a control sequence it draws, a pre-built help text).
 * Never for a value read from outside: that goes through `term`.
 */
export function trusted(text: string): TerminalText {
  return make(text);
}

/** The parts, each escaped unless already a TerminalText, with `separator` between them. */
export function joinText(parts: readonly Printable[], separator: TerminalText = make('')): TerminalText {
  return make(parts.map(escaped).join(separator.toString()));
}

/** One line per part (a string part with a line break shows it as \n: it is one line of outside text). */
export function lines(parts: readonly Printable[]): TerminalText {
  return joinText(parts, make('\n'));
}

/** A paragraph of outside text that may span lines (an error message): each line escaped, the breaks kept. */
export function paragraph(text: string): TerminalText {
  return lines(text.split('\n'));
}
