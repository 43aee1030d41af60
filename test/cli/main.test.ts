// The credchain command itself: dispatch, --help and `help <command>` on every command, --version,
// usage errors with exit code 2 in our own words (with "did you mean"), each command's own exit code
// list, --no-color, and plain output (no ANSI) when stdout is not a terminal.
import { describe, expect, it } from 'vitest';
import { HAS_SCRIPT, runCli, runCliInTerminal, sandboxHome } from '../support/run-cli.js';

const COMMANDS = ['explain', 'export', 'whoami', 'profiles', 'config', 'demo', 'emulate'];

describe('credchain', () => {
  it('--help lists every command and the exit codes', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const name of COMMANDS) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(stdout).toMatch(/Exit codes:\n  0 +success/);
  });

  it('with no command prints the help and exits 2', async () => {
    const { code, stdout } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^Usage: credchain <command>/);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^credchain \d+\.\d+\.\d+\n$/);
    expect((await runCli(['-v'])).stdout).toBe(stdout);
  });

  it('the top-level help names --version (and -v), in the synopsis and in words', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toMatch(/^ {7}credchain --version \| --help$/m);
    expect(stdout).toContain('`credchain --version` (-v) prints credchain\'s version.');
  });

  it.each(COMMANDS)('%s --help: usage, options, exit codes; exit 0', async (name) => {
    const { code, stdout } = await runCli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: credchain ${name}`));
    expect(stdout).toMatch(/-h, --help/);
    expect(stdout).toMatch(/--debug/);
    expect(stdout).toMatch(/Exit codes:/);
    expect(stdout).toMatch(/--no-color/);
    if (name !== 'export') expect(stdout).toMatch(/--json/);
  });

  it.each(COMMANDS)('help %s prints the same text as its --help', async (name) => {
    const viaHelp = await runCli(['help', name]);
    const viaFlag = await runCli([name, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('each --help lists only the exit codes that command returns', async () => {
    const codes = async (name: string) => [...(await runCli([name, '--help'])).stdout.split('Exit codes:\n')[1]!.matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));
    expect(await codes('explain')).toEqual([0, 1, 2, 3, 70]);
    expect(await codes('export')).toEqual([0, 1, 2, 3, 70]);
    expect(await codes('whoami')).toEqual([0, 1, 2, 3, 4, 70]);
    expect(await codes('profiles')).toEqual([0, 2, 3, 70]);
    expect(await codes('config')).toEqual([0, 2, 3, 70]);
    expect(await codes('demo')).toEqual([0, 2, 5, 70]);
    expect(await codes('emulate')).toEqual([0, 2, 5, 70]);
    expect(await codes('atlas-check')).toEqual([0, 1, 2, 3, 6, 7, 8, 9, 70]);
  });

  it('an unknown command or flag is a usage error (exit 2) in one paragraph, without a stack trace', async () => {
    const unknown = await runCli(['explian']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^credchain: unknown command "explian"; did you mean "explain"\? \(commands: explain, export, whoami, (?:[\w-]+, )*demo, emulate\)\nRun `credchain --help` for usage.\n$/);
    const flag = await runCli(['explain', '--porfile', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^credchain: unknown option --porfile for "credchain explain"; did you mean --profile\?\n/);
    expect(flag.stderr).toMatch(/Run `credchain explain --help` for usage/);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const extra = await runCli(['whoami', 'someone']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/unexpected argument "someone"/);
  });

  it('"did you mean" for commands and options, nothing when nothing is close; parse errors in our words, never parseArgs text', async () => {
    expect((await runCli(['whoam'])).stderr).toMatch(/did you mean "whoami"\?/);
    expect((await runCli(['help', 'explian'])).stderr).toMatch(/^credchain: unknown command "explian"; did you mean "explain"\?/);
    expect((await runCli(['zzzzzz'])).stderr).not.toMatch(/did you mean/);
    expect((await runCli(['explain', '--profle', 'x'])).stderr).toMatch(/unknown option --profle for "credchain explain"; did you mean --profile\?/);
    expect((await runCli(['export', '--fromat', 'env'])).stderr).toMatch(/did you mean --format\?/);
    expect((await runCli(['explain', '--nothing-like-it'])).stderr).toMatch(/^credchain: unknown option --nothing-like-it for "credchain explain"\nRun/);
    expect((await runCli(['explain', '-x'])).stderr).toMatch(/^credchain: unknown option -x for "credchain explain"\n/);
    const missing = await runCli(['explain', '--profile']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('credchain: --profile needs a value\nRun `credchain explain --help` for usage.\n');
    const short = await runCli(['explain', '-p']);
    expect(short.stderr).toMatch(/^credchain: --profile needs a value\n/);
    const ambiguous = await runCli(['explain', '--profile', '--json']);
    expect(ambiguous.stderr).toMatch(/^credchain: --profile needs a value, and "--json" looks like an option: write --profile=--json if that is the value\n/);
    const boolValue = await runCli(['explain', '--json=yes']);
    expect(boolValue.stderr).toMatch(/^credchain: --json takes no value\n/);
    for (const run of [missing, short, ambiguous, boolValue]) expect(run.stderr).not.toMatch(/Option '|argument missing|<value>/);
  });

  it('a usage error under --json is also one JSON document on stdout', async () => {
    const { code, stdout } = await runCli(['explain', '--json', '--profle', 'x']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ ok: false, exitCode: 2, error: 'unknown option --profle for "credchain explain"; did you mean --profile?' });
  });

  it('every --json command prints one JSON document when it fails, with the exit code', async () => {
    const empty = await sandboxHome({ 'bad/.aws/config': '[profile __proto__]\nregion = x\n' });
    try {
      const failing: Array<[string[], number, Record<string, string>]> = [
        [['explain', '--json'], 1, {}],
        [['export', '--json'], 1, {}],
        [['whoami', '--json'], 1, {}],
        [['profiles', '--json'], 3, { HOME: `${empty.home}/bad` }],
        [['config', '--json'], 3, { HOME: `${empty.home}/bad` }],
        [['demo', '--json', '--scenario', `${empty.home}/missing.json`], 5, {}],
        [['emulate', '--json', '--scenario', `${empty.home}/missing.json`], 5, {}],
        [['atlas-check', '--json', 'not-a-uri'], 2, {}],
      ];
      for (const [args, code, env] of failing) {
        const run = await runCli(args, { HOME: empty.home, ...env });
        expect(run.code, args.join(' ')).toBe(code);
        expect(JSON.parse(run.stdout), args.join(' ')).toMatchObject({ ok: false });
      }
    } finally {
      await empty.cleanup();
    }
  });

  it.skipIf(!HAS_SCRIPT)('--no-color: no ANSI codes even on a terminal (which otherwise gets colour)', { tags: ['process'] }, async () => {
    const coloured = runCliInTerminal(['explain']);
    expect(coloured.stdout).toContain('\u001b[1m');
    const plain = runCliInTerminal(['explain', '--no-color']);
    expect(plain.stdout).toMatch(/SOURCE +OUTCOME +TIME +REASON/);
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('writes no colour codes when stdout is not a terminal, even with FORCE-like settings absent', async () => {
    const { stdout } = await runCli(['explain'], { NO_COLOR: '' });
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(/SOURCE +OUTCOME +TIME +REASON/);
  });
});
