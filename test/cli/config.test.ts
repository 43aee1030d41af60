// `credchain config` (main, in process): like `aws configure list` — profile, access key (masked), secret
// (never shown), region and the STS endpoint, each with where it came from (flag, variable, file and
// line, default), as a table and as --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
let configFile: string;
let credentialsFile: string;
beforeAll(async () => {
  emulator = await startEmulator();
  sandbox = await sandboxHome({
    '.aws/config': [
      '[profile dev]',
      'region = eu-west-1',
      '',
      '[profile app]',
      `role_arn = ${emulator.scenario.roles['app-role']!.arn}`,
      'source_profile = dev',
      'sts_regional_endpoints = legacy',
      '',
    ].join('\n'),
    '.aws/credentials': `# keys\n${emulator.credentialsProfile('dev')}`,
  });
  configFile = `${sandbox.home}/.aws/config`;
  credentialsFile = `${sandbox.home}/.aws/credentials`;
});
afterAll(async () => {
  await emulator.close();
  await sandbox.cleanup();
});

const settings = async (args: string[], env: Record<string, string>) => {
  const run = await runCli(['config', ...args, '--json'], { HOME: sandbox.home, ...env });
  expect(run.code).toBe(0);
  const doc = JSON.parse(run.stdout) as { ok: boolean; settings: Array<{ name: string; value: string | null; source: string; file?: string; line?: number }> };
  expect(doc.ok).toBe(true);
  return Object.fromEntries(doc.settings.map(({ name, ...rest }) => [name, rest]));
};

describe('credchain config', () => {
  it('a static profile: each value with the file and line it came from; the secret never shown, not even in part', async () => {
    const user = emulator.scenario.users.developer!;
    const { code, stdout, stderr } = await runCli(['config', '--profile', 'dev'], { HOME: sandbox.home });
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^ {2}NAME +VALUE +SOURCE$/),
      expect.stringMatching(new RegExp(`^  profile +dev +--profile: ${configFile} line 1$`)),
      expect.stringMatching(new RegExp(`^  access_key +AKIA…${user.accessKeyId.slice(-4)} +credentials file: ${credentialsFile} line 3$`)),
      expect.stringMatching(new RegExp(`^  secret_key +\\*{16} +credentials file: ${credentialsFile} line 4$`)),
      expect.stringMatching(new RegExp(`^  region +eu-west-1 +config file: ${configFile} line 2$`)),
      expect.stringMatching(new RegExp(`^  sts_endpoint +https://sts\\.eu-west-1\\.amazonaws\\.com +region eu-west-1 \\(aws\\); region from ${configFile} line 2$`)),
      '',
    ]);
    expect(stdout).not.toContain(user.secretAccessKey.slice(-4));
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });

  it('--json: the same settings; AWS_PROFILE, AWS_REGION and AWS_ENDPOINT_URL_STS named as sources', async () => {
    const got = await settings([], { AWS_PROFILE: 'dev', AWS_REGION: 'ap-south-1', AWS_ENDPOINT_URL_STS: emulator.url });
    expect(got).toEqual({
      profile: { value: 'dev', source: 'env AWS_PROFILE', file: configFile, line: 1 },
      access_key: { value: expect.stringMatching(/^AKIA…\w{4}$/), source: 'credentials file', file: credentialsFile, line: 3 },
      secret_key: { value: '****************', source: 'credentials file', file: credentialsFile, line: 4 },
      region: { value: 'ap-south-1', source: 'env AWS_REGION' },
      sts_endpoint: { value: emulator.url, source: 'AWS_ENDPOINT_URL_STS; region from env AWS_REGION' },
    });
  });

  it('a role profile with --assume-role: temporary keys from its role_arn line; --region wins; legacy STS endpoints say why (no request leaves 127.0.0.1)', async () => {
    const got = await settings(['--profile', 'app', '--region', 'us-east-1', '--assume-role'], { AWS_ENDPOINT_URL_STS: emulator.url });
    expect(got.access_key).toEqual({
      value: expect.stringMatching(/^ASIA…\w{4}$/),
      source: `temporary, from the assumed role ${emulator.scenario.roles['app-role']!.arn} (role_arn of profile "app")`,
      file: configFile,
      line: 5,
    });
    expect(got.region).toEqual({ value: 'us-east-1', source: '--region' });
    const overAwsProfile = await settings(['--profile', 'app', '--region', 'us-east-1', '--assume-role'], { AWS_ENDPOINT_URL_STS: emulator.url, AWS_PROFILE: 'ignored' });
    expect(overAwsProfile.profile).toEqual({ value: 'app', source: '--profile', file: configFile, line: 4 });
    // Static keys (no STS call to resolve them): the endpoint alone goes global under legacy.
    const legacy = await settings(['--profile', 'dev', '--region', 'eu-west-2'], { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' });
    expect(legacy.sts_endpoint).toEqual({ value: 'https://sts.amazonaws.com', source: 'global endpoint (legacy STS endpoints (AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints), region eu-west-2); region from --region' });
  });

  it('a role profile without --assume-role (as aws configure list): no STS call; the rows name the role and what assuming it needs', async () => {
    emulator.reset();
    const got = await settings(['--profile', 'app'], { AWS_ENDPOINT_URL_STS: emulator.url });
    expect(got.access_key).toEqual({
      value: null,
      source: `not assumed (add --assume-role): ${emulator.scenario.roles['app-role']!.arn}, the role_arn of profile "app", needs the keys of profile "dev"`,
    });
    expect(got.secret_key).toEqual({ value: null, source: 'not assumed (add --assume-role)' });
    expect(emulator.count()).toBe(0);
  });

  it('env credentials, and no credentials at all: <not set> with the reason, the default region, exit 0', async () => {
    const secret = 'configEnvSecretSENTINEL00000000000000000';
    const env = await settings([], { AWS_ACCESS_KEY_ID: 'AKIACONFIGCONFIGCONF', AWS_SECRET_ACCESS_KEY: secret });
    expect(env.access_key).toEqual({ value: 'AKIA…CONF', source: 'env AWS_ACCESS_KEY_ID' });
    expect(env.secret_key).toEqual({ value: '****************', source: 'env AWS_SECRET_ACCESS_KEY' });
    const empty = await sandboxHome();
    try {
      const run = await runCli(['config'], { HOME: empty.home });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ {2}profile +default +default \(no --profile, no AWS_PROFILE\); not defined in \S+ or \S+$/m);
      expect(run.stdout).toMatch(/^ {2}access_key +<not set> +no source has credentials \(run credchain explain\)$/m);
      expect(run.stdout).toMatch(/^ {2}region +us-east-1 +default \(no --region, AWS_REGION or profile region; as the AWS SDK\)$/m);
      expect(run.stdout).toMatch(/^ {2}sts_endpoint +https:\/\/sts\.us-east-1\.amazonaws\.com +region us-east-1 \(aws\); region from the default$/m);
    } finally {
      await empty.cleanup();
    }
  });
});
