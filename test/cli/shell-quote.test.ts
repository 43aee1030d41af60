// The export formats, pure (fast lane): for any value — all of Unicode, every kind of quote, line
// breaks, NUL, expansions, globs — each format either writes a line that gives the value back exactly
// or refuses it with an error naming the variable and the format, never the value. The POSIX and fish
// lines are run through the real shells in shell-quote.shells.test.ts; PowerShell (not installable
// here) is read with a checker written from its tokenizer's rules (test/support/powershell-quoting.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnexportableValueError, envNoExportLine, fishLine, posixLine, powershellLine, windowsCmdLine } from '../../src/cli/shell-quote.js';
import { hostileValue } from '../support/hostile-values.js';
import { POWERSHELL_DOUBLE_QUOTES, POWERSHELL_SINGLE_QUOTES, readPowerShellLines } from '../support/powershell-quoting.js';

const RUNS = 2000;
const MARK = 'VALUEMARK';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORMATS = { env: posixLine, 'env-no-export': envNoExportLine, fish: fishLine, powershell: powershellLine, 'windows-cmd': windowsCmdLine } as const;

/** The line, or the refusal's message (which must name the variable and the format, not the value). */
function lineOrRefusal(format: keyof typeof FORMATS, value: string): { line?: string; refused?: string } {
  try {
    return { line: FORMATS[format]('AWS_ACCOUNT_ID', value) ?? '' };
  } catch (error) {
    expect(error).toBeInstanceOf(UnexportableValueError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^AWS_ACCOUNT_ID holds .*, so it cannot be printed as --format ${format}\\. Use --format `));
    expect(message, 'the refusal shows the value').not.toContain(MARK);
    expect((error as UnexportableValueError).exitCode).toBe(3);
    return { refused: message };
  }
}

describe('each format carries a value exactly or refuses it, naming the variable and format only', () => {
  const marked = hostileValue.chain((value) => fc.nat(value.length).map((at) => value.slice(0, at) + MARK + value.slice(at)));

  it('env (POSIX): refuses only NUL and lone surrogates; every other value is one single-quoted word', () => {
    fc.assert(
      fc.property(marked, (value) => {
        const { line, refused } = lineOrRefusal('env', value);
        expect(refused !== undefined).toBe(value.includes('\0') || LONE_SURROGATE.test(value));
        if (line) expect(readPosixAssignment(line)).toEqual(['AWS_ACCOUNT_ID', value]);
      }),
      { numRuns: RUNS },
    );
  });

  it('env-no-export: accepts exactly the values made of A-Z a-z 0-9 + / = . _ : @ - (no = first or after :, for zsh) and prints them bare', () => {
    fc.assert(
      fc.property(fc.oneof(marked, fc.stringMatching(/^[A-Za-z0-9+/=._:@-]{0,40}$/)), (value) => {
        const { line } = lineOrRefusal('env-no-export', value);
        expect(line !== undefined).toBe(/^[A-Za-z0-9+/=._:@-]*$/.test(value) && !/^=|:=/.test(value));
        if (line !== undefined) expect(line).toBe(`AWS_ACCOUNT_ID=${value}`);
      }),
      { numRuns: RUNS },
    );
    expect(envNoExportLine('AWS_SESSION_TOKEN', undefined)).toBeUndefined();
  });

  it('fish: refuses only NUL and lone surrogates; backslash and quote are the only escapes', () => {
    fc.assert(
      fc.property(marked, (value) => {
        const { line, refused } = lineOrRefusal('fish', value);
        expect(refused !== undefined).toBe(value.includes('\0') || LONE_SURROGATE.test(value));
        if (line) expect(readFishAssignment(line)).toEqual(['AWS_ACCOUNT_ID', value]);
      }),
      { numRuns: RUNS },
    );
  });

  it('powershell: every line sets exactly the value as PowerShell tokenizes it; refused: NUL, lone surrogates, line breaks', () => {
    fc.assert(
      fc.property(marked, (value) => {
        const { line, refused } = lineOrRefusal('powershell', value);
        expect(refused !== undefined).toBe(value.includes('\0') || LONE_SURROGATE.test(value) || /[\r\n\u0085\u2028\u2029]/.test(value));
        if (line) expect(readPowerShellLines(line)).toEqual([{ kind: 'set', name: 'AWS_ACCOUNT_ID', value }]);
      }),
      { numRuns: RUNS },
    );
  });

  it('windows-cmd: accepts only what cmd.exe takes literally', () => {
    fc.assert(
      fc.property(fc.oneof(marked, fc.stringMatching(/^[A-Za-z0-9/+=:._-]{0,40}$/)), (value) => {
        const { line } = lineOrRefusal('windows-cmd', value);
        expect(line !== undefined).toBe(/^[A-Za-z0-9/+=:._-]*$/.test(value));
        if (line !== undefined) expect(line).toBe(`set AWS_ACCOUNT_ID=${value}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('absent values are cleared in each shell’s own way', () => {
    expect([posixLine, fishLine, powershellLine, windowsCmdLine].map((line) => line('AWS_SESSION_TOKEN', undefined))).toEqual([
      'unset AWS_SESSION_TOKEN',
      'set -e AWS_SESSION_TOKEN',
      '$Env:AWS_SESSION_TOKEN=$null',
      'set AWS_SESSION_TOKEN=',
    ]);
  });
});

describe('PowerShell: known attacks on its quote characters (issue 23, finding 2)', () => {
  const attacks = [
    "123456789012’; New-Item PWNED; ’",
    ...POWERSHELL_SINGLE_QUOTES.map((quote) => `x${quote}; New-Item PWNED; ${quote}`),
    ...POWERSHELL_SINGLE_QUOTES.map((quote) => `${quote}${quote}${quote}`),
    ...POWERSHELL_DOUBLE_QUOTES.map((quote) => `${quote}$(New-Item PWNED)${quote}`),
    '$(New-Item PWNED)',
    '`; New-Item PWNED',
    "'",
    "‘'’‚‛",
  ];

  it.each(attacks)('%s: one assignment of exactly the value, no code after it', (attack) => {
    const line = powershellLine('AWS_ACCOUNT_ID', attack);
    expect(readPowerShellLines(line)).toEqual([{ kind: 'set', name: 'AWS_ACCOUNT_ID', value: attack }]);
  });

  it('the checker itself sees the attack in the old quoting (ASCII quote doubled only)', () => {
    const attack = "123456789012’; New-Item PWNED; ’";
    const old = `$Env:AWS_ACCOUNT_ID='${attack.replace(/'/g, "''")}'`;
    expect(readPowerShellLines(old)).toEqual([{ kind: 'other', line: old, rest: '; New-Item PWNED; ’\'' }]);
  });

  it('a line break in a value is refused: `| iex` reads each line as a statement', () => {
    expect(() => powershellLine('AWS_SESSION_TOKEN', "x\nNew-Item PWNED; '")).toThrow(
      /^AWS_SESSION_TOKEN holds a line break, which would end the statement where `\| iex` reads the output line by line, so it cannot be printed as --format powershell\. Use --format json$/,
    );
  });
});

/** `export NAME='…'` read by POSIX single-quote rules ('\'' for a quote) — the shells themselves check it in shell-quote.shells.test.ts. */
function readPosixAssignment(line: string): [string, string] {
  const match = /^export ([A-Z_]+)=((?:'[^']*'|\\')+)$/s.exec(line);
  expect(match, line).not.toBeNull();
  return [match![1]!, match![2]!.replace(/'([^']*)'|\\(')/g, (_, quoted: string | undefined, quote: string | undefined) => quoted ?? quote!)];
}

/** `set -gx NAME '…'` read by fish's single-quote rules (\\ and \' are the escapes). */
function readFishAssignment(line: string): [string, string] {
  const match = /^set -gx ([A-Z_]+) '((?:[^'\\]|\\[\\'])*)'$/s.exec(line);
  expect(match, line).not.toBeNull();
  return [match![1]!, match![2]!.replace(/\\([\\'])/g, '$1')];
}
