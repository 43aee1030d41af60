// The `credchain` executable (package.json "bin" → dist/cli/main.js, built from src/cli/bin.ts) as a
// process: it runs through its shebang, its exit code is main()'s, stdout and stderr stay separate, and
// for the same command line it prints exactly what main() prints in process — which is what lets
// the other CLI tests run main() in process (test/support/run-cli.ts).
// @module-tag process
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { CLI, runCli, runCliProcess, sandboxHome } from '../support/run-cli.js';

const ROOT = new URL('../..', import.meta.url).pathname;

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator();
  sandbox = await sandboxHome({ '.aws/credentials': emulator.credentialsProfile('dev'), '.aws/config': '[profile ops]\nregion = eu-west-1\n' });
});
afterAll(async () => {
  await emulator?.close();
  await sandbox?.cleanup();
});

describe('the credchain executable', () => {
  it('is package.json\'s bin: an executable file that runs through its shebang', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { bin: Record<string, string> };
    expect(`${ROOT}${pkg.bin.credchain}`).toBe(CLI);
    expect(readFileSync(CLI, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    const version = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version as string;
    expect(execFileSync(CLI, ['--version'], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' })).toBe(`credchain ${version}\n`);
  });

  it('keeps stdout and stderr apart and exits with the command\'s code', async () => {
    const usage = await runCliProcess(['explain', '--porfile', 'x']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/^credchain: unknown option --porfile for "credchain explain"; did you mean --profile\?\n/);
    const json = await runCliProcess(['explain', '--json', '--porfile', 'x']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 2 });
    expect(json.stderr).toMatch(/^credchain: unknown option --porfile/);
    const none = await runCliProcess(['export']);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toMatch(/^credchain: Could not load credentials from any providers/);
  });

  it('prints exactly what main() prints in process, with the same exit code', async () => {
    const env = { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url };
    const commandLines = [
      ['--help'],
      ['--version'],
      ['explian'],
      ['whoami', 'someone'],
      ['export', '--profile', 'dev'],
      ['export', '--format', 'json', '--profile', 'dev'],
      ['profiles', '--json'],
      ['whoami', '--profile', 'dev'],
      ['whoami', '--json', '--profile', 'missing'],
      ['atlas-check', 'not-a-uri'],
    ];
    for (const args of commandLines) {
      const [inProcess, asProcess] = [await runCli(args, env), await runCliProcess(args, env)];
      expect(asProcess, args.join(' ')).toEqual(inProcess);
    }
  });
});
