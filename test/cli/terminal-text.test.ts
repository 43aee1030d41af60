// The output layer (src/cli/terminal-text.ts, output.ts): what a command prints is a TerminalText,
// made by `term` (every interpolated value escaped as outside text) or `trusted()` (credchain's own
// text, at a short list of reviewed places). Styles, tables and JSON escape what they are given.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { style, table, toJson } from '../../src/cli/output.js';
import { joinText, lines, paragraph, term, trusted, TerminalText } from '../../src/cli/terminal-text.js';
import { captureIO } from '../support/capture-io.js';

const HOSTILE = 'a\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e\u2028b';
const RAW = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('term', () => {
  it('escapes every interpolated string and number; keeps the literal text and nested TerminalText', () => {
    const inner = term`<${HOSTILE}>`;
    const text = term`value: ${HOSTILE}\n${inner} ${42}\n`.toString();
    expect(text).toBe('value: a\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b\n<a\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b> 42\n');
    expect(text.replace(/\n/g, '')).not.toMatch(RAW);
  });

  it('a line break inside a value stays one line of text; lines() and paragraph() keep the breaks between lines', () => {
    expect(term`${'one\ntwo'}`.toString()).toBe('one\\ntwo');
    expect(lines(['one', term`two`, HOSTILE]).toString()).toBe('one\ntwo\na\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b');
    expect(paragraph('first line\nsecond \u001b[2J line').toString()).toBe('first line\nsecond \\x1b[2J line');
    expect(joinText(['a', 'b\u0007'], term`, `).toString()).toBe('a, b\\x07');
  });

  it('cuts a value that slipped through unbounded', () => {
    const shown = term`${'x'.repeat(100_000)}`.toString();
    expect(shown.length).toBeLessThan(4100);
    expect(shown).toMatch(/… \(96000 more characters\)$/);
  });

  it('CliIO.out and err take a TerminalText only: a plain string, or one built by hand, does not compile (npm run typecheck)', () => {
    const { io, stdout } = captureIO();
    const uncompilable = () => {
      // @ts-expect-error outside text must go through term (or a reviewed trusted())
      io.out('raw string');
      // @ts-expect-error the constructor is private: only term, trusted() and the helpers make one
      io.err(new TerminalText('raw string'));
    };
    expect(uncompilable).toBeTypeOf('function');
    io.out(term`${'\u001b[2J'}`);
    expect(stdout()).toBe('\\x1b[2J');
  });
});

describe('styles, tables and JSON escape what they are given', () => {
  it('a style keeps its own ANSI codes and escapes the text inside', () => {
    const s = style(true);
    expect(s.bold(HOSTILE).toString()).toBe('\u001b[1ma\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b\u001b[22m');
    expect(style(false).red('\u0007').toString()).toBe('\\x07');
  });

  it('table cells are escaped; a cell given as lines continues on indented lines', () => {
    const s = style(true);
    const text = table([
      [s.bold('NAME'), 'VALUE'],
      ['arn', HOSTILE],
      ['notes', ['first', s.dim(`· ${HOSTILE}`)]],
    ]).toString();
    expect(text.replace(/\n/g, '').replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW);
    expect(text).toBe(
      '  \u001b[1mNAME\u001b[22m   VALUE\n' +
        '  arn    a\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b\n' +
        '  notes  first\n' +
        '         \u001b[2m· a\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\u202e\\u2028b\u001b[22m\n',
    );
  });

  it('toJson: every character a terminal acts on as a \\u escape; the same JSON value', () => {
    const value = { arn: HOSTILE, nested: [HOSTILE] };
    const text = toJson(value).toString();
    expect(text.replace(/\n/g, '')).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('trusted() is rare and reviewed', () => {
  // Each line that writes text without escaping it, by file, and why that is safe. A new one fails
  // here until it is reviewed and listed.
  const REVIEWED: Record<string, string[]> = {
    'src/cli/output.ts': [
      'the ANSI codes of a style, around escaped text',
      'table(): joins cells each escaped before',
      'toJson(): JSON with every terminal control as a \\u escape',
    ],
    'src/cli/export.ts': ['the explicit credential export: its formats quote each value for its shell or refuse it'],
    'src/cli/args.ts': ["commandHelp(): a command's help constant and the exit-code table"],
    'src/cli/main.ts': ["the top-level help, from the command modules' constants"],
    'src/cli/progress.ts': ['the control sequence that erases the progress line'],
    'src/cli/flag-names.ts': ['flagNames(): printed text, escaped before, with library option words replaced by ASCII flag names'],
  };

  it('every trusted() call outside terminal-text.ts is on the reviewed list', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const found: Record<string, number> = {};
    const walk = (dir: string) => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts') && path !== 'src/cli/terminal-text.ts') {
          const calls = readFileSync(join(root, path), 'utf8')
            .split('\n')
            .filter((line) => /\btrusted\(/.test(line) && !/^\s*(\/\/|\*)/.test(line));
          if (calls.length > 0) found[path] = calls.length;
        }
      }
    };
    walk('src');
    expect(found).toEqual(Object.fromEntries(Object.entries(REVIEWED).map(([path, reasons]) => [path, reasons.length])));
  });
});
