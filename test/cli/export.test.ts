// `credchain export` (main, in process; bash and pwsh read its output): every format of `aws configure export-credentials` (the shell
// ones run in bash; PowerShell and cmd parsed, and run in pwsh when it is installed), secrets on
// stdout only, failures (one JSON document under --json), and credential_process nesting: any
// depth works, a loop back to a profile being resolved fails fast.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CLI, expectNoSecrets, runCli, sandboxHome } from '../support/run-cli.js';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
const node = process.execPath;
const exportProcess = (profile: string) => `credential_process = "${node}" "${CLI}" export --format process --profile ${profile}\n`;
const WEIRD_SECRET = 'weird%PATH%"secret&more';
beforeAll(async () => {
  emulator = await startEmulator();
  sandbox = await sandboxHome({
    '.aws/credentials': emulator.credentialsProfile('dev'),
    '.aws/config':
      `[profile via-credchain]\n${exportProcess('dev')}\n` +
      `[profile outer]\n${exportProcess('via-credchain')}\n` +
      `[profile loop]\n${exportProcess('loop')}\n` +
      `[profile ping-profile]\n${exportProcess('pong-profile')}\n` +
      `[profile pong-profile]\n${exportProcess('ping-profile')}\n`,
    'weird.json': JSON.stringify({ Version: 1, AccessKeyId: 'AKIAWEIRDWEIRDWEIRD0', SecretAccessKey: WEIRD_SECRET }),
  });
  await import('node:fs/promises').then((fs) => fs.appendFile(`${sandbox.home}/.aws/config`, `[profile weird]\ncredential_process = cat "${sandbox.home}/weird.json"\n`));
});
afterAll(async () => {
  await emulator.close();
  await sandbox.cleanup();
});

/** Session credentials with a token, an expiration and an account id: the container endpoint's. */
const sessionEnv = () => ({ HOME: sandbox.home, ...emulator.env({ imds: false }) });

/** What bash's environment holds after running `script` with these variables set beforehand. */
function bashEnvAfter(script: string, before: Record<string, string>): Record<string, string> {
  const out = execFileSync('bash', ['-c', `${script}\nenv -0`], { env: { PATH: process.env.PATH ?? '', ...before }, encoding: 'utf8' });
  return Object.fromEntries(out.split('\0').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

const STALE = { AWS_SESSION_TOKEN: 'stale-token', AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z', AWS_ACCOUNT_ID: '999999999999' };

describe('credchain export: formats', () => {
  it('--format env (default): shell export lines that clear what the credentials lack, stderr silent', { tags: ['process'] }, async () => {
    const user = emulator.scenario.users.developer!;
    const { code, stdout, stderr } = await runCli(['export', '--profile', 'dev'], { HOME: sandbox.home });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n')).toEqual([
      `export AWS_ACCESS_KEY_ID='${user.accessKeyId}'`,
      `export AWS_SECRET_ACCESS_KEY='${user.secretAccessKey}'`,
      'unset AWS_SESSION_TOKEN',
      'unset AWS_CREDENTIAL_EXPIRATION',
      'unset AWS_ACCOUNT_ID',
      '',
    ]);
    // Run in bash over a shell holding a stale session: nothing of it survives.
    const after = bashEnvAfter(stdout, STALE);
    expect(after.AWS_ACCESS_KEY_ID).toBe(user.accessKeyId);
    expect(after.AWS_SECRET_ACCESS_KEY).toBe(user.secretAccessKey);
    for (const name of Object.keys(STALE)) expect(after[name], name).toBeUndefined();
  });

  it('--format env with a session: bash ends up with key, secret, token, expiration and account id', { tags: ['process'] }, async () => {
    const { code, stdout } = await runCli(['export'], sessionEnv());
    expect(code).toBe(0);
    const after = bashEnvAfter(stdout, STALE);
    const issued = emulator.issued(after.AWS_ACCESS_KEY_ID!)!;
    expect(issued.issuedBy).toBe('container');
    expect(after.AWS_SECRET_ACCESS_KEY).toBe(issued.secretAccessKey);
    expect(after.AWS_SESSION_TOKEN).toBe(issued.sessionToken);
    expect(Date.parse(after.AWS_CREDENTIAL_EXPIRATION!)).toBe(issued.expiration!.getTime());
    expect(after.AWS_ACCOUNT_ID).toBe(emulator.scenario.accountId);
  });

  it('--format env-no-export: NAME=value lines (absent values left out) that bash reads with set -a', { tags: ['process'] }, async () => {
    const { code, stdout } = await runCli(['export', '--format', 'env-no-export'], sessionEnv());
    expect(code).toBe(0);
    expect(stdout.split('\n').map((line) => line.split('=')[0])).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_ACCOUNT_ID', '']);
    const after = bashEnvAfter(`set -a\n${stdout}set +a`, {});
    const issued = emulator.issued(after.AWS_ACCESS_KEY_ID!)!;
    expect(after.AWS_SECRET_ACCESS_KEY).toBe(issued.secretAccessKey);
    expect(after.AWS_SESSION_TOKEN).toBe(issued.sessionToken);
    const keysOnly = await runCli(['export', '--format', 'env-no-export', '--profile', 'dev'], { HOME: sandbox.home });
    expect(keysOnly.stdout).toBe(`AWS_ACCESS_KEY_ID=${emulator.scenario.users.developer!.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${emulator.scenario.users.developer!.secretAccessKey}\n`);
    // Nothing can be quoted there (`env $(…) CMD` splits on spaces and keeps quotes): a value with shell characters is refused, unshown.
    const weird = await runCli(['export', '--format', 'env-no-export', '--profile', 'weird'], { HOME: sandbox.home });
    expect(weird.code).toBe(3);
    expect(weird.stdout).toBe('');
    expect(weird.stderr).toMatch(/^credchain: AWS_SECRET_ACCESS_KEY holds a character other than A-Z a-z 0-9 \+ \/ = \. _ : @ - .*, so it cannot be printed as --format env-no-export\. Use --format env .* or --format json\n$/);
    expectNoSecrets([weird.stderr], [WEIRD_SECRET]);
  });

  it('--format fish: set -gx lines and set -e for what is absent; run in fish when installed', { tags: ['process'] }, async () => {
    const keys = await runCli(['export', '--format', 'fish', '--profile', 'weird'], { HOME: sandbox.home });
    expect(keys.code).toBe(0);
    expect(keys.stdout).toBe(
      `set -gx AWS_ACCESS_KEY_ID 'AKIAWEIRDWEIRDWEIRD0'\nset -gx AWS_SECRET_ACCESS_KEY '${WEIRD_SECRET}'\nset -e AWS_SESSION_TOKEN\nset -e AWS_CREDENTIAL_EXPIRATION\nset -e AWS_ACCOUNT_ID\n`,
    );
    if (spawnSync('fish', ['--version'], { stdio: 'ignore' }).status === 0) {
      const script = `${keys.stdout}printf '%s|' "$AWS_SECRET_ACCESS_KEY"; set -q AWS_SESSION_TOKEN; and echo set; or echo unset`;
      const ran = spawnSync('fish', ['--no-config', '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', AWS_SESSION_TOKEN: 'stale' } });
      expect(ran.stdout.trim()).toBe(`${WEIRD_SECRET}|unset`);
    }
  });

  it('--format powershell: $Env: assignments (literal quoting) and $null for what is absent; run in pwsh when installed', { tags: ['process'] }, async () => {
    const session = await runCli(['export', '--format', 'powershell'], sessionEnv());
    expect(session.code).toBe(0);
    const set = parsePowerShell(session.stdout);
    const issued = emulator.issued(set.AWS_ACCESS_KEY_ID!)!;
    expect(set).toEqual({
      AWS_ACCESS_KEY_ID: issued.accessKeyId,
      AWS_SECRET_ACCESS_KEY: issued.secretAccessKey,
      AWS_SESSION_TOKEN: issued.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: issued.expiration!.toISOString(),
      AWS_ACCOUNT_ID: emulator.scenario.accountId,
    });
    const keys = await runCli(['export', '--format', 'powershell', '--profile', 'weird'], { HOME: sandbox.home });
    expect(parsePowerShell(keys.stdout)).toEqual({ AWS_ACCESS_KEY_ID: 'AKIAWEIRDWEIRDWEIRD0', AWS_SECRET_ACCESS_KEY: WEIRD_SECRET, AWS_SESSION_TOKEN: null, AWS_CREDENTIAL_EXPIRATION: null, AWS_ACCOUNT_ID: null });
    if (hasPwsh()) {
      const script = `${keys.stdout}\nWrite-Output "$Env:AWS_SECRET_ACCESS_KEY|$([bool]$Env:AWS_SESSION_TOKEN)"`;
      const ran = spawnSync('pwsh', ['-NoProfile', '-Command', '-'], { input: script, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', AWS_SESSION_TOKEN: 'stale' } });
      expect(ran.stdout.trim()).toBe(`${WEIRD_SECRET}|False`);
    }
  });

  it('--format windows-cmd: set NAME=value lines, empty to clear; a value cmd.exe would interpret is refused (exit 3), naming the variable only', { tags: ['process'] }, async () => {
    const session = await runCli(['export', '--format', 'windows-cmd'], sessionEnv());
    expect(session.code).toBe(0);
    const lines = session.stdout.trimEnd().split('\n');
    expect(lines.every((line) => /^set AWS_[A-Z_]+=[A-Za-z0-9/+=:._-]+$/.test(line))).toBe(true);
    const set = Object.fromEntries(lines.map((line) => [line.slice(4, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    expect(emulator.issued(set.AWS_ACCESS_KEY_ID!)!.sessionToken).toBe(set.AWS_SESSION_TOKEN);
    const keys = await runCli(['export', '--format', 'windows-cmd', '--profile', 'dev'], { HOME: sandbox.home });
    expect(keys.stdout.split('\n').slice(2)).toEqual(['set AWS_SESSION_TOKEN=', 'set AWS_CREDENTIAL_EXPIRATION=', 'set AWS_ACCOUNT_ID=', '']);
    const weird = await runCli(['export', '--format', 'windows-cmd', '--profile', 'weird'], { HOME: sandbox.home });
    expect(weird.code).toBe(3);
    expect(weird.stdout).toBe('');
    expect(weird.stderr).toMatch(/^credchain: AWS_SECRET_ACCESS_KEY holds characters cmd\.exe would interpret .* Use --format powershell or --format json\n$/);
    expectNoSecrets([weird.stderr], [WEIRD_SECRET]);
  });

  it('--format process: the credential_process JSON (Version 1) of a session, with token and expiration', async () => {
    const { code, stdout, stderr } = await runCli(['export', '--format', 'process'], sessionEnv());
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
    for (const args of [['--format', 'json'], ['--json'], ['--json', '--format', 'json']]) {
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
});

describe('credchain export: failures', () => {
  it('a bad --format is a usage error with the closest format; --json with another --format is a usage error, as one JSON document', async () => {
    const bad = await runCli(['export', '--format', 'yaml'], { HOME: sandbox.home });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format must be one of env, env-no-export, fish, powershell, windows-cmd, process, json \(got "yaml"\)/);
    const typo = await runCli(['export', '--format', 'powershel'], { HOME: sandbox.home });
    expect(typo.stderr).toMatch(/\(got "powershel", did you mean "powershell"\?\)/);
    const conflict = await runCli(['export', '--format', 'process', '--json'], { HOME: sandbox.home });
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/^credchain: --json and --format process ask for two different outputs: use one of them\n/);
    expect(JSON.parse(conflict.stdout)).toEqual({ ok: false, exitCode: 2, error: '--json and --format process ask for two different outputs: use one of them' });
  });

  it('no credentials → exit 1 with nothing on stdout; with --json, one JSON document saying why', async () => {
    const empty = await sandboxHome();
    try {
      const none = await runCli(['export'], { HOME: empty.home });
      expect(none.code).toBe(1);
      expect(none.stdout).toBe('');
      expect(none.stderr).toMatch(/^credchain: Could not load credentials from any providers\. Every source was tried, in order:\n {2}env +miss: /);
      const json = await runCli(['export', '--json'], { HOME: empty.home });
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toEqual({ ok: false, exitCode: 1, error: expect.stringMatching(/^Could not load credentials from any providers\./) });
    } finally {
      await empty.cleanup();
    }
  });
});

describe('credchain export as a credential_process', () => {
  it('another profile resolves through `credchain export --format process`', { tags: ['process'] }, async () => {
    const { code, stdout, stderr } = await runCli(['explain', '--profile', 'via-credchain', '--json'], { HOME: sandbox.home });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, source: 'profile' });
    expect(code).toBe(0);
    expectNoSecrets([stdout, stderr], [emulator.scenario.users.developer!.secretAccessKey]);
  });

  it("export of a profile whose credential_process is credchain export (docs/cli.md's pattern), two levels deep too", { tags: ['process'] }, async () => {
    for (const profile of ['via-credchain', 'outer']) {
      const { code, stdout, stderr } = await runCli(['export', '--format', 'json', '--profile', profile], { HOME: sandbox.home });
      expect(stderr, profile).toBe('');
      expect(code, profile).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ accessKeyId: emulator.scenario.users.developer!.accessKeyId, source: 'profile' });
    }
  });

  it('a loop back to a profile being resolved fails fast (exit 3) with the loop named once, not nested', { tags: ['process'] }, async () => {
    const self = await runCli(['export', '--profile', 'loop'], { HOME: sandbox.home });
    expect(self.code).toBe(3);
    expect(self.stdout).toBe('');
    expect(self.stderr).toBe(
      'credchain: credential_process loop: profile "loop" is already being resolved by a credchain export further up ("loop" → "loop"), so this would never end. Make that credential_process export a profile that does not lead back to it\n',
    );
    // Names of 8 characters or more are redacted from a credential_process's stderr (arguments may be
    // secrets): the loop path still reaches the outermost export in full, and is printed once.
    const twoStep = await runCli(['export', '--profile', 'ping-profile'], { HOME: sandbox.home });
    expect(twoStep.code).toBe(3);
    expect(twoStep.stdout).toBe('');
    expect(twoStep.stderr).toBe(
      'credchain: credential_process loop: profile "ping-profile" is already being resolved by a credchain export further up ("ping-profile" → "pong-profile" → "ping-profile"), so this would never end. Make that credential_process export a profile that does not lead back to it\n',
    );
  });
});

/** The PowerShell lines credchain prints: `$Env:NAME='literal'` (with '' for ') or `$Env:NAME=$null`. */
function parsePowerShell(text: string): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (const line of text.trimEnd().split('\n')) {
    const match = /^\$Env:(AWS_[A-Z_]+)=(?:'((?:[^']|'')*)'|(\$null))$/.exec(line);
    expect(match, line).not.toBeNull();
    result[match![1]!] = match![3] ? null : match![2]!.replace(/''/g, "'");
  }
  return result;
}

function hasPwsh(): boolean {
  return spawnSync('pwsh', ['-Version'], { stdio: 'ignore' }).status === 0;
}
