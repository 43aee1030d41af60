// fast-check's `fc.string({ unit: 'binary' })` without its one-time cost. fast-check builds that unit as
// a mapToConstant over every code point but the surrogates, and a string arbitrary asks the unit to
// "unmap" its built-in dangerous strings when created: the first such arbitrary in a process fills a
// Map of all 1,112,064 code points (0.8 s on a quiet machine, several seconds in a unit-lane worker
// whose heap holds every file's modules). This unit is the same integer range mapped the same way — the
// same values for the same seed, the same shrinking — with an unmapper that is arithmetic.

import fc from 'fast-check';

const SURROGATES = 0xe000 - 0xd800;

/** One code point, any but a surrogate half: fast-check's 'binary' unit, value for value. */
const binaryUnit: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff - SURROGATES }).map(
  (index) => String.fromCodePoint(index < 0xd800 ? index : index + SURROGATES),
  (value) => {
    if (typeof value !== 'string') throw new Error('not a string');
    const code = value.codePointAt(0);
    if (code === undefined || String.fromCodePoint(code) !== value || (code >= 0xd800 && code < 0xe000)) throw new Error('not one code point');
    return code < 0xd800 ? code : code - SURROGATES;
  },
);

/** `fc.string({ unit: 'binary', ...constraints })`, the same strings without building fast-check's reverse map. */
export function binaryString(constraints: Omit<fc.StringConstraints, 'unit'> = {}): fc.Arbitrary<string> {
  return fc.string({ ...constraints, unit: binaryUnit });
}
