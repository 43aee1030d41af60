// `credchain export` as a subprocess: the three formats, secrets on stdout only, failures with an
// empty stdout, and the credential_process round trip (including the self-reference guard).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CLI, expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator();
  const node = process.execPath;
  sandbox = await sandboxHome({
    '.aws/credentials': emulator.credentialsProfile('dev'),
    '.aws/config':
      `[profile via-credchain]\ncredential_process = "${node}" "${CLI}" export --format process --profile dev\n\n` +
      `[profile loop]\ncredential_process = "${node}" "${CLI}" export --format process --profile loop\n`,
  });
});
afterAll(async () => {
  await emulator.close();
  await sandbox.cleanup();
});

describe('credchain export', () => {
  it('--format env (default): shell export lines, stderr silent', async () => {
    const user = emulator.scenario.users.developer!;
    const { code, stdout, stderr } = await runCli(['export', '--profile', 'dev'], { HOME: sandbox.home });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toEqual([
      `export AWS_ACCESS_KEY_ID='${user.accessKeyId}'`,
      `export AWS_SECRET_ACCESS_KEY='${user.secretAccessKey}'`,
      'unset AWS_SESSION_TOKEN',
      'unset AWS_CREDENTIAL_EXPIRATION',
      '',
    ]);
  });

  it('--format process: the credential_process JSON (Version 1) of a session, with token and expiration', async () => {
    const { code, stdout, stderr } = await runCli(['export', '--format', 'process'], { HOME: sandbox.home, ...emulator.env({ imds: false }) });
    expect(code).toBe(0);
    const reply = JSON.parse(stdout);
    expect(Object.keys(reply)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId']);
    expect(reply.Version).toBe(1);
    const issued = emulator.issued(reply.AccessKeyId);
    expect(issued?.issuedBy).toBe('container');
    expect(reply.SecretAccessKey).toBe(issued!.secretAccessKey);
    expect(reply.SessionToken).toBe(issued!.sessionToken);
    expect(Date.parse(reply.Expiration)).toBe(issued!.expiration!.getTime());
    expectNoSecrets([stderr], emulator.secrets());
  });

  it('--format json and --json: camelCase with the source', async () => {
    for (const args of [['--format', 'json'], ['--json']]) {
      const { code, stdout } = await runCli(['export', ...args, '--profile', 'dev'], { HOME: sandbox.home });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({
        accessKeyId: emulator.scenario.users.developer!.accessKeyId,
        secretAccessKey: emulator.scenario.users.developer!.secretAccessKey,
        sessionToken: null,
        expiration: null,
        accountId: null,
        source: 'profile',
      });
    }
  });

  it('a bad --format is a usage error; no credentials → exit 1 with nothing on stdout', async () => {
    const bad = await runCli(['export', '--format', 'yaml'], { HOME: sandbox.home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of env, json, process \(got "yaml"\)/);
    const empty = await sandboxHome();
    try {
      const none = await runCli(['export'], { HOME: empty.home });
      expect(none.code).toBe(1);
      expect(none.stdout).toBe('');
      expect(none.stderr).toMatch(/^credchain: No AWS credentials found\. Every source was tried, in order:\n {2}env +miss: /);
    } finally {
      await empty.cleanup();
    }
  });

  it('works as a credential_process: another profile resolves through `credchain export --format process`', async () => {
    const { code, stdout, stderr } = await runCli(['explain', '--profile', 'via-credchain', '--json'], { HOME: sandbox.home });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, source: 'profile' });
    expect(code).toBe(0);
    expectNoSecrets([stdout, stderr], [emulator.scenario.users.developer!.secretAccessKey]);
  });

  it('a credential_process that calls credchain on its own profile fails fast (exit 3) instead of looping', async () => {
    const { code, stdout, stderr } = await runCli(['export', '--profile', 'loop'], { HOME: sandbox.home });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/credential_process calls credchain on itself/);
  });
});
