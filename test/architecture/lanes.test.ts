// The test lanes' rules hold (docs/development.md): a test that is not tagged `process` cannot start a
// child process, even when the code under test catches the error; a child gets the run's temporary
// root and the AWS SDK's switch for its Node-version notice, which silences exactly that notice; what
// a build, a pack or a test run writes into the checkout is ignored by git.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { takeRefusals } from '../support/child-processes.js';
import { SDK_VERSION_WARNING_SWITCH } from '../support/sdk-oracle.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('test lanes', () => {
  it('an untagged test cannot start a process, and fails even when the error is caught', () => {
    expect(() => spawnSync('true')).toThrow(/child_process\.spawnSync\("true"\) in the test "an untagged test cannot start a process[^"]*": only tests tagged "process" may start a process/);
    let caught: unknown;
    try {
      execFileSync('true');
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).toMatch(/it\(name, \{ tags: \['process'\] \}, fn\)/);
    // Both attempts are held against the test (its afterEach would fail it): taken here, on purpose.
    expect(takeRefusals()).toHaveLength(2);
  });

  it("every npm script docs/development.md's Commands name exists, the three lanes among them", () => {
    const doc = readFileSync(`${ROOT}docs/development.md`, 'utf8');
    const development = doc.slice(doc.indexOf('\n## Commands\n'), doc.indexOf('\n## How long the tests take\n'));
    const scripts = Object.keys((JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts);
    const named = [...development.matchAll(/^npm (?:run )?([\w:-]+)/gm)].map((m) => m[1]!).filter((name) => !['pack', 'ci', 'install'].includes(name));
    expect(named).toEqual(expect.arrayContaining(['test:unit', 'test', 'test:package']));
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('the run has a temporary root of its own', () => {
    expect(tmpdir()).toMatch(/\/credchain-test-run-[^/]+$/);
  });

  it('a child given its own environment still gets the run temporary root and the SDK switch; its own TMPDIR wins', { tags: ['process'] }, () => {
    const print = ['-e', `console.log(JSON.stringify([process.env.TMPDIR, process.env.${SDK_VERSION_WARNING_SWITCH}]))`];
    expect(JSON.parse(execFileSync(process.execPath, print, { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' }))).toEqual([tmpdir(), 'true']);
    expect(JSON.parse(execFileSync(process.execPath, print, { env: { PATH: process.env.PATH ?? '', TMPDIR: '/elsewhere' }, encoding: 'utf8' }))).toEqual(['/elsewhere', 'true']);
  });

  it("the AWS SDK's NodeVersionSupportWarning is silenced, and no other warning", { tags: ['process'] }, () => {
    // An old Node version named outright, so the SDK would warn on any Node this runs on.
    const script = `require('@aws-sdk/core/client').emitWarningIfUnsupportedVersion('v18.0.0'); process.emitWarning('another warning');`;
    const run = (env: Record<string, string>) => spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }).stderr;
    const silenced = run({});
    expect(silenced).not.toContain('NodeVersionSupportWarning');
    expect(silenced).toContain('Warning: another warning');
    // Without the switch the SDK does warn: the check above can fail.
    expect(run({ [SDK_VERSION_WARNING_SWITCH]: 'false' })).toContain('NodeVersionSupportWarning');
  });

  it.skipIf(!existsSync(`${ROOT}.git`))('build, pack and test outputs are ignored by git', { tags: ['process'] }, () => {
    const outputs = ['dist/index.js', 'dist/.build-stamp', 'credchain-0.1.0.tgz', 'package.json.unpacked', 'node_modules/.cache/credchain-pack/x/credchain-0.1.0.tgz', 'coverage/index.html'];
    const ignored = execFileSync('git', ['check-ignore', '--no-index', ...outputs], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.trim().split('\n')).toEqual(outputs);
  });
});
