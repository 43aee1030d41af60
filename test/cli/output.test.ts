// writerFor(): a reader that goes away (EPIPE) ends the output quietly; nothing is thrown or printed.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writerFor } from '../../src/cli/output.js';
import { captureIO } from '../support/capture-io.js';

describe('writerFor', () => {
  it('writes until the pipe breaks, then drops the rest without an error event escaping', async () => {
    const stream = new PassThrough();
    const written: string[] = [];
    stream.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const write = writerFor(stream);
    write('first\n');
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    write('second\n');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['first\n']);
  });
});

describe('what the CLI prints from a trace or an error is escaped once more', () => {
  it('renderTrace and reportError escape control characters in reasons, notes and messages', async () => {
    const { renderTrace } = await import('../../src/cli/trace-view.js');
    const { reportError } = await import('../../src/cli/errors.js');
    const { style } = await import('../../src/cli/output.js');
    const { CredentialsProviderError } = await import('../../src/errors.js');
    const trace = String(renderTrace([{ source: 'profile', outcome: 'error', reason: 'profile "x\u001b[2J" has no credentials', notes: ['source_profile = \u001b]0;t\u0007'], ms: 1 }], style(false)));
    expect(trace).not.toMatch(/[\u001b\u0007]/);
    expect(trace).toContain('x\\x1b[2J');
    const { io, stdout, stderr } = captureIO();
    expect(reportError(io, new CredentialsProviderError('profile "a\rb" is broken', { tryNextLink: false, source: 'profile' }), false)).toBe(3);
    expect(stdout() + stderr()).toBe('credchain: profile: profile "a\\rb" is broken\n');
  });
});

describe('styles never run on into the next line', () => {
  it('a style around text with line breaks is closed before each break and opened again after it (empty lines get no codes)', async () => {
    const { style } = await import('../../src/cli/output.js');
    const { lines, term } = await import('../../src/cli/terminal-text.js');
    const s = style(true);
    expect(String(s.bold(lines(['first', 'second'])))).toBe('\u001b[1mfirst\u001b[22m\n\u001b[1msecond\u001b[22m');
    expect(String(s.dim(term`a\n\nb\n`))).toBe('\u001b[2ma\u001b[22m\n\n\u001b[2mb\u001b[22m\n');
    // Nested: each style closes on its own line.
    expect(String(s.bold(term`x ${s.red(lines(['y', 'z']))}`))).toBe('\u001b[1mx \u001b[31my\u001b[39m\u001b[22m\n\u001b[1m\u001b[31mz\u001b[39m\u001b[22m');
    // One line: as before.
    expect(String(s.green('ok'))).toBe('\u001b[32mok\u001b[39m');
    // A string's line break is outside text: escaped, so it never breaks a line at all.
    expect(String(s.bold('a\nb'))).toBe('\u001b[1ma\\nb\u001b[22m');
  });

  it('every line of a coloured command output opens and closes its own styles', async () => {
    const { captureIO } = await import('../support/capture-io.js');
    const { runMain } = await import('../support/run-cli.js');
    const { table, style } = await import('../../src/cli/output.js');
    const { lines } = await import('../../src/cli/terminal-text.js');
    const s = style(true);
    const texts = [String(table([[s.bold('NAME'), s.dim(lines(['one', 'two']))]]))];
    const cli = captureIO({}, { color: true });
    await runMain(['explain'], cli.io);
    texts.push(cli.stdout());
    for (const text of texts) {
      for (const line of text.split('\n')) {
        const open = new Map<string, number>();
        for (const [, code] of line.matchAll(/\u001b\[(\d+)m/g)) {
          const group = ['1', '2', '22'].includes(code!) ? 'weight' : 'colour';
          open.set(group, (open.get(group) ?? 0) + (['22', '39'].includes(code!) ? -1 : 1));
        }
        for (const [group, count] of open) expect(count, `${group} left open in ${JSON.stringify(line)}`).toBe(0);
      }
    }
  });
});
