// The one MFA prompt (src/cli/mfa-prompt.ts) on its own: --mfa-code is used once; a second code (serve
// refreshing a session) is asked on the terminal, if there is one; exec's disable() stops all asking.
import { describe, expect, it } from 'vitest';
import { mfaPrompt } from '../../src/cli/mfa-prompt.js';
import { captureIO } from '../support/capture-io.js';

const SERIAL = 'arn:aws:iam::123456789012:mfa/me';

describe('mfaPrompt', () => {
  it('--mfa-code answers the first question; the next is asked on the terminal', async () => {
    const cli = captureIO({}, { terminal: true });
    const prompt = mfaPrompt(cli.io, { code: '111111', json: false });
    await expect(prompt.provider(SERIAL)).resolves.toBe('111111');
    expect(cli.stderr()).toBe('');
    cli.type(' 222222 ');
    await expect(prompt.provider(SERIAL)).resolves.toBe('222222');
    expect(cli.stderr()).toBe(`MFA code for ${SERIAL}: `);
  });

  it('off a terminal, a second code cannot be asked for: the error says the given one was used', async () => {
    const prompt = mfaPrompt(captureIO().io, { code: '111111', json: false });
    await prompt.provider(SERIAL);
    await expect(prompt.provider(SERIAL)).rejects.toThrow('there is no terminal to ask for it on: the code given with --mfa-code has been used, and a code works only once: start the command again with a new one');
  });

  it('after disable() (exec: the command owns the terminal) nothing is asked', async () => {
    const cli = captureIO({}, { terminal: true });
    const prompt = mfaPrompt(cli.io, { json: false });
    prompt.disable();
    await expect(prompt.provider(SERIAL)).rejects.toThrow(/nothing can be asked while the command runs/);
    expect(cli.stderr()).toBe('');
  });
});
