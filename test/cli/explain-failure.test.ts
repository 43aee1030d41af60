// Issue 27, item 4: `explain --json` that finds no credentials (or stops at a broken source) fails as
// every --json command does (docs/cli.md, "Common options and output"): the document carries `exitCode`, and the paragraph is on
// stderr. In process.
import { describe, expect, it } from 'vitest';
import { captureIO } from '../support/capture-io.js';
import { runMain } from '../support/run-cli.js';

describe('explain --json failures', () => {
  it('no credentials: ok false, exitCode 1 in the document, the failure on stderr', async () => {
    const cli = captureIO({});
    expect(await runMain(['explain', '--json'], cli.io)).toBe(1);
    const doc = JSON.parse(cli.stdout());
    expect(doc).toMatchObject({ ok: false, exitCode: 1, source: null, error: expect.stringMatching(/^(No AWS credentials found|Could not load credentials from any providers)/) });
    expect(doc.trace.map((entry: { source: string }) => entry.source)).toEqual(['env', 'sso', 'profile', 'process', 'web-identity', 'container', 'imds']);
    expect(cli.stderr()).toBe(`credchain: ${doc.error}\n`);
  });

  it('a broken source: exitCode 3, the same paragraph on stderr; success has no exitCode and nothing on stderr', async () => {
    const broken = captureIO({ AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/r' });
    expect(await runMain(['explain', '--json'], broken.io)).toBe(3);
    const doc = JSON.parse(broken.stdout());
    expect(doc).toMatchObject({ ok: false, exitCode: 3 });
    expect(broken.stderr()).toMatch(/^credchain: .*web identity token file \/nonexistent\/token \(AWS_WEB_IDENTITY_TOKEN_FILE\) does not exist/);
    expect(broken.stderr()).toBe(`credchain: ${doc.error}\n`);

    const ok = captureIO({ AWS_ACCESS_KEY_ID: 'AKIAEXPLAINJSONOK123', AWS_SECRET_ACCESS_KEY: 'explainJsonSecretSENTINEL0000000000' });
    expect(await runMain(['explain', '--json'], ok.io)).toBe(0);
    expect(JSON.parse(ok.stdout())).not.toHaveProperty('exitCode');
    expect(ok.stderr()).toBe('');
  });
});
