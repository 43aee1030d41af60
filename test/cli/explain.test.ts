// `credchain explain` run in process (main) against the loopback emulator: the trace table and --json,
// exit codes 0/1/3, --profile and --region, and no secret in any output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { defaultOrder } from '../../src/providers/order.js';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator();
  sandbox = await sandboxHome({
    '.aws/credentials': emulator.credentialsProfile('dev'),
    '.aws/config': `[profile ops]\nrole_arn = ${emulator.scenario.roles['app-role']!.arn}\nsource_profile = dev\n`,
  });
});
afterAll(async () => {
  await emulator.close();
  await sandbox.cleanup();
});

const sandboxEnv = () => ({ HOME: sandbox.home, AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1' });
const parse = (stdout: string) => JSON.parse(stdout) as { ok: boolean; source: string | null; accessKeyId: string | null; trace: Array<{ source: string; outcome: string; reason: string; notes: string[]; ms: number }>; error: string | null };

describe('credchain explain', () => {
  it('a far expiration reads in days or years, not thousands of hours', async () => {
    const far = new Date(Date.now() + 3 * 365.25 * 86400_000 + 3600_000).toISOString();
    const soon = new Date(Date.now() + 10 * 86400_000 + 3600_000).toISOString();
    const env = { HOME: '/nonexistent', AWS_ACCESS_KEY_ID: 'AKIAEXPLAINEXPLAINEX', AWS_SECRET_ACCESS_KEY: 'explainSecretSENTINEL000000000000', AWS_SESSION_TOKEN: 'token-token-token' };
    const years = await runCli(['explain'], { ...env, AWS_CREDENTIAL_EXPIRATION: far });
    expect(years.code).toBe(0);
    expect(years.stdout).toMatch(/expires \S+ \(in 3\.0 years\)/);
    const days = await runCli(['explain'], { ...env, AWS_CREDENTIAL_EXPIRATION: soon });
    expect(days.stdout).toMatch(/expires \S+ \(in 10 days\)/);
  });

  it('on an empty sandbox lists every source, in order, with its reason, and exits 1', async () => {
    const empty = await sandboxHome();
    try {
      const json = await runCli(['explain', '--json'], { HOME: empty.home });
      expect(json.code).toBe(1);
      const explanation = parse(json.stdout);
      expect(explanation.ok).toBe(false);
      expect(explanation.trace.map((entry) => entry.source)).toEqual(defaultOrder.map((source) => source.name));
      for (const entry of explanation.trace) {
        expect(['miss', 'skipped']).toContain(entry.outcome);
        expect(entry.reason.length).toBeGreaterThan(10);
      }
      expect(explanation.trace.at(-1)).toMatchObject({ source: 'imds', outcome: 'skipped', reason: expect.stringMatching(/AWS_EC2_METADATA_DISABLED/) });
      expect(explanation.error).toMatch(/Could not load credentials from any providers/);
      // This is the table the library's message points to: explain does not send the user to itself.
      expect(explanation.error).not.toMatch(/credchain explain/);
      expect(explanation.error).toMatch(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\)\.$/);
      // No library option names a CLI user cannot set.
      expect(explanation.trace.find((entry) => entry.source === 'sso')!.reason).toBe('only for SSO options in code (an SSO profile resolves under profile)');
      expect(json.stdout).not.toMatch(/ssoStartUrl|ssoSession/);

      const plain = await runCli(['explain'], { HOME: empty.home });
      expect(plain.code).toBe(1);
      for (const source of defaultOrder) expect(plain.stdout).toMatch(new RegExp(`^  ${source.name} +(miss|skipped) `, 'm'));
      expect(plain.stdout).toMatch(/no credentials: no source is configured/);
    } finally {
      await empty.cleanup();
    }
  });

  it('env credentials: exit 0, masked key, the winner and the skipped rest', async () => {
    const env = emulator.env({ container: false, imds: false, keys: true });
    const { code, stdout, stderr } = await runCli(['explain'], { HOME: sandbox.home, ...env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^credchain explain — profile "default" \(no AWS_PROFILE\)/);
    expect(stdout).toMatch(/^  env +hit +\d+ ms +key AKIA…\w{4}, from env$/m);
    expect(stdout).toMatch(/^  profile +skipped +- +not consulted: env answered first/m);
    expect(stdout).toMatch(/✓ credentials from env: key AKIA…\w{4}, no expiration/);
    expectNoSecrets([stdout, stderr], [...emulator.secrets(), env.AWS_ACCESS_KEY_ID!]);
  });

  it('--profile with an assume-role hop at the emulator: notes under the hit, --json structure', async () => {
    const { code, stdout, stderr } = await runCli(['explain', '--profile', 'ops', '--json'], sandboxEnv());
    expect(code).toBe(0);
    const explanation = parse(stdout);
    expect(explanation).toMatchObject({ ok: true, source: 'profile', accessKeyId: expect.stringMatching(/^ASIA…\w{4}$/), accountId: '123456789012' });
    const hit = explanation.trace.find((entry) => entry.outcome === 'hit')!;
    expect(hit.source).toBe('profile');
    expect(hit.notes.join('\n')).toMatch(/app-role/);
    expect(typeof hit.ms).toBe('number');
    expect(explanation.trace[0]).toMatchObject({ source: 'env', outcome: 'skipped' });
    expect(emulator.count('sts:AssumeRole')).toBeGreaterThanOrEqual(1);
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });

  it('--region is passed to the chain (STS signs for it)', async () => {
    const { code, stdout } = await runCli(['explain', '--profile', 'ops', '--region', 'eu-west-3', '--json'], { ...sandboxEnv(), AWS_REGION: '' });
    expect(code).toBe(0);
    expect(parse(stdout).ok).toBe(true);
  });

  it('a configured but broken source: exit 3, the error row and the paragraph', async () => {
    const env = { HOME: sandbox.home, AWS_WEB_IDENTITY_TOKEN_FILE: `${sandbox.home}/no-such-token`, AWS_ROLE_ARN: emulator.scenario.roles['web-identity-role']!.arn };
    const plain = await runCli(['explain'], env);
    expect(plain.code).toBe(3);
    expect(plain.stdout).toMatch(/^  web-identity +error +\d+ ms +web-identity: .*no-such-token/m);
    expect(plain.stdout).toMatch(/the chain stopped at web-identity/);
    const json = parse((await runCli(['explain', '--json'], env)).stdout);
    expect(json.ok).toBe(false);
    expect(json.trace.find((entry) => entry.outcome === 'error')?.source).toBe('web-identity');
    expect(json.trace.filter((entry) => entry.source === 'imds')[0]?.reason).toMatch(/not consulted: the chain stopped at web-identity/);
  });

  it('container credentials from the emulator', async () => {
    const before = emulator.count('container');
    const { code, stdout, stderr } = await runCli(['explain', '--json'], { HOME: sandbox.home, ...emulator.env({ imds: false }) });
    expect(parse(stdout)).toMatchObject({ ok: true, source: 'container' });
    expect(code).toBe(0);
    expect(emulator.count('container')).toBe(before + 1);
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });

  it('IMDS credentials from the emulator (IMDSv2)', async () => {
    const before = emulator.count('imds:token');
    const { code, stdout, stderr } = await runCli(['explain'], { HOME: sandbox.home, ...emulator.env({ container: false }) });
    expect(stdout).toMatch(/^  imds +hit /m);
    expect(code).toBe(0);
    expect(emulator.count('imds:token')).toBe(before + 1);
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });
});

describe('credchain explain: an aws login profile', () => {
  it('shows the cache file with ~, the expiry, and whether a refresh happened', async () => {
    const { createHash } = await import('node:crypto');
    const session = emulator.scenario.login.sessionArn;
    const cacheName = `${createHash('sha256').update(session).digest('hex')}.json`;
    const write = (expiresAt: number) => sandboxHome({
      '.aws/config': `[profile me]\nlogin_session = ${session}\n`,
      [`.aws/login/cache/${cacheName}`]: JSON.stringify(emulator.loginCache({ expiresAt })),
    });
    const fresh = await write(Date.now() + 3600_000);
    const expired = await write(Date.now() - 60_000);
    try {
      const env = (home: string) => ({ HOME: home, AWS_PROFILE: 'me', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SIGNIN: emulator.url });
      const cached = await runCli(['explain'], env(fresh.home));
      expect(cached.code, cached.stderr).toBe(0);
      expect(cached.stdout).toContain(`· login_session ${session}: cache ~/.aws/login/cache/${cacheName}, keys expire at `);
      expect(cached.stdout).toContain('· not refreshed: more than 5 minutes left');
      const refreshed = await runCli(['explain', '--json'], env(expired.home));
      expect(refreshed.code, refreshed.stderr).toBe(0);
      const notes = parse(refreshed.stdout).trace.find((entry) => entry.source === 'profile')!.notes.join('\n');
      expect(notes).toMatch(new RegExp(`refreshed: new keys expire at \\S+; ~/\\.aws/login/cache/${cacheName} rewritten \\(mode 0600\\)`));
      expectNoSecrets([cached.stdout, cached.stderr, refreshed.stdout, refreshed.stderr], emulator.secrets());
    } finally {
      await fresh.cleanup();
      await expired.cleanup();
    }
  });
});
