// `credchain whoami` (main, in process): a signed GetCallerIdentity at the emulator, the Atlas database
// user ARN (with the role path when the config names it), the AWS CLI's {UserId, Account, Arn} JSON,
// --endpoint-url and --timeout, and STS failures as exit 4 (one JSON document under --json).
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atlasUser } from '../../src/mongodb/atlas-user.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { inProcessEmulator } from '../../src/emulator/in-process.js';
import { expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';
import { VirtualClock } from '../support/virtual-clock.js';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator();
  sandbox = await sandboxHome({
    '.aws/credentials': emulator.credentialsProfile('dev'),
    '.aws/config': `[profile app]\nrole_arn = ${emulator.scenario.roles['app-role']!.arn}\nsource_profile = dev\nrole_session_name = whoami-test\n`,
    'token': emulator.scenario.webIdentity.tokens[0]!,
  });
});
afterAll(async () => {
  await emulator.close();
  await sandbox.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ HOME: sandbox.home, AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1', ...extra });

describe('credchain whoami', () => {
  it('an IAM user: account, ARN, user id; the user ARN is the Atlas user', async () => {
    const before = emulator.count('sts:GetCallerIdentity');
    const { code, stdout, stderr } = await runCli(['whoami', '--profile', 'dev'], env());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^  Account +123456789012$/m);
    expect(stdout).toMatch(/^  ARN +arn:aws:iam::123456789012:user\/developer$/m);
    expect(stdout).toMatch(new RegExp(`^  User id +${emulator.scenario.users.developer!.userId}$`, 'm'));
    expect(stdout).toMatch(/^  Source +profile \(key AKIA…\w{4}\)$/m);
    expect(stdout).toMatch(/MongoDB Atlas database user \(AWS IAM, IAM User\):\n {2}arn:aws:iam::123456789012:user\/developer/);
    expect(emulator.count('sts:GetCallerIdentity')).toBe(before + 1);
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });

  it('a role session from a profile: the IAM role ARN with its path (from role_arn) and the path-less Atlas user, --json', async () => {
    const { code, stdout, stderr } = await runCli(['whoami', '--profile', 'app', '--json'], env());
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      UserId: expect.stringMatching(/^AROA\w+:whoami-test$/),
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/app-role/whoami-test',
      source: 'profile',
      accessKeyId: expect.stringMatching(/^ASIA…\w{4}$/),
      atlas: {
        databaseUser: 'arn:aws:iam::123456789012:role/app-role',
        kind: 'role',
        roleArn: 'arn:aws:iam::123456789012:role/service/app-role',
        pathKnown: true,
        note: 'Atlas matches the role without its IAM path: register arn:aws:iam::123456789012:role/app-role, not arn:aws:iam::123456789012:role/service/app-role.',
      },
    });
    expectNoSecrets([stdout, stderr], emulator.secrets());
  });

  it('web identity: the role path comes from AWS_ROLE_ARN', async () => {
    const roleArn = emulator.scenario.roles['web-identity-role']!.arn;
    const { code, stdout } = await runCli(['whoami', '--json'], env({ AWS_WEB_IDENTITY_TOKEN_FILE: `${sandbox.home}/token`, AWS_ROLE_ARN: roleArn, AWS_ROLE_SESSION_NAME: 'pod' }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).atlas).toMatchObject({ roleArn, pathKnown: true, databaseUser: 'arn:aws:iam::123456789012:role/web-identity-role' });
  });

  it('credentials STS does not know: exit 4, the STS code, no secret', async () => {
    const secret = 'whoamiSecretSENTINEL0000000000000000000000';
    const { code, stdout, stderr } = await runCli(['whoami'], env({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00', AWS_SECRET_ACCESS_KEY: secret }));
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^credchain: credentials from env \(key AKIA…WN00\) were found, but STS GetCallerIdentity .*InvalidClientTokenId/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expectNoSecrets([stdout, stderr], [secret]);
  });

  it('no credentials: exit 1 before any STS call; with --json one JSON document', async () => {
    const empty = await sandboxHome();
    try {
      const before = emulator.count('sts');
      const { code } = await runCli(['whoami'], { HOME: empty.home, AWS_ENDPOINT_URL_STS: emulator.url });
      expect(code).toBe(1);
      expect(emulator.count('sts')).toBe(before);
      const json = await runCli(['whoami', '--json'], { HOME: empty.home, AWS_ENDPOINT_URL_STS: emulator.url });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({ ok: false, exitCode: 1, error: expect.stringMatching(/^Could not load credentials from any providers\./) });
    } finally {
      await empty.cleanup();
    }
  });

  it('STS refusing under --json: exit 4 and one JSON document, no secret', async () => {
    const secret = 'whoamiJsonSecretSENTINEL000000000000000000';
    const { code, stdout, stderr } = await runCli(['whoami', '--json'], env({ AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNUNKNOWN00', AWS_SECRET_ACCESS_KEY: secret }));
    expect(code).toBe(4);
    expect(JSON.parse(stdout)).toEqual({ ok: false, exitCode: 4, error: expect.stringMatching(/InvalidClientTokenId/) });
    expectNoSecrets([stdout, stderr], [secret]);
  });

  it('a long-term AKIA key with a stale AWS_SESSION_TOKEN: blames the token, not the key', async () => {
    const user = emulator.scenario.users.developer!;
    const stale = 'IQoJstaleSessionTokenSENTINEL00000000000000';
    const { code, stderr } = await runCli(['whoami'], env({ AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey, AWS_SESSION_TOKEN: stale }));
    expect(code).toBe(4);
    expect(stderr).toMatch(/long-term key \(AKIA…\), which takes no session token, yet AWS_SESSION_TOKEN is set: it is most likely left over/);
    expect(stderr).not.toMatch(/deleted or deactivated/);
    expectNoSecrets([stderr], [stale, user.secretAccessKey]);
  });

  it('--endpoint-url sends GetCallerIdentity there (over the resolved endpoint); a bad URL is a usage error', async () => {
    const before = emulator.count('sts:GetCallerIdentity');
    const { code, stdout } = await runCli(['whoami', '--profile', 'dev', '--endpoint-url', emulator.url, '--json'], { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/developer' });
    expect(emulator.count('sts:GetCallerIdentity')).toBe(before + 1);
    const bad = await runCli(['whoami', '--endpoint-url', 'ftp://example'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^credchain: --endpoint-url must be an http\(s\) URL/);
  });

  it('--timeout: an STS endpoint that never answers fails with exit 4 after about that long', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as { port: number }).port;
      const started = Date.now();
      const { code, stderr } = await runCli(['whoami', '--profile', 'dev', '--timeout', '300', '--endpoint-url', `http://127.0.0.1:${port}`], { HOME: sandbox.home, AWS_REGION: 'us-east-1' });
      expect(code).toBe(4);
      expect(stderr).toMatch(/failed after 1 attempt over 0\.\d s; gave up: the next try, in [\d.]+ s, would come after the --timeout deadline \(300 ms\): no complete answer within \d+ ms/);
      expect(Date.now() - started).toBeLessThan(15_000);
      const bad = await runCli(['whoami', '--timeout', 'soon'], env());
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--timeout must be a positive number of milliseconds \(got "soon"\)/);
    } finally {
      silent.close();
    }
  });
});

describe('atlasUser', () => {
  it('strips the session and the path for the Atlas user, keeps a known path for the IAM role', () => {
    expect(atlasUser('arn:aws:sts::123456789012:assumed-role/r/s', [])).toMatchObject({
      databaseUser: 'arn:aws:iam::123456789012:role/r',
      roleArn: 'arn:aws:iam::123456789012:role/r',
      pathKnown: false,
      note: null,
    });
    expect(atlasUser('arn:aws:sts::123456789012:assumed-role/r/s', ['arn:aws:iam::123456789012:role/a/b/r', 'arn:aws:iam::999999999999:role/x/r'])).toMatchObject({
      databaseUser: 'arn:aws:iam::123456789012:role/r',
      roleArn: 'arn:aws:iam::123456789012:role/a/b/r',
      pathKnown: true,
      note: expect.stringMatching(/without its IAM path/),
    });
    expect(atlasUser('arn:aws-cn:sts::123456789012:assumed-role/AWSReservedSSO_Dev_ab12/me@x.com', []).databaseUser).toBe('arn:aws-cn:iam::123456789012:role/AWSReservedSSO_Dev_ab12');
    expect(atlasUser('arn:aws:iam::123456789012:user/dev/alice', [])).toMatchObject({ databaseUser: 'arn:aws:iam::123456789012:user/dev/alice', kind: 'user' });
    expect(atlasUser('arn:aws:iam::123456789012:root', [])).toMatchObject({ databaseUser: null, kind: 'other' });
  });

  describe('--timeout bounds the whole command: throttled STS waits included (virtual clock, in-process emulator)', () => {
    const THROTTLED = { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>' };

    /** whoami ARGS against an in-process emulator whose `route` always throttles; virtual time taken and calls made. */
    async function throttledRun(args: string[], route: string, extraEnv: (aws: ReturnType<typeof inProcessEmulator>) => Record<string, string> = () => ({})) {
      const clock = new VirtualClock();
      const aws = inProcessEmulator({ now: clock.now, sleep: clock.sleep });
      aws.fault(route, THROTTLED);
      const user = aws.scenario.users.developer!;
      const started = clock.now();
      const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey, AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1', AWS_REGION: 'us-east-1', ...extraEnv(aws) };
      const result = await clock.runUntilSettled(runCli(args, env, { machine: { request: aws.request, now: clock.now, sleep: clock.sleep } }));
      return { ...result, elapsedMs: clock.now() - started, calls: aws.count(route), identityCalls: aws.count('sts:GetCallerIdentity'), secret: user.secretAccessKey };
    }

    it('GetCallerIdentity throttled without end: exit 4 by the deadline, the throttles counted, not 2 minutes of waits', async () => {
      const { code, stderr, elapsedMs, calls } = await throttledRun(['whoami', '--timeout', '10000'], 'sts:GetCallerIdentity');
      expect(code).toBe(4);
      expect(elapsedMs).toBeLessThanOrEqual(10_000);
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(stderr).toMatch(
        new RegExp(`failed: throttled by STS ${calls} times? over [\\d.]+ s; gave up: the next try, in [\\d.]+ s, would come after the --timeout deadline \\(10000 ms\\); the last answer: Throttling: Rate exceeded`),
      );
    });

    it('the resolution too: a role whose AssumeRole is throttled ends by the deadline (exit 3, the chain stopped there)', async () => {
      const home = await sandboxHome();
      try {
        const config = (aws: ReturnType<typeof inProcessEmulator>) => {
          writeFileSync(`${home.home}/config`, `[profile app]\nrole_arn = ${aws.scenario.roles['app-role']!.arn}\ncredential_source = Environment\n`);
          return { HOME: home.home, AWS_CONFIG_FILE: `${home.home}/config` };
        };
        const { code, stderr, elapsedMs, identityCalls, secret } = await throttledRun(['whoami', '--profile', 'app', '--timeout', '30000'], 'sts:AssumeRole', config);
        expect(code).toBe(3);
        expect(elapsedMs).toBeLessThanOrEqual(30_000);
        expect(stderr).toMatch(/AssumeRole .*failed: throttled by STS \d+ times? over [\d.]+ s; gave up: the next try, in [\d.]+ s, would come after the --timeout deadline \(30000 ms\)/);
        expect(identityCalls).toBe(0);
        expectNoSecrets([stderr], [secret]);
      } finally {
        await home.cleanup();
      }
    });
  });
});
