// The export lines run through real shells: generated hostile values (all of Unicode, quotes of every
// kind, line breaks, `$( )`, backticks, globs, `%`, `!`, `^`, leading `-`) are exported the way users
// run the output — `eval "$(credchain export)"`, `env $(credchain export --format env-no-export) CMD`,
// `set -a; . ./file`, `credchain export --format fish | source` — and read back from the shell byte for
// byte, while a canary file that every injection tries to create must never appear. Many values per
// shell process, so each shell costs a few spawns.
//
// bash and dash are on every Debian machine (CI included) and are required. zsh, mksh, busybox sh and
// fish are run when installed (apt-get install zsh mksh busybox fish) and otherwise skipped, the
// test's name saying so.
// @module-tag process

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { envNoExportLine, fishLine, posixLine } from '../../src/cli/shell-quote.js';
import { CANARY, carriableValue } from '../support/hostile-values.js';

const BATCH = 60;
const RUNS = 5;
/** Set in the shell's environment before the export runs; the export clears it. */
const STALE = 'CREDCHAIN_STALE';
const work = mkdtempSync(join(tmpdir(), 'credchain-shells-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Shell {
  name: string;
  /** argv before the script text. */
  argv: string[];
  syntax: 'posix' | 'fish';
  /** bash and dash: always there on Debian, so CI must run them. */
  required: boolean;
  install: string;
}

const SHELLS: Shell[] = [
  { name: 'bash', argv: ['bash', '--noprofile', '--norc', '-c'], syntax: 'posix', required: true, install: 'apt-get install bash' },
  { name: 'dash', argv: ['dash', '-c'], syntax: 'posix', required: true, install: 'apt-get install dash' },
  { name: 'zsh', argv: ['zsh', '-f', '-c'], syntax: 'posix', required: false, install: 'apt-get install zsh' },
  { name: 'mksh', argv: ['mksh', '-c'], syntax: 'posix', required: false, install: 'apt-get install mksh' },
  { name: 'busybox sh', argv: ['busybox', 'sh', '-c'], syntax: 'posix', required: false, install: 'apt-get install busybox' },
  { name: 'fish', argv: ['fish', '--no-config', '-c'], syntax: 'fish', required: false, install: 'apt-get install fish' },
];

function installed(shell: Shell): boolean {
  return spawnSync(shell.argv[0]!, [...shell.argv.slice(1), 'exit 0'], { stdio: 'ignore' }).status === 0;
}

/** Runs `script` in `shell` inside a fresh directory; resolves with stdout as bytes and the files left in the directory. */
function run(shell: Shell, script: string, dir: string): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell.argv[0]!, [...shell.argv.slice(1), script], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, [STALE]: 'stale' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `CREDCHAIN_V${i}`);

/** What the shell prints after the export: each value NUL-terminated (no exported value holds NUL), then the stale variable's state. */
function readBack(shell: Shell, count: number): string {
  const values = names(count);
  if (shell.syntax === 'fish') {
    return `${values.map((name) => `printf '%s\\0' $${name}`).join('; ')}; if set -q ${STALE}; printf 'set\\0'; else; printf 'unset\\0'; end`;
  }
  return `printf '%s\\0' ${values.map((name) => `"$${name}"`).join(' ')} "\${${STALE}-unset}"`;
}

/** Exports `values` with `script(file)` in a fresh directory and checks every byte that comes back, and the canary. */
async function roundTrip(shell: Shell, values: string[], lines: string[], script: (file: string) => string, expectStaleCleared = true): Promise<void> {
  const dir = mkdtempSync(join(work, `${shell.name.replace(' ', '-')}-`));
  const file = join(dir, 'exports');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const result = await run(shell, `${script(file)}\n${readBack(shell, values.length)}`, dir);
  expect(existsSync(join(dir, CANARY)), `${shell.name} ran an injected command`).toBe(false);
  expect(result.stderr, `${shell.name} complained`).toBe('');
  expect(result.code).toBe(0);
  const parts = result.stdout.toString('latin1').split('\0');
  expect(parts.pop()).toBe('');
  expect(parts.pop()).toBe(expectStaleCleared ? 'unset' : 'stale');
  expect(parts.length).toBe(values.length);
  parts.forEach((part, i) => expect(Buffer.from(part, 'latin1').toString('hex'), JSON.stringify(values[i])).toBe(Buffer.from(values[i]!, 'utf8').toString('hex')));
  rmSync(dir, { recursive: true, force: true });
}

const batch = fc.array(carriableValue, { minLength: BATCH, maxLength: BATCH });
/** Values env-no-export prints (it refuses the rest; shell-quote.test.ts proves which). */
const bareBatch = fc.array(fc.stringMatching(/^[A-Za-z0-9+/=._:@-]{0,30}$/).filter((value) => !/^=|:=/.test(value)), { minLength: BATCH, maxLength: BATCH });

describe('export formats through real shells: values come back byte for byte, nothing runs', () => {
  for (const shell of SHELLS) {
    const present = installed(shell);
    const skipped = !present && !shell.required;
    const title = (what: string) => `${shell.name}: ${what}${skipped ? ` — SKIPPED: ${shell.name} is not installed here (${shell.install})` : ''}`;

    it.skipIf(skipped)(title('it is here'), () => {
      expect(present, `${shell.name} is part of every Debian install and CI relies on it: ${shell.install}`).toBe(true);
    });

    if (shell.syntax === 'posix') {
      it.skipIf(skipped)(title('--format env with eval "$(…)"'), async () => {
        await fc.assert(
          fc.asyncProperty(batch, async (values) => {
            const lines = [...values.map((value, i) => posixLine(`CREDCHAIN_V${i}`, value)), posixLine(STALE, undefined)];
            await roundTrip(shell, values, lines, (file) => `eval "$(cat '${file}')"`);
          }),
          { numRuns: RUNS },
        );
      });

      it.skipIf(skipped)(title('--format env-no-export with env $(…) CMD and with set -a; . ./file'), async () => {
        await fc.assert(
          fc.asyncProperty(bareBatch, async (values) => {
            const lines = values.map((value, i) => envNoExportLine(`CREDCHAIN_V${i}`, value)!);
            // `env $(…) CMD`: CMD is the same shell, printing what it was given.
            const inner = `${shell.argv.map((word) => `'${word}'`).join(' ')} '${readBack(shell, values.length).replace(/'/g, `'\\''`)}'`;
            await roundTrip(shell, values, lines, (file) => `env $(cat '${file}') ${inner}; exit $?`, false);
            await roundTrip(shell, values, lines, (file) => `set -a; . '${file}'; set +a`, false);
          }),
          { numRuns: RUNS },
        );
      });
    } else {
      it.skipIf(skipped)(title('--format fish with … | source'), async () => {
        await fc.assert(
          fc.asyncProperty(batch, async (values) => {
            const lines = [...values.map((value, i) => fishLine(`CREDCHAIN_V${i}`, value)), fishLine(STALE, undefined)];
            await roundTrip(shell, values, lines, (file) => `cat '${file}' | source`);
          }),
          { numRuns: RUNS },
        );
      });
    }
  }
});
