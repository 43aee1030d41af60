// `credchain demo` (main, in process): every scenario ends as expected, the output explains each one,
// nothing secret is printed, the real HOME and AWS_* variables are ignored, and the temp dir is gone.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenarios } from '../../src/cli/demo-scenarios.js';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';
import { withRunValuesFixed } from '../support/sample-text.js';

/** Fixed made-up secrets, so the test can search the output for each of them. */
const scenario = {
  users: { developer: { accessKeyId: 'AKIADEMOTESTKEYABCDE', secretAccessKey: 'demoSecretSENTINEL/abcdefghijklmnopqrstu' } },
  container: { authorizationToken: 'containerTokenSENTINEL-123456' },
  webIdentity: { tokens: ['eyJwebIdentitySENTINEL.payload.signature'] },
  sso: { accessTokens: ['ssoAccessSENTINEL-abcdef'], refreshTokens: ['ssoRefreshSENTINEL-abcdef'], clientId: 'ssoClientIdSENTINEL', clientSecret: 'ssoClientSecretSENTINEL' },
};
const SECRETS = [
  scenario.users.developer.secretAccessKey,
  scenario.container.authorizationToken,
  scenario.webIdentity.tokens[0]!,
  scenario.sso.accessTokens[0]!,
  scenario.sso.refreshTokens[0]!,
  scenario.sso.clientSecret,
  'realHomeSecretSENTINEL',
  'realEnvSecretSENTINEL',
];

let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
/** A "real" machine the demo must ignore: a HOME with a default profile and AWS_* credentials in the environment. */
let machineEnv: Record<string, string>;
beforeAll(async () => {
  sandbox = await sandboxHome({
    'scenario.json': JSON.stringify(scenario),
    '.aws/credentials': '[default]\naws_access_key_id = AKIAREALHOMEKEY00001\naws_secret_access_key = realHomeSecretSENTINEL\n',
  });
  machineEnv = { HOME: sandbox.home, AWS_ACCESS_KEY_ID: 'AKIAREALENVKEY000001', AWS_SECRET_ACCESS_KEY: 'realEnvSecretSENTINEL', AWS_PROFILE: 'default', AWS_EC2_METADATA_DISABLED: 'false' };
});
afterAll(() => sandbox.cleanup());

describe('credchain demo', () => {
  it('--json: every scenario ends as expected, against the emulator only', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--json', '--scenario', `${sandbox.home}/scenario.json`], machineEnv);
    const report = JSON.parse(stdout);
    const statuses = Object.fromEntries(report.scenarios.map((s: { id: string; status: string; problem: string | null }) => [s.id, s.problem ?? s.status]));
    expect(statuses).toEqual(Object.fromEntries(demoScenarios.map((s) => [s.id, 'ok'])));
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    const byId = Object.fromEntries(report.scenarios.map((s: { id: string }) => [s.id, s]));
    expect(byId.env.identity).toEqual({ arn: 'arn:aws:iam::123456789012:user/developer', issuedBy: 'static' });
    expect(byId['assume-role-chain'].requests).toEqual({ 'sts:AssumeRole': 2 });
    expect(byId['assume-role-chain'].identity.arn).toBe('arn:aws:sts::123456789012:assumed-role/admin/credchain-demo');
    expect(byId.sso.requests['sso:GetRoleCredentials']).toBe(1);
    expect(byId.imds.requests['imds:credentials']).toBe(1);
    expect(byId['broken-stops'].requests).toEqual({ imds: 0 });
    expect(byId.login.requests).toEqual({ 'signin:CreateOAuth2Token': 1 });
    expect(byId.login.after).toEqual([
      expect.stringMatching(/^rewritten ~\/\.aws\/login\/cache\/[0-9a-f]{64}\.json \(mode 600\): accessToken \{accessKeyId, secretAccessKey, sessionToken, accountId, expiresAt\}, tokenType, clientId, refreshToken, idToken, dpopKey$/),
    ]);
    expect(JSON.stringify(byId.login.explanation.trace)).toMatch(/refreshed: new keys expire at/);
    // The DPoP key (a SEC1 P-256 PEM body starts with MHcCAQEE) is never shown, nor the refresh token.
    expect(stdout).not.toContain('MHcCAQEE');
    expect(byId.nothing.explanation.trace.every((entry: { outcome: string }) => entry.outcome !== 'hit')).toBe(true);
    // The machine's own credentials were never used.
    expect(stdout).not.toContain('REALHOMEKEY');
    expect(stdout).not.toContain('REALENVKEY');
    expectNoSecrets([stdout, stderr], SECRETS);
  });

  it('plain output: each scenario with its setup, trace and verdict; summary; temp HOME removed; no colour, no secret', async () => {
    const { code, stdout, stderr } = await runCli(['demo', '--scenario', `${sandbox.home}/scenario.json`], machineEnv);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    for (const [i, s] of demoScenarios.entries()) expect(stdout).toContain(`━━ ${i + 1}/${demoScenarios.length}  ${s.title}`);
    expect(stdout.match(/→ as expected/g)).toHaveLength(demoScenarios.length);
    expect(stdout).toMatch(/aws_access_key_id = AKIA…BCDE\n +aws_secret_access_key = \[redacted\]/);
    expect(stdout).toMatch(/^ {3}SOURCE +OUTCOME +TIME +REASON$/m);
    expect(stdout).toMatch(/All \d+ scenarios ended as expected\./);
    expect(stdout).toMatch(/"dpopKey": "-----BEGIN EC PRIVATE KEY-----\\n\[redacted\]/);
    expect(stdout).toMatch(/rewritten ~\/\.aws\/login\/cache\/[0-9a-f]{64}\.json \(mode 600\)/);
    expect(stdout).not.toContain('MHcCAQEE');
    const root = /the temporary HOME \(([^)]+)\) was removed/.exec(stdout)?.[1];
    expect(root).toMatch(/credchain-demo-/);
    expect(existsSync(root!)).toBe(false);
    expectNoSecrets([stdout, stderr], SECRETS);
  });

  it("docs/cli.md's excerpt is real output: its header, scenarios and summary are parts of a run (ports, times, keys, dates and session names aside)", async () => {
    const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('\n## `credchain demo`\n'));
    const excerpt = /```text\n([\s\S]*?)```/.exec(section)![1]!;
    const { code, stdout } = await runCli(['demo']);
    expect(code).toBe(0);
    const parts = excerpt.split(/\n(?=━━ |Summary\n)/);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(withRunValuesFixed(stdout), part.split('\n')[0]).toContain(withRunValuesFixed(part).trimEnd());
  });

  it('a bad scenario file: exit 5 naming the file', async () => {
    const bad = await sandboxHome({ 'bad.json': '{"accountId": "12"}' });
    try {
      const { code, stderr } = await runCli(['demo', '--scenario', `${bad.home}/bad.json`]);
      expect(code).toBe(5);
      expect(stderr).toMatch(/bad\.json.*accountId must be 12 digits/);
    } finally {
      await bad.cleanup();
    }
  });
});
