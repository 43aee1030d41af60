// `credchain profiles` (main, in process): names one per line (as `aws configure list-profiles`), and
// --json with each profile's kind and the file and line that define it. Reads files only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';

const SECRET = 'profilesSecretSENTINEL0000000000000000000';
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  sandbox = await sandboxHome({
    '.aws/config': [
      '[default]',
      'region = eu-west-1',
      '',
      '[profile app]',
      'role_arn = arn:aws:iam::123456789012:role/app',
      'source_profile = dev',
      '',
      '[profile portal]',
      'sso_session = corp',
      'sso_account_id = 123456789012',
      'sso_role_name = ReadOnly',
      '',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      '',
      '[profile pod]',
      'role_arn = arn:aws:iam::123456789012:role/pod',
      'web_identity_token_file = /var/run/token',
      '',
      '[profile tool]',
      'credential_process = /usr/local/bin/get-creds',
      '',
      '[profile console]',
      'login_session = arn:aws:iam::123456789012:user/me',
      '',
      '[profile half]',
      'aws_access_key_id = AKIAHALFHALFHALFHALF',
      '',
    ].join('\n'),
    '.aws/credentials': `[dev]\naws_access_key_id = AKIAPROFILESPROFILES\naws_secret_access_key = ${SECRET}\n`,
  });
});
afterAll(() => sandbox.cleanup());

describe('credchain profiles', () => {
  it('prints one profile name per line, config file first, and no secret', async () => {
    const { code, stdout, stderr } = await runCli(['profiles'], { HOME: sandbox.home });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe('default\napp\nportal\npod\ntool\nconsole\nhalf\ndev\n');
  });

  it('--json: each profile with its kind and where it is defined (file and line)', async () => {
    const { code, stdout, stderr } = await runCli(['profiles', '--json'], { HOME: sandbox.home });
    expect(code).toBe(0);
    const config = `${sandbox.home}/.aws/config`;
    const credentials = `${sandbox.home}/.aws/credentials`;
    const at = (file: string, line: number) => [{ file, line }];
    expect(JSON.parse(stdout)).toEqual({
      profiles: [
        { name: 'default', kind: 'no credentials', definedIn: at(config, 1), problem: null },
        { name: 'app', kind: 'role', definedIn: at(config, 4), problem: null },
        { name: 'portal', kind: 'sso', definedIn: at(config, 8), problem: null },
        { name: 'pod', kind: 'web identity', definedIn: at(config, 17), problem: null },
        { name: 'tool', kind: 'process', definedIn: at(config, 21), problem: null },
        { name: 'console', kind: 'login', definedIn: at(config, 24), problem: null },
        { name: 'half', kind: 'invalid', definedIn: at(config, 27), problem: 'profile "half" has aws_access_key_id but no aws_secret_access_key' },
        { name: 'dev', kind: 'static', definedIn: at(credentials, 1), problem: null },
      ],
    });
    expectNoSecrets([stdout, stderr], [SECRET]);
  });

  it('a profile in both files lists both places; no files at all is an empty list', async () => {
    const both = await sandboxHome({ '.aws/config': '\n[profile dev]\nregion = us-west-2\n', '.aws/credentials': '[dev]\naws_access_key_id = AKIABOTHBOTHBOTHBOTH\naws_secret_access_key = x\n' });
    const empty = await sandboxHome();
    try {
      const run = await runCli(['profiles', '--json'], { HOME: both.home });
      expect(JSON.parse(run.stdout).profiles).toEqual([
        { name: 'dev', kind: 'static', definedIn: [{ file: `${both.home}/.aws/config`, line: 2 }, { file: `${both.home}/.aws/credentials`, line: 1 }], problem: null },
      ]);
      const none = await runCli(['profiles', '--json'], { HOME: empty.home });
      expect(none.code).toBe(0);
      expect(JSON.parse(none.stdout)).toEqual({ profiles: [] });
      expect((await runCli(['profiles'], { HOME: empty.home })).stdout).toBe('');
    } finally {
      await both.cleanup();
      await empty.cleanup();
    }
  });

  it('an unusable file: exit 3, and under --json one JSON document', async () => {
    const bad = await sandboxHome({ '.aws/config': '[profile __proto__]\nregion = x\n' });
    try {
      const run = await runCli(['profiles', '--json'], { HOME: bad.home });
      expect(run.code).toBe(3);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, exitCode: 3, error: expect.stringMatching(/__proto__ is not allowed/) });
    } finally {
      await bad.cleanup();
    }
  });
});
