// Runs the built CLI (dist/cli/main.js) as a subprocess with a controlled environment — never the
// developer's HOME or AWS_* — asynchronously, so an emulator in the test process can answer it.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

export const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` is the whole environment (plus PATH); IMDS stays disabled unless the caller turns it on. */
export function runCli(args: string[], env: Record<string, string> = {}, options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      // A HOME that does not exist unless the test gives one: the developer's ~/.aws is never read.
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

/** Whether util-linux `script` is here to give the CLI a terminal (runCliInTerminal). */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs the built CLI with stdout and stderr on a pseudo-terminal (through `script`), so colour and progress may show. */
export function runCliInTerminal(args: string[], env: Record<string, string> = {}): CliRun {
  const command = [process.execPath, CLI, ...args].map((word) => `'${word.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true', TERM: 'xterm', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
