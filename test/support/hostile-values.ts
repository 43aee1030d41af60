// Values that try to break out of a shell format: every kind of quote (ASCII and the curly ones
// PowerShell honours), expansions and command substitutions that would touch a canary file, globs,
// line breaks, NUL, lone surrogates, astral characters and anything else in Unicode. Shared by the
// pure quoting properties and the runs through real shells.

import fc from 'fast-check';
import { binaryString } from './binary-string.js';

/** The file a hostile value tries to create; a test checks it never appears. */
export const CANARY = 'CANARY';

const PIECES = [
  "'", '"', '`', '\\', "\\'", '\\\\', "'\\", '$', '$(', ')', '${', '}', '$((1+1))', '\n', '\r', '\r\n', '\t', ' ', '\u00a0', '*', '?', '[', ']', '~', '!', '!!', '%', '%PATH%', '^', '&', '|', ';', '<', '>', '#', '=', '-', '--', '-n', '-e',
  '\u2018', '\u2019', '\u201a', '\u201b', '\u201c', '\u201d', '\u201e', '\u0000', '\u0085', '\u2028', '\u2029', '\u001b[2J', '\ufeff', '\uf600', '\ud83d', '\ude00', '😀', '𝒜', 'é', 'e\u0301',
  `$(touch ${CANARY})`, `\`touch ${CANARY}\``, `'; touch ${CANARY}; '`, `"; touch ${CANARY}; "`, `\u2019; New-Item ${CANARY}; \u2019`, `\u201d; New-Item ${CANARY}; \u201c`, `& echo ${CANARY} > ${CANARY}`, `(touch ${CANARY})`, `; touch ${CANARY}`,
  '123456789012 touch PWNED', "123456789012’; New-Item PWNED; ’",
];

/** One hostile value: pieces and arbitrary text (any code point, lone surrogates included). */
export const hostileValue: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, { weight: 2, arbitrary: binaryString({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) }), { maxLength: 10 })
  .map((parts) => parts.join(''));

/** Hostile values that every shell format should be able to carry (no NUL, no lone surrogate), for the round trips. */
export const carriableValue: fc.Arbitrary<string> = hostileValue.map((value) => value.replace(/\0/g, '').replace(/[\ud800-\udfff]/g, (c, at: number, all: string) => (isPaired(all, at) ? c : '')));

function isPaired(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code <= 0xdbff) return at + 1 < text.length && text.charCodeAt(at + 1) >= 0xdc00 && text.charCodeAt(at + 1) <= 0xdfff;
  return at > 0 && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff;
}
