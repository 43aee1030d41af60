// The CLI examples of docs/cli.md and the README are real output: each sample below is re-run with the
// CLI (in process) and compared (paths under the sandbox HOME printed as /home/me, as in the docs).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runCli, sandboxHome } from '../support/run-cli.js';
import { withRunValuesFixed } from '../support/sample-text.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const CLI_DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
const EXAMPLE_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The first ```text block after `heading` in `doc`, split into [command line, output] pairs at each `$ credchain`. */
function samples(heading: string, doc = CLI_DOC): Array<[string, string]> {
  const at = doc.indexOf(`\n${heading}\n`);
  expect(at, `no heading "${heading}"`).toBeGreaterThan(0);
  const after = doc.slice(at);
  const block = /```text\n([\s\S]*?)```/.exec(after)![1]!;
  return block
    .split(/^(?=\$ )/m)
    .map((part) => {
      const [first, ...rest] = part.split('\n');
      return [first!, rest.join('\n').replace(/\n+$/, '\n')] as [string, string];
    });
}

/** `$ [VAR=value ]credchain args   # comment` → env and args. */
function commandOf(line: string): { env: Record<string, string>; args: string[] } {
  const words = line.replace(/^\$ /, '').replace(/\s+#.*$/, '').trim().split(/\s+/);
  const env: Record<string, string> = {};
  while (words[0]!.includes('=')) {
    const [name, value] = words.shift()!.split('=') as [string, string];
    env[name] = value;
  }
  expect(words.shift()).toBe('credchain');
  return { env, args: words };
}

let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  sandbox = await sandboxHome({
    '.aws/config':
      '[profile dev]\nregion = eu-west-1\n\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/service/app-role\nsource_profile = dev\n\n' +
      '[profile portal]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n',
    '.aws/credentials': `[dev]\naws_access_key_id = ${EXAMPLE_KEYS.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${EXAMPLE_KEYS.AWS_SECRET_ACCESS_KEY}\n`,
  });
});
afterAll(() => sandbox.cleanup());

describe('docs/cli.md and README CLI samples', () => {
  it('export: every shell format as printed (the process sample with a session is checked by export.test.ts)', async () => {
    const shown = samples('## `credchain export`').filter(([line]) => !line.includes('process'));
    expect(shown.length).toBe(5);
    for (const [line, output] of shown) {
      const { args } = commandOf(line);
      const run = await runCli(args, EXAMPLE_KEYS);
      expect(run.stdout, line).toBe(output);
    }
  });

  it.each([
    ['docs/cli.md', () => samples('## `credchain explain`')],
    ['README.md', () => samples('## CLI', README)],
  ])('%s: explain on a machine with nothing configured (times vary from run to run: the TIME cells and column widths are not compared)', async (_doc, shown) => {
    const empty = await sandboxHome();
    try {
      const [[line, output]] = shown() as [[string, string]];
      const { env, args } = commandOf(line);
      const run = await runCli(args, { HOME: empty.home, ...env });
      expect(run.code).toBe(1);
      // A skipped step shows "-" only when it took under 1 ms: a loaded machine may print "1 ms".
      const times = (text: string) => text.replace(/ {2,}/g, '  ').replace(/ {2}(?:\d+ ms|-) {2}/g, '  TIME  ').replace(/ +$/gm, '');
      expect(times(run.stdout.replaceAll(empty.home, '/home/me')), line).toBe(times(output));
    } finally {
      await empty.cleanup();
    }
  });

  it('the "did you mean" sample, profiles and config', async () => {
    for (const heading of ['## Common options and output', '## `credchain profiles`', '## `credchain config`']) {
      for (const [line, output] of samples(heading)) {
        const { env, args } = commandOf(line);
        const run = await runCli(args, { HOME: sandbox.home, ...env });
        expect((run.stdout + run.stderr).replaceAll(sandbox.home, '/home/me'), line).toBe(output);
      }
    }
  });

  it("the command table names only options each command has, and export's every format", async () => {
    const rows = [...CLI_DOC.matchAll(/^\| `credchain ([a-z-]+)([^`]*)` \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(['explain', 'export', 'whoami', 'profiles', 'config', 'atlas-check', 'serve', 'exec', 'demo', 'emulate']);
    for (const [, name, synopsis] of rows) {
      const { command } = (await import(`../../src/cli/${name}.ts`)) as { command: { options: Record<string, unknown> } };
      for (const [, flag] of synopsis!.matchAll(/--([a-z][a-z-]*)/g)) expect(Object.keys(command.options), `credchain ${name} --${flag}`).toContain(flag);
    }
    const { FORMATS } = await import('../../src/cli/export.js');
    const exportRow = rows.find((row) => row[1] === 'export')![2]!;
    expect(/--format ([^\]]+)\]/.exec(exportRow)![1]!.split('\\|')).toEqual([...FORMATS]);
  });
});

describe('docs/cli.md samples against the emulator (ports, key ids, dates, session names and times aside)', () => {
  let emulator: Emulator;
  let home: Awaited<ReturnType<typeof sandboxHome>>;
  beforeAll(async () => {
    emulator = await startEmulator();
    // The samples' machine: profile dev with the emulator's keys, profile app assuming a role with them.
    home = await sandboxHome({
      '.aws/config': `[profile dev]\nregion = eu-west-1\n\n[profile app]\nrole_arn = ${emulator.scenario.roles['app-role']!.arn}\nsource_profile = dev\n`,
      '.aws/credentials': emulator.credentialsProfile('dev'),
    });
  });
  afterAll(async () => {
    await emulator.close();
    await home.cleanup();
  });

  /** The `n`-th ```text block after `heading` in docs/cli.md: its command line, and the rest. */
  function nthSample(heading: string, n: number): [string, string] {
    const section = CLI_DOC.slice(CLI_DOC.indexOf(`\n${heading}\n`));
    const [line, ...rest] = [...section.matchAll(/```text\n([\s\S]*?)```/g)][n]![1]!.split('\n');
    return [line!, rest.join('\n')];
  }

  it.each([
    ['explain --profile app (the second sample)', '## `credchain explain`', 1],
    ['whoami --profile app', '## `credchain whoami`', 0],
  ])('%s', async (_name, heading, n) => {
    const [line, output] = nthSample(heading, n);
    const { env, args } = commandOf(line);
    const run = await runCli(args, { HOME: home.home, AWS_ENDPOINT_URL_STS: emulator.url, AWS_REGION: 'us-east-1', ...env });
    expect(run.code, run.stderr).toBe(0);
    expect(withRunValuesFixed(run.stdout), line).toBe(withRunValuesFixed(output));
  });

  it('explain: a configured but broken source stops the chain (the rows the third sample shows)', async () => {
    const [line, output] = nthSample('## `credchain explain`', 2);
    const shown = output.replace(/^\.\.\.\n/, '');
    const { env, args } = commandOf(line);
    const run = await runCli(args, { HOME: home.home, ...env });
    expect(run.code).toBe(3);
    expect(withRunValuesFixed(run.stdout), line).toContain(withRunValuesFixed(shown).trimEnd());
  });

  it("docs/aws-login.md: explain --profile dev with the session's keys two minutes from expiry, refreshed at the emulator's sign-in", async () => {
    const doc = readFileSync(new URL('../../docs/aws-login.md', import.meta.url), 'utf8');
    const sample = /```text\n([\s\S]*?)```/.exec(doc.slice(doc.indexOf("\n## What `credchain explain` shows\n")))![1]!;
    const session = emulator.scenario.login.sessionArn;
    const login = await sandboxHome({
      '.aws/config': `[profile dev]\nlogin_session = ${session}\n`,
      [`.aws/login/cache/${createHash('sha256').update(session).digest('hex')}.json`]: JSON.stringify(emulator.loginCache({ expiresAt: Date.now() + 120_000 })),
    });
    try {
      const run = await runCli(['explain', '--profile', 'dev'], { HOME: login.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SIGNIN: emulator.url });
      expect(run.code, run.stderr).toBe(0);
      expect(withRunValuesFixed(run.stdout)).toContain(withRunValuesFixed(sample).trimEnd());
    } finally {
      await login.cleanup();
    }
  });
});
