// writerFor(): a reader that goes away (EPIPE) ends the output quietly; nothing is thrown or printed.

import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writerFor } from '../../src/cli/output.js';

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
