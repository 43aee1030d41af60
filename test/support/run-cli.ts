// Runs the CLI with a controlled environment — never the developer's HOME or AWS_* — two ways:
// - runCli: main(argv, io) in this process (src/cli/main.ts, from the sources, no build): output,
//   exit code and everything the commands print, in milliseconds. What almost every CLI test needs.
// - runCliProcess / runCliInTerminal: the built executable (dist/cli/main.js) as a child process, for
//   tests whose subject is the process — the bin shim, stdout/stderr as streams, signals, a closed
//   pipe, a terminal. Those tests carry the `process` tag (test/support/child-processes.ts).
// Both take the whole environment (plus PATH); IMDS stays disabled unless the caller turns it on.

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/output.js';
import { processConfigCache } from '../../src/shared-config-cache.js';
import { captureIO, type CaptureOptions } from './capture-io.js';

export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A HOME that does not exist unless the test gives one: the developer's ~/.aws is never read. */
const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true' });

/** runCli's: stand-ins for the machine (CliIO.machine: an emulator's handler as `request`, a virtual clock) and the directory it runs in. */
export type InProcessOptions = Pick<CaptureOptions, 'machine' | 'cwd'>;

/**
 * `credchain ARGS` in process on `io` (captureIO, test/support/capture-io.ts): main(argv, io) as the
 * executable runs it, its exit code. Like a new process it reads the shared config files afresh.
 */
export function runMain(args: string[], io: CliIO): Promise<number> {
  processConfigCache.clear();
  return main(args, io);
}

/**
 * `credchain ARGS` in process: what a fresh process would print on stdout and stderr (no terminal,
 * so no colour) and its exit code.
 */
export async function runCli(args: string[], env: Record<string, string> = {}, options: InProcessOptions = {}): Promise<CliRun> {
  const cli = captureIO({ ...baseEnv(), ...env }, options);
  const code = await runMain(args, cli.io);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** The built CLI as a child process, asynchronously, so an emulator in the test process can answer it. */
export function runCliProcess(args: string[], env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A temporary HOME with the given files (paths relative to it); `cleanup()` removes it. */
export async function sandboxHome(files: Record<string, string> = {}): Promise<{ home: string; cleanup(): Promise<void> }> {
  const home = await mkdtemp(join(tmpdir(), 'credchain-cli-test-'));
  for (const [path, contents] of Object.entries(files)) {
    await mkdir(dirname(join(home, path)), { recursive: true });
    await writeFile(join(home, path), contents, { mode: 0o600 });
  }
  return { home, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** No secret value, no unmasked key id and no session token appears in any of the texts. */
export function expectNoSecrets(texts: string[], secrets: string[]): void {
  const all = texts.join('\n');
  for (const secret of secrets) if (secret.length >= 8) expect(all, `a secret leaked (${secret.slice(0, 4)}…)`).not.toContain(secret);
  expect(all).not.toMatch(/\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/);
  expect(all).not.toContain('IQoJb3JpZ2luX2Vj');
}

/** Whether util-linux `script` is here to give the CLI a terminal (runCliInTerminal): looked up on PATH, no process started. */
export const HAS_SCRIPT = (process.env.PATH ?? '').split(delimiter).some((dir) => {
  try {
    accessSync(join(dir, 'script'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** Runs the built CLI with stdout and stderr on a pseudo-terminal (through `script`), so colour and progress may show. */
export function runCliInTerminal(args: string[], env: Record<string, string> = {}): CliRun {
  const command = [process.execPath, CLI, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: { ...baseEnv(), TERM: 'xterm', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
