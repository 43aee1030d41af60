// runShellCommand(): settles when the process exits (a background child holding the pipes does not
// delay it), never after the deadline, kills the rest of the group, and caps each stream on its own.
// @module-tag process

import { describe, expect, it } from 'vitest';
import { EXIT_DRAIN_MS, MAX_STREAM_BYTES, runShellCommand } from '../../src/io/command.js';

const env = { PATH: process.env.PATH };
const node = JSON.stringify(process.execPath);

describe('runShellCommand', () => {
  it('settles at exit with the output, though a background child still holds stdout', async () => {
    const started = performance.now();
    const result = await runShellCommand(`echo '{"ok":1}'; sleep 30 &`, { timeoutMs: 5_000, env });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(result).toMatchObject({ exitCode: 0, stdout: '{"ok":1}\n', timedOut: false });
    expect(result.stdoutTooLarge).toBeUndefined();
    expect(EXIT_DRAIN_MS).toBeLessThanOrEqual(100);
  });

  it('stops a process still running at the deadline', async () => {
    const started = performance.now();
    const result = await runShellCommand('sleep 30', { timeoutMs: 300, env });
    expect(performance.now() - started).toBeLessThan(1_300);
    expect(result.timedOut).toBe(true);
  });

  it('caps stdout and stderr separately: a lot of stderr does not push stdout out', async () => {
    const result = await runShellCommand(`${node} -e "process.stderr.write('e'.repeat(${MAX_STREAM_BYTES + 100_000}), () => process.stdout.write('{}'))"`, { timeoutMs: 10_000, env });
    expect(result.stdout).toBe('{}');
    expect(result.stdoutTooLarge).toBeUndefined();
    expect(result.stderr.length).toBe(MAX_STREAM_BYTES);
  });

  it('marks stdout over the cap and stops the process at once', async () => {
    const started = performance.now();
    const result = await runShellCommand(`${node} -e "process.stdout.write('o'.repeat(${2 * MAX_STREAM_BYTES})); setInterval(() => {}, 1000)"`, { timeoutMs: 10_000, env });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.stdoutTooLarge).toBe(true);
    expect(result.stdout.length).toBe(MAX_STREAM_BYTES);
  });

  it('reports a command that cannot be found through the shell (exit 127)', async () => {
    const result = await runShellCommand('definitely-not-a-command-credchain', { timeoutMs: 5_000, env });
    expect(result.exitCode).toBe(127);
  });
});
