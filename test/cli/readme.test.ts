// The README's CLI examples are real output: each sample below is re-run with the CLI (in process) and
// compared (paths under the sandbox HOME printed as /home/me, as in the README).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sandboxHome } from '../support/run-cli.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const EXAMPLE_KEYS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

/** The first ```text block after `heading`, split into [command line, output] pairs at each `$ credchain`. */
function samples(heading: string): Array<[string, string]> {
  const after = README.slice(README.indexOf(heading));
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

describe('README CLI samples', () => {
  it('export: every shell format as printed (the process sample with a session is checked by export.test.ts)', async () => {
    const shown = samples('### `credchain export`').filter(([line]) => !line.includes('process'));
    expect(shown.length).toBe(5);
    for (const [line, output] of shown) {
      const { args } = commandOf(line);
      const run = await runCli(args, EXAMPLE_KEYS);
      expect(run.stdout, line).toBe(output);
    }
  });

  it('explain on a machine with nothing configured (times vary from run to run: the TIME cells and column widths are not compared)', async () => {
    const empty = await sandboxHome();
    try {
      const [[line, output]] = samples('### `credchain explain`') as [[string, string]];
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
    for (const heading of ['## CLI', '### `credchain profiles`', '### `credchain config`']) {
      for (const [line, output] of samples(heading)) {
        const { env, args } = commandOf(line);
        const run = await runCli(args, { HOME: sandbox.home, ...env });
        expect((run.stdout + run.stderr).replaceAll(sandbox.home, '/home/me'), line).toBe(output);
      }
    }
  });

  it("the command table names only options each command has, and export's every format", async () => {
    const rows = [...README.matchAll(/^\| `credchain ([a-z-]+)([^`]*)` \|/gm)];
    expect(rows.map((row) => row[1])).toEqual(['explain', 'export', 'whoami', 'profiles', 'config', 'serve', 'exec', 'demo', 'emulate']);
    for (const [, name, synopsis] of rows) {
      const { command } = (await import(`../../src/cli/${name}.ts`)) as { command: { options: Record<string, unknown> } };
      for (const [, flag] of synopsis!.matchAll(/--([a-z][a-z-]*)/g)) expect(Object.keys(command.options), `credchain ${name} --${flag}`).toContain(flag);
    }
    const { FORMATS } = await import('../../src/cli/export.js');
    const exportRow = rows.find((row) => row[1] === 'export')![2]!;
    expect(/--format ([^\]]+)\]/.exec(exportRow)![1]!.split('\\|')).toEqual([...FORMATS]);
  });
});
