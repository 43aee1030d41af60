// Child processes of a test run (set up by setup.ts for every test file):
//
// 1. Only tests tagged `process` may start one — `it(name, { tags: ['process'] }, fn)`, a describe
//    with that tag, or a file with `// @module-tag process` (its hooks and module code too); they are
//    what `npm run test:unit` leaves out. For any other test, in every lane, node:child_process throws,
//    naming the test and this rule, and the test fails even if the code under test catches the error.
// 2. A child given an explicit environment still gets the run's temporary root (TMPDIR, so what it
//    leaves behind is found by the teardown) and the AWS SDK's switch for its Node-version warning,
//    unless the test sets them itself.

import childProcess from 'node:child_process';
import { readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, type TestContext } from 'vitest';
import { PROCESS_TAG, taggedAsWhole } from './process-tag.js';
import { SDK_VERSION_WARNING_SWITCH } from './sdk-oracle.js';

/** What every child of the run inherits even when a test spells out its environment. */
function runEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['TMPDIR', SDK_VERSION_WARNING_SWITCH]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

let currentTest: TestContext['task'] | undefined;
/** Refusals during the current test: code under test may catch the error (a chain trying the next source), the test still fails. */
let refused: string[] = [];

/**
 * Follows the running test of the current file: setup.ts calls it for every test file (a worker that
 * runs several files loads this module once).
 */
export function watchTests(): void {
  beforeEach(({ task }) => {
    currentTest = task;
    refused = [];
  });
  afterEach(() => {
    currentTest = undefined;
    const attempts = refused;
    refused = [];
    if (attempts.length > 0) throw new Error(attempts[0]);
  });
}

const fileTagged = new Map<string, boolean>();
function testFileIsTagged(path: string | undefined): boolean {
  if (!path) return false;
  let tagged = fileTagged.get(path);
  if (tagged === undefined) fileTagged.set(path, (tagged = taggedAsWhole(readFileSync(path, 'utf8'))));
  return tagged;
}

/** The refusals of the current test, forgotten: for the test of this guard, which provokes one on purpose. */
export function takeRefusals(): string[] {
  const taken = refused;
  refused = [];
  return taken;
}

function mayStartProcesses(): boolean {
  if (currentTest?.tags?.includes(PROCESS_TAG)) return true;
  return testFileIsTagged(expect.getState().testPath);
}

function refuse(name: string, command: unknown): never {
  const where = currentTest ? `the test "${currentTest.name}"` : 'this file (in a hook or at import)';
  const message =
    `child_process.${name}(${JSON.stringify(String(command)).slice(0, 80)}) in ${where}: only tests tagged "${PROCESS_TAG}" may start a process ` +
    `(it(name, { tags: ['${PROCESS_TAG}'] }, fn), or // @module-tag ${PROCESS_TAG} for the file; docs/development.md, "Which lane a test is in"). ` +
    'Unit-lane tests run the CLI with runCli (in process) and inject Context.runCommand instead.';
  refused.push(message);
  throw new Error(message);
}

/** The options argument of any child_process call: the first plain object after the command. */
function withRunEnvironment(args: unknown[]): unknown[] {
  const index = args.findIndex((arg, i) => i > 0 && arg !== null && typeof arg === 'object' && !Array.isArray(arg));
  if (index === -1) return args;
  const options = args[index] as { env?: Record<string, string | undefined> };
  if (!options.env) return args;
  const copy = [...args];
  copy[index] = { ...options, env: { ...runEnvironment(), ...options.env } };
  return copy;
}

const NAMES = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
type ChildProcessFunction = ((...args: unknown[]) => unknown) & { [promisify.custom]?: (...args: unknown[]) => unknown };
const module = childProcess as unknown as Record<string, ChildProcessFunction>;
// A worker may run several test files: wrap the original functions each time, never a wrapper.
const originals = ((globalThis as { [key: symbol]: Record<string, ChildProcessFunction> })[Symbol.for('credchain.test.child-processes')] ??= Object.fromEntries(
  NAMES.map((name) => [name, module[name]!]),
));

for (const name of NAMES) {
  const original = originals[name]!;
  const wrapped: ChildProcessFunction = function (this: unknown, ...args: unknown[]) {
    if (!mayStartProcesses()) refuse(name, args[0]);
    return original.apply(this, withRunEnvironment(args));
  };
  // exec and execFile promisify to { stdout, stderr }: keep that shape.
  const custom = original[promisify.custom];
  if (custom) {
    wrapped[promisify.custom] = (...args: unknown[]) => {
      if (!mayStartProcesses()) refuse(name, args[0]);
      return custom(...withRunEnvironment(args));
    };
  }
  module[name] = wrapped;
}
// `import { spawn } from 'node:child_process'` sees the wrapped functions too.
syncBuiltinESMExports();
