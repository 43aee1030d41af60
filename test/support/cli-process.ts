// The built CLI as a running process that a test talks to while it runs (serve, exec): waits on
// what it prints, never on a sleep. With `ownGroup` it leads its own process group in this session,
// as a shell runs a job (perl's setpgrp, then exec: the same pid) — not `detached`, whose new session
// makes the group orphaned, where the kernel discards Ctrl-Z's SIGTSTP.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI } from './run-cli.js';

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when stdout holds `text`; rejects if the process ends first. */
  printed(text: string): Promise<void>;
  /** Resolves when stderr holds `text`; rejects if the process ends first. */
  logged(text: string): Promise<void>;
  exit: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/** `env` is the whole environment (plus PATH and a HOME that does not exist unless given). */
export function startCli(args: string[], env: Record<string, string>, options: { ownGroup?: boolean } = {}): CliProcess {
  const fullEnv = { PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', ...env };
  const child = options.ownGroup
    ? spawn('perl', ['-e', 'setpgrp(0, 0); exec @ARGV or die "exec: $!"', process.execPath, CLI, ...args], { env: fullEnv, stdio: 'pipe' })
    : spawn(process.execPath, [CLI, ...args], { env: fullEnv, stdio: 'pipe' });
  const text = { stdout: '', stderr: '' };
  const waiting: Array<[keyof typeof text, string, () => void]> = [];
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk: Buffer) => {
      text[stream] += chunk.toString();
      for (const [which, wanted, resolve] of waiting) if (which === stream && text[stream].includes(wanted)) resolve();
    });
  }
  const waitFor = (stream: keyof typeof text, wanted: string) =>
    new Promise<void>((resolve, reject) => {
      if (text[stream].includes(wanted)) return resolve();
      waiting.push([stream, wanted, resolve]);
      void exit.then((code) => reject(new Error(`exited (${code}) before printing ${JSON.stringify(wanted)}:\n${text.stdout}\n${text.stderr}`)));
    });
  return { child, exit, printed: (wanted) => waitFor('stdout', wanted), logged: (wanted) => waitFor('stderr', wanted), stdout: () => text.stdout, stderr: () => text.stderr };
}
