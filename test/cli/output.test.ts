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
