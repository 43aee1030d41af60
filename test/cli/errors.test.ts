// How the CLI reports failures: one paragraph and the right exit code; a stack trace only with --debug.
import { describe, expect, it } from 'vitest';
import { CliError, UsageError, reportError } from '../../src/cli/errors.js';
import { broken, CredentialsProviderError, noCredentials, notConfigured } from '../../src/errors.js';
import type { CliIO } from '../../src/cli/output.js';
import { captureIO } from '../support/capture-io.js';

function capture(): CliIO & { text(): string } {
  const captured = captureIO();
  return { ...captured.io, text: captured.stderr };
}

describe('reportError', () => {
  it('maps each failure to its exit code', () => {
    expect(reportError(capture(), new UsageError('bad flag', 'explain'), false)).toBe(2);
    expect(reportError(capture(), new CredentialsProviderError('refused', { tryNextLink: false, source: 'imds' }), false)).toBe(3);
    expect(reportError(capture(), new CredentialsProviderError('unset', { source: 'env' }), false)).toBe(1);
    expect(reportError(capture(), new CliError('sts said no', 4), false)).toBe(4);
    expect(reportError(capture(), new TypeError('boom'), false)).toBe(70);
    // What a command reads itself (profiles, config: the config files) fails label-free.
    expect(reportError(capture(), broken('cannot read the config file /x'), false)).toBe(3);
    expect(reportError(capture(), notConfigured('nothing here'), false)).toBe(1);
    // The chain's final error stops (tryNextLink false, as in the SDK) but is "no credentials", not "broken".
    expect(reportError(capture(), noCredentials([]), false)).toBe(1);
  });

  it('under --json also prints one JSON document on stdout: the problem without the usage hint', () => {
    const { io, stdout } = captureIO();
    expect(reportError(io, new UsageError('bad flag', 'explain'), false, true)).toBe(2);
    expect(JSON.parse(stdout())).toEqual({ ok: false, exitCode: 2, error: 'bad flag' });
  });

  it("under --json a control character in the message is JSON's \\u escape (as README says), never raw nor the terminal's \\x1b", () => {
    const { io, stdout, stderr } = captureIO();
    expect(reportError(io, new CliError('the server said "a\u001b[2Jb"', 4), false, true)).toBe(4);
    expect(stdout()).toContain('"error": "the server said \\"a\\u001b[2Jb\\""');
    expect(JSON.parse(stdout()).error).toBe('the server said "a\u001b[2Jb"');
    expect(stdout()).not.toContain('\u001b[');
    // The terminal's paragraph: escaped its way.
    expect(stderr()).toBe('credchain: the server said "a\\x1b[2Jb"\n');
  });

  it('a bug: one paragraph without the stack, unless --debug', () => {
    const quiet = capture();
    reportError(quiet, new TypeError('boom'), false);
    expect(quiet.text()).toBe('credchain: internal error: boom. Re-run with --debug to see where, and please report it.\n');
    const loud = capture();
    reportError(loud, new TypeError('boom'), true);
    expect(loud.text()).toMatch(/^credchain: internal error: boom\.\n\nTypeError: boom\n\s+at /);
  });
});
