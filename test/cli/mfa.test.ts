// Issue 27, item 1 (SPEC §15): every command that resolves a role profile with mfa_serial asks for
// the code through the one prompt (src/cli/mfa-prompt.ts) on a terminal, takes it from --mfa-code,
// and otherwise — --json, no terminal — fails naming --mfa-code, never with library advice
// ("credentialChain({ mfaCodeProvider })"). In process, against the loopback emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { captureIO } from '../support/capture-io.js';
import { runMain } from '../support/run-cli.js';
import { expectNoSecrets, sandboxHome } from '../support/run-cli.js';

const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/developer';
const CODE = '246810';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { mfaCode: CODE, roles: { 'mfa-role': { arn: 'arn:aws:iam::123456789012:role/mfa-role', mfaSerial: MFA_SERIAL }, 'web-identity-role': 'arn:aws:iam::123456789012:role/eks/web-identity-role' } },
  });
  sandbox = await sandboxHome({
    '.aws/credentials': emulator.credentialsProfile('dev'),
    '.aws/config': `[profile guarded]\nrole_arn = arn:aws:iam::123456789012:role/mfa-role\nsource_profile = dev\nmfa_serial = ${MFA_SERIAL}\n`,
  });
});
afterAll(async () => {
  await emulator?.close();
  await sandbox?.cleanup();
});

const env = () => ({ HOME: sandbox.home, ...emulator.env({ imds: false, container: false }), AWS_PROFILE: 'guarded' });
const LIBRARY_ADVICE = /mfaCodeProvider|credentialChain\(/;

describe('MFA in every command', () => {
  for (const [command, args, succeeded] of [
    ['whoami', [], /ARN +arn:aws:sts::123456789012:assumed-role\/mfa-role\//],
    ['explain', [], /✓ credentials from profile: key ASIA…/],
    ['export', ['--format', 'env-no-export'], /^AWS_ACCESS_KEY_ID=ASIA/],
    ['config', ['--assume-role'], /access_key +ASIA…\w{4} +temporary, from the assumed role arn:aws:iam::123456789012:role\/mfa-role/],
  ] as const) {
    it(`${command}: asks on the terminal (stderr), reads the answer, AssumeRole carries it`, async () => {
      emulator.reset();
      const cli = captureIO(env(), { terminal: true });
      cli.type(CODE);
      expect(await runMain([command, ...args], cli.io), cli.stderr()).toBe(0);
      expect(cli.stderr()).toBe(`MFA code for ${MFA_SERIAL}: `);
      expect(cli.stdout()).toMatch(succeeded);
      expect(emulator.requests.filter((entry) => entry.route === 'sts:AssumeRole').map((entry) => entry.status)).toEqual([200]);
    });
  }

  it('--mfa-code: nothing asked, even off a terminal; the code is never printed', async () => {
    emulator.reset();
    const cli = captureIO(env());
    expect(await runMain(['whoami', '--mfa-code', CODE, '--json'], cli.io)).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(JSON.parse(cli.stdout()).Arn).toMatch(/assumed-role\/mfa-role\//);
    expect(cli.stdout()).not.toContain(CODE);
  });

  it('--json, no terminal, a closed stdin: exit 3, naming --mfa-code; no STS call, no library advice', async () => {
    const cases: Array<[string, string[], boolean, RegExp]> = [
      ['whoami', ['--json'], true, /--json asks no questions: pass the current code of the device with --mfa-code CODE/],
      ['explain', [], false, /there is no terminal to ask for it on: pass the current code of the device with --mfa-code CODE/],
      ['export', [], false, /there is no terminal to ask for it on: pass the current code of the device with --mfa-code CODE/],
    ];
    for (const [command, args, terminal, says] of cases) {
      emulator.reset();
      const cli = captureIO(env(), { terminal });
      expect(await runMain([command, ...args], cli.io), command).toBe(3);
      const printed = cli.stdout() + cli.stderr();
      expect(printed, command).toMatch(new RegExp(`no MFA code for ${MFA_SERIAL.replace(/[/.]/g, '\\$&')} \\(profile "guarded"\\): `));
      expect(printed, command).toMatch(says);
      expect(printed, command).not.toMatch(LIBRARY_ADVICE);
      expect(emulator.count('sts'), command).toBe(0);
      expectNoSecrets([printed], emulator.secrets());
    }
    const closed = captureIO(env(), { terminal: true });
    (closed.io.stdin as NodeJS.ReadWriteStream).end();
    expect(await runMain(['whoami'], closed.io)).toBe(3);
    expect(closed.stderr()).toMatch(/stdin closed before an MFA code was entered: pass the current code of the device with --mfa-code CODE/);
  });

  it('a --mfa-code that is not 6 digits: a usage error (exit 2) that does not echo it', async () => {
    const cli = captureIO(env());
    expect(await runMain(['explain', '--mfa-code', '12345x'], cli.io)).toBe(2);
    expect(cli.stderr()).toBe('credchain: --mfa-code must be the 6-digit code the MFA device shows\nRun `credchain explain --help` for usage.\n');
  });

  it('config without --assume-role: no STS call, no question; it names the MFA code a resolution would need', async () => {
    emulator.reset();
    const cli = captureIO(env(), { terminal: true });
    expect(await runMain(['config'], cli.io)).toBe(0);
    expect(cli.stderr()).toBe('');
    expect(cli.stdout()).toMatch(
      new RegExp(`access_key +<not set> +not assumed \\(add --assume-role\\): arn:aws:iam::123456789012:role/mfa-role, the role_arn of profile "guarded", needs the keys of profile "dev" and an MFA code for ${MFA_SERIAL.replace(/[/.]/g, '\\$&')}`),
    );
    expect(emulator.count()).toBe(0);
  });
});

describe('config assumes no role unless asked: web identity from the environment too', () => {
  it('AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE: no AssumeRoleWithWebIdentity; the rows name the role and the token file; --assume-role assumes it', async () => {
    const token = await sandboxHome({ token: emulator.scenario.webIdentity.tokens[0]! });
    try {
      const roleArn = emulator.scenario.roles['web-identity-role']!.arn;
      const env = { HOME: token.home, ...emulator.env({ imds: false, container: false }), AWS_ROLE_ARN: roleArn, AWS_WEB_IDENTITY_TOKEN_FILE: `${token.home}/token` };
      emulator.reset();
      const plain = captureIO(env);
      expect(await runMain(['config', '--json'], plain.io)).toBe(0);
      const rows = Object.fromEntries((JSON.parse(plain.stdout()).settings as Array<{ name: string; value: string | null; source: string }>).map((row) => [row.name, row]));
      expect(rows.access_key).toEqual({ name: 'access_key', value: null, source: `not assumed (add --assume-role): ${roleArn}, the role of AWS_ROLE_ARN (web identity), needs the token in ${token.home}/token (AWS_WEB_IDENTITY_TOKEN_FILE)` });
      expect(emulator.count()).toBe(0);

      const assumed = captureIO(env);
      expect(await runMain(['config', '--json', '--assume-role'], assumed.io)).toBe(0);
      expect(JSON.parse(assumed.stdout()).settings[1]).toMatchObject({ name: 'access_key', value: expect.stringMatching(/^ASIA…/), source: 'the web-identity source (run credchain explain for details)' });
      expect(emulator.count('sts:AssumeRoleWithWebIdentity')).toBe(1);

      // Keys in the environment answer before web identity: shown as they are, nothing assumed.
      emulator.reset();
      const keys = captureIO({ ...env, AWS_ACCESS_KEY_ID: 'AKIACONFIGWEBIDENT01', AWS_SECRET_ACCESS_KEY: 'configWebIdentitySecret0000000000000' });
      expect(await runMain(['config', '--json'], keys.io)).toBe(0);
      expect(JSON.parse(keys.stdout()).settings[1]).toMatchObject({ value: 'AKIA…NT01', source: 'env AWS_ACCESS_KEY_ID' });
      expect(emulator.count()).toBe(0);
    } finally {
      await token.cleanup();
    }
  });
});
