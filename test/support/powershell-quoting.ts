// A checker for `credchain export --format powershell`, written from PowerShell's own tokenizer rules
// (System.Management.Automation.Language.Tokenizer, ScanStringLiteral / CharExtensions.IsSingleQuote),
// since PowerShell itself is not installable here. It reads the lines as `… | iex` runs them — each
// line on its own, as PowerShell splits a native command's output into lines — and says what each
// line does: set a variable to a literal, clear it, or something else (code outside a string).
//
// The rules it relies on:
// - single quotes are U+0027 and U+2018–U+201B; any of them opens or closes a single-quoted string;
// - inside one, a single quote followed by another single quote stands for the second one; nothing
//   else is special (no `$`, no backtick escapes);
// - double quotes (U+0022, U+201C–U+201E) start an expandable string — never expected here.

export const POWERSHELL_SINGLE_QUOTES = ['\u0027', '\u2018', '\u2019', '\u201a', '\u201b'] as const;
export const POWERSHELL_DOUBLE_QUOTES = ['\u0022', '\u201c', '\u201d', '\u201e'] as const;

const isSingleQuote = (c: string | undefined): boolean => c !== undefined && (POWERSHELL_SINGLE_QUOTES as readonly string[]).includes(c);

export type PowerShellLine =
  | { kind: 'set'; name: string; value: string }
  | { kind: 'clear'; name: string }
  /** Anything else: an unterminated string, or code after the value. `rest` is what would run. */
  | { kind: 'other'; line: string; rest: string };

/** What each line of `text` does when piped to Invoke-Expression. */
export function readPowerShellLines(text: string): PowerShellLine[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines.map(readLine);
}

function readLine(line: string): PowerShellLine {
  const head = /^\$Env:([A-Za-z_][A-Za-z0-9_]*)=/.exec(line);
  if (!head) return { kind: 'other', line, rest: line };
  const name = head[1]!;
  let index = head[0].length;
  if (line.slice(index) === '$null') return { kind: 'clear', name };
  if (!isSingleQuote(line[index])) return { kind: 'other', line, rest: line.slice(index) };
  index += 1;
  let value = '';
  for (;;) {
    // Iterate by code point: an astral character is one character of the value.
    const c = String.fromCodePoint(line.codePointAt(index) ?? 0);
    if (index >= line.length) return { kind: 'other', line, rest: '(unterminated string)' };
    index += c.length;
    if (isSingleQuote(c)) {
      if (!isSingleQuote(line[index])) break;
      value += line[index];
      index += 1;
      continue;
    }
    value += c;
  }
  const rest = line.slice(index);
  return rest === '' ? { kind: 'set', name, value } : { kind: 'other', line, rest };
}
