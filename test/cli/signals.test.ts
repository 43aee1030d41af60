// Issue 23, findings 7 and 8: signals, with real processes (signals are the subject). A terminal
// sends Ctrl-C, Ctrl-\ and Ctrl-Z to the whole foreground process group — credchain exec and its
// command alike — so exec must not pass them on again; what is sent to credchain alone (SIGTERM,
// SIGHUP) is passed on. serve removes its token file on SIGHUP (the terminal closed) as on SIGTERM.
// Every step waits on an event (a line printed, an exit), never on a sleep: a signal credchain
// would pass on arrives at the command before the SIGTERM that ends the test, so a count taken at
// that SIGTERM is final. (Two copies of a signal that arrive together merge into one, which would
// hide a double delivery now and then: the group signal is sent three times, one after another.)
// @module-tag process
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isListening } from '../support/loopback-port.js';
import { startCli, type CliProcess } from '../support/cli-process.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());

/** Session credentials from the emulator's container endpoint: nothing to exchange, no STS call. */
const env = () => emulator.env({ imds: false });

/** credchain ARGS leading its own process group, as a shell runs a foreground job. */
const start = (args: string[]) => startCli(args, env(), { ownGroup: true });

/** The command: counts each signal it gets, reports the counts and exits when credchain passes SIGTERM on. */
const COUNTER = `const counts = {};
for (const name of ['SIGINT', 'SIGQUIT', 'SIGTSTP', 'SIGHUP']) process.on(name, () => { counts[name] = (counts[name] ?? 0) + 1; console.log(name + ' ' + counts[name]); });
process.on('SIGTERM', () => { console.log('counts ' + JSON.stringify(counts)); process.exit(42); });
console.log('ready');
setInterval(() => {}, 1000);`;

/** credchain exec running COUNTER, once the command is ready. */
async function execCounter(): Promise<CliProcess> {
  const run = start(['exec', '--', process.execPath, '-e', COUNTER]);
  await run.printed('ready');
  return run;
}

/** Ends the command through credchain (SIGTERM, passed on); the signals the command had counted by then. */
async function countsAtEnd(run: CliProcess): Promise<Record<string, number>> {
  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(42);
  return JSON.parse(/^counts (.*)$/m.exec(run.stdout())![1]!) as Record<string, number>;
}

/** The process state letter in /proc (T = stopped). */
const state = (pid: number) => /\) (\w)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))![1];

/** Resolves once `pid` is in `wanted` state: a stop is not reported to a Node parent, so /proc is looked at (every 5 ms, 5 s at most). */
async function reachesState(pid: number, wanted: string): Promise<string> {
  for (let waited = 0; waited < 5000 && state(pid) !== wanted; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  return state(pid)!;
}

describe('credchain exec passes each signal once', () => {
  for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
    it(`${signal} sent to the whole process group (as the terminal does): the command gets each once, credchain keeps serving until it exits`, async () => {
      const run = await execCounter();
      for (const n of [1, 2, 3]) {
        process.kill(-run.child.pid!, signal);
        await run.printed(`${signal} ${n}`);
      }
      // SIGTERM is sent to credchain alone, so it passes it on after any signal it passed on before.
      expect(await countsAtEnd(run)).toEqual({ [signal]: 3 });
    });

    it(`${signal} sent to credchain alone is not passed on: credchain ignores it while the command runs (the terminal sends the command its own)`, async () => {
      const run = await execCounter();
      run.child.kill(signal);
      expect(await countsAtEnd(run)).toEqual({});
    });
  }

  it('SIGTSTP to the group (Ctrl-Z): credchain stops with the command instead of passing it on; SIGCONT (fg) resumes both', async () => {
    const run = await execCounter();
    process.kill(-run.child.pid!, 'SIGTSTP');
    await run.printed('SIGTSTP 1');
    // Stopped by the default action, as the shell expects of every process in its job.
    expect(await reachesState(run.child.pid!, 'T')).toBe('T');
    process.kill(-run.child.pid!, 'SIGCONT');
    expect(await countsAtEnd(run)).toEqual({ SIGTSTP: 1 });
  });

  it('SIGHUP sent to credchain alone is passed on, once', async () => {
    const run = await execCounter();
    run.child.kill('SIGHUP');
    await run.printed('SIGHUP 1');
    expect(await countsAtEnd(run)).toEqual({ SIGHUP: 1 });
  });
});

describe('credchain serve on SIGHUP', () => {
  it('the terminal closed: it stops, removes the token file and its directory, and closes the port (exit 0)', async () => {
    const run = start(['serve', '--json']);
    await run.printed('}\n');
    const info = JSON.parse(run.stdout()) as { port: number; tokenFile: string };
    await stat(info.tokenFile);
    run.child.kill('SIGHUP');
    expect(await run.exit).toBe(0);
    await expect(stat(info.tokenFile)).rejects.toThrow(/ENOENT/);
    await expect(stat(info.tokenFile.replace(/\/token$/, ''))).rejects.toThrow(/ENOENT/);
    await expect(isListening(info.port)).resolves.toBe(false);
  });
});
