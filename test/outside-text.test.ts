// outsideText(): outside text on its way into an error — control characters escaped, length cut.

import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, outsideText } from '../src/outside-text.js';

describe('outsideText', () => {
  it('escapes terminal escapes, line breaks, DEL, C1 controls and bidi overrides; keeps tabs and ordinary text', () => {
    expect(outsideText('\u001b[2J\u001b]0;title\u0007ok\r\nnext\u007f\u009b\u202eevil\tend')).toBe('\\x1b[2J\\x1b]0;title\\x07ok\\r\\nnext\\x7f\\x9b\\u202eevil\tend');
    expect(outsideText('AccessDenied: not authorized – für "role"')).toBe('AccessDenied: not authorized – für "role"');
  });

  it('cuts to the length, saying how much was left out, at the start or (for stderr) the end', () => {
    expect(outsideText('x'.repeat(100_000))).toBe(`${'x'.repeat(300)}… (99700 more characters)`);
    expect(outsideText(`${'a'.repeat(50)}END`, 3, 'end')).toBe('(50 characters before) …END');
    expect(outsideText('short', 10)).toBe('short');
  });

  it('hasUnsafeCharacters', () => {
    expect(hasUnsafeCharacters('AKIA\r\n')).toBe(true);
    expect(hasUnsafeCharacters('AKIAIOSFODNN7EXAMPLE')).toBe(false);
  });
});
