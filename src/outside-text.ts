// Text that came from outside (an endpoint's error message, a command's stderr, a name read from a
// file) on its way into an error or a trace: control characters escaped, so it cannot move the
// cursor, clear the screen, retitle the terminal or forge a line; and cut to a length.

/** How much outside text one message shows by default. */
export const OUTSIDE_TEXT_SHOWN = 300;

// C0 controls but TAB, DEL, C1 controls, and the Unicode line/paragraph separators and bidi
// overrides (they reorder what a terminal shows, as in "Trojan Source").
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` safe to print: unsafe characters as `\xNN` / `\uNNNN` (a newline as `\n`), at most
 * `maxLength` characters of the original, with `… (N more characters)` when cut. With `keep: 'end'`
 * the end is kept instead (a command's stderr says what went wrong last).
 */
export function outsideText(text: string, maxLength = OUTSIDE_TEXT_SHOWN, keep: 'start' | 'end' = 'start'): string {
  const over = text.length - maxLength;
  const part = over <= 0 ? text : keep === 'start' ? text.slice(0, maxLength) : text.slice(over);
  const escaped = part.replace(UNSAFE, escapeCharacter);
  if (over <= 0) return escaped;
  return keep === 'start' ? `${escaped}… (${over} more characters)` : `(${over} characters before) …${escaped}`;
}

/** `text` with each character outsideText() would escape replaced by `escape(character)`, nothing cut (e.g. JSON's \u form). */
export function escapeUnsafeCharacters(text: string, escape: (character: string) => string): string {
  return text.replace(UNSAFE, escape);
}

/** True when `text` has a character outsideText() would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

function escapeCharacter(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
