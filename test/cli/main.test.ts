// The credchain command itself: dispatch, --help on every command, --version, usage errors with
// exit code 2, and plain output (no ANSI) when stdout is not a terminal.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const COMMANDS = ['explain', 'export', 'whoami', 'demo', 'emulate'];

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
  });

  it.each(COMMANDS)('%s --help: usage, options, exit codes; exit 0', async (name) => {
    const { code, stdout } = await runCli([name, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Usage: credchain ${name}`));
    expect(stdout).toMatch(/-h, --help/);
    expect(stdout).toMatch(/--debug/);
    expect(stdout).toMatch(/Exit codes:/);
    if (name !== 'export') expect(stdout).toMatch(/--json/);
  });

  it('an unknown command or flag is a usage error (exit 2) in one paragraph, without a stack trace', async () => {
    const unknown = await runCli(['explian']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^credchain: unknown command "explian" \(commands: explain, export, whoami, (?:[\w-]+, )*demo, emulate\)\nRun `credchain --help` for usage.\n$/);
    const flag = await runCli(['explain', '--porfile', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--porfile'/);
    expect(flag.stderr).toMatch(/Run `credchain explain --help` for usage/);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    const extra = await runCli(['whoami', 'someone']);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toMatch(/unexpected argument "someone"/);
  });

  it('writes no colour codes when stdout is not a terminal, even with FORCE-like settings absent', async () => {
    const { stdout } = await runCli(['explain'], { NO_COLOR: '' });
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toMatch(/SOURCE +OUTCOME +TIME +REASON/);
  });
});
