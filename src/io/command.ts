// The real child process behind Context.runCommand: the command line goes through the shell, as
// the AWS CLI and SDKs run credential_process. Bounded: the result comes when the process exits
// (after a short drain of its pipes, which a background child may hold open), never later than the
// deadline, and whatever is left of its process group is killed. Each stream has its own size cap.

import { spawn } from 'node:child_process';
import type { CommandResult, RunCommandOptions } from './types.js';

/** Per stream: stdout beyond this is an error (credentials JSON is a few KiB); of stderr the last part is kept. */
export const MAX_STREAM_BYTES = 1024 * 1024;
/** After the process exits, how long its pipes may still deliver what it wrote. */
export const EXIT_DRAIN_MS = 100;

export function runShellCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolve) => {
    const isWindows = process.platform === 'win32';
    const child = spawn(isWindows ? 'cmd.exe' : '/bin/sh', isWindows ? ['/d', '/s', '/c', command] : ['-c', command], {
      env: options.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the whole group can be killed.
      detached: !isWindows,
      windowsHide: true,
    });
    const stdout = new StreamBuffer('head');
    const stderr = new StreamBuffer('tail');
    let timedOut = false;
    let settled = false;
    let exitCode: number | null = null;
    let drain: NodeJS.Timeout | undefined;
    const open = new Set(['stdout', 'stderr']);

    const killGroup = () => {
      try {
        if (!isWindows && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // ESRCH: nothing is left of the group.
      }
    };
    const done = () => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(drain);
      // A background child (`sleep 60 &`) may still hold the pipes: stop listening, end the group.
      killGroup();
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      const result: CommandResult = { exitCode, stdout: stdout.text(), stderr: stderr.text(), timedOut };
      if (stdout.overflowed) result.stdoutTooLarge = true;
      resolve(result);
    };

    child.stdout.on('data', (chunk: Buffer) => {
      stdout.add(chunk);
      // Too much to be credentials: no reason to wait for the rest.
      if (stdout.overflowed) done();
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    for (const name of ['stdout', 'stderr'] as const) {
      child[name].on('error', () => undefined);
      child[name].on('end', () => {
        open.delete(name);
        if (open.size === 0 && drain) done();
      });
    }
    const deadline = setTimeout(() => {
      timedOut = exitCode === null;
      done();
    }, options.timeoutMs);
    child.on('error', () => {
      exitCode = 127;
      done();
    });
    child.on('exit', (code) => {
      exitCode = code;
      if (open.size === 0) return done();
      drain = setTimeout(done, EXIT_DRAIN_MS);
    });
  });
}

/** A stream's bytes up to MAX_STREAM_BYTES: the first ones ('head') or the last ones ('tail'). */
class StreamBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  overflowed = false;
  constructor(private readonly keep: 'head' | 'tail') {}

  add(chunk: Buffer): void {
    if (this.keep === 'head') {
      if (this.overflowed) return;
      const room = MAX_STREAM_BYTES - this.size;
      if (chunk.length > room) {
        this.overflowed = true;
        chunk = chunk.subarray(0, room);
      }
      this.chunks.push(chunk);
      this.size += chunk.length;
      return;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= MAX_STREAM_BYTES) this.size -= this.chunks.shift()!.length;
    if (this.size > MAX_STREAM_BYTES) {
      this.overflowed = true;
      const first = this.chunks[0]!;
      this.chunks[0] = first.subarray(this.size - MAX_STREAM_BYTES);
      this.size = MAX_STREAM_BYTES;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
