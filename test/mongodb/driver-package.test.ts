// Which @aws-sdk/credential-providers an app's mongodb driver will load, seen from the app's directory
// (src/mongodb/driver-package.ts) and as `credchain explain` / `atlas-check` print it (main() in
// process, run in the app's directory: CliIO.cwd). The apps are small folders with stand-in packages
// whose code, if it ever ran, would leave a file behind: the check reads package.json files only.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultContext } from '../../src/context.js';
import { FileRefusedError } from '../../src/io/file-limits.js';
import { findMongoDbApp, inspectDriverPackage, type PackageFiles } from '../../src/mongodb/driver-package.js';
import { runCli } from '../support/run-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Provider = 'sdk' | 'credchain' | 'none';

/** An app folder: package.json (mongodb among `dependencies` unless devOnly), mongodb, and the package under the SDK's name. */
function app(provider: Provider, { devOnly = false, installed = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'credchain-driver-app-'));
  dirs.push(dir);
  const deps = { mongodb: '^7.9.0' };
  write(dir, 'package.json', JSON.stringify(devOnly ? { name: 'lib', devDependencies: deps } : { name: 'app', dependencies: deps }));
  if (installed) {
    write(dir, 'node_modules/mongodb/package.json', JSON.stringify({ name: 'mongodb', version: '7.9.0', main: 'lib/index.js' }));
    write(dir, 'node_modules/mongodb/lib/index.js', 'module.exports = {};');
  }
  const sdkDir = 'node_modules/@aws-sdk/credential-providers';
  if (provider === 'sdk') {
    write(dir, `${sdkDir}/package.json`, JSON.stringify({ name: '@aws-sdk/credential-providers', version: '3.1169.0', main: './dist-cjs/index.js' }));
    write(dir, `${sdkDir}/dist-cjs/index.js`, 'exports.fromNodeProviderChain = () => {};');
  } else if (provider === 'credchain') {
    // credchain's layout: the entry under dist/cjs/ next to a bare {"type"} package.json.
    write(dir, `${sdkDir}/package.json`, JSON.stringify({ name: 'credchain', version: '0.1.0', main: './dist/cjs/index.js' }));
    write(dir, `${sdkDir}/dist/cjs/package.json`, JSON.stringify({ type: 'commonjs' }));
    write(dir, `${sdkDir}/dist/cjs/index.js`, 'exports.fromNodeProviderChain = () => {};');
  }
  return dir;
}

function write(dir: string, path: string, contents: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), contents);
}

/** Code that proves it ran: it writes `ran-<what>` into the app folder. */
const ranMarker = (dir: string, what: string) => `require('node:fs').writeFileSync(${JSON.stringify(join(dir, `ran-${what}`))}, 'ran'); exports.fromNodeProviderChain = () => {};`;

/** An app whose mongodb and SDK package would each leave a marker if loaded (including their package.json "main"). */
function trapApp(): string {
  const dir = app('sdk');
  write(dir, 'node_modules/mongodb/lib/index.js', ranMarker(dir, 'mongodb'));
  write(dir, 'node_modules/@aws-sdk/credential-providers/dist-cjs/index.js', ranMarker(dir, 'sdk'));
  return dir;
}

const files = (env: Record<string, string | undefined> = {}): PackageFiles => ({ readFile: defaultContext().readFile, env });
const ENV = files();

describe('inspectDriverPackage', () => {
  it('the AWS SDK: named with its version and folder, the benchmark\'s cost of its require(), and the fix; nothing of it is run', async () => {
    const dir = trapApp();
    const report = await inspectDriverPackage(join(dir), ENV);
    expect(report).toMatchObject({ appDir: dir, kind: 'sdk', driver: { name: 'mongodb', version: '7.9.0' }, provider: { name: '@aws-sdk/credential-providers', version: '3.1169.0' } });
    expect(report!.summary).toBe(
      'mongodb 7.9.0 loads @aws-sdk/credential-providers on its first MONGODB-AWS login: the AWS SDK, @aws-sdk/credential-providers 3.1169.0 (./node_modules/@aws-sdk/credential-providers); ' +
        'its require() loads the SDK\'s credential code on every cold start, whatever AWS_CREDENTIAL_PROVIDER you pass (what that costs: npm run bench, part "driver").',
    );
    expect(report!.fix).toMatch(/^Install credchain under that name/);
    expect(existsSync(join(dir, 'ran-sdk'))).toBe(false);
    expect(existsSync(join(dir, 'ran-mongodb'))).toBe(false);
  });

  it('the measurement it points to exists: the bench has a part named "driver"', () => {
    const sections = readFileSync(new URL('../../bench/sections.mjs', import.meta.url), 'utf8');
    expect(sections).toContain("import('./driver.mjs')");
    expect(readFileSync(new URL('../../bench/driver.mjs', import.meta.url), 'utf8')).toMatch(/export const section = \{\n  id: 'driver',/);
  });

  it('follows Node\'s rules without Node: the driver\'s real folder (pnpm\'s symlinks), then NODE_PATH (the Lambda runtime\'s SDK)', async () => {
    // pnpm: node_modules/mongodb links into .pnpm/, where the driver's peer sits beside it — not the app's own copy.
    const pnpm = app('sdk', { installed: false });
    const store = 'node_modules/.pnpm/mongodb@7.9.0/node_modules';
    write(pnpm, `${store}/mongodb/package.json`, JSON.stringify({ name: 'mongodb', version: '7.9.0' }));
    write(pnpm, `${store}/@aws-sdk/credential-providers/package.json`, JSON.stringify({ name: 'credchain', version: '0.1.0' }));
    symlinkSync(join(pnpm, store, 'mongodb'), join(pnpm, 'node_modules', 'mongodb'), 'dir');
    expect(await inspectDriverPackage(pnpm, ENV)).toMatchObject({ kind: 'credchain', driver: { path: join(pnpm, 'node_modules', 'mongodb') }, provider: { path: join(pnpm, store, '@aws-sdk', 'credential-providers') } });
    // Nothing under the app: NODE_PATH's folders come next, in order.
    const lambda = app('none');
    const runtime = mkdtempSync(join(tmpdir(), 'credchain-runtime-'));
    dirs.push(runtime);
    write(runtime, 'node_modules/@aws-sdk/credential-providers/package.json', JSON.stringify({ name: '@aws-sdk/credential-providers', version: '3.999.0' }));
    const report = await inspectDriverPackage(lambda, files({ NODE_PATH: ['/nonexistent/credchain-layer', join(runtime, 'node_modules')].join(':') }));
    expect(report).toMatchObject({ kind: 'sdk', provider: { version: '3.999.0', path: join(runtime, 'node_modules', '@aws-sdk', 'credential-providers') } });
  });

  it('a package.json it must not read (a FIFO, too large) or cannot parse: not checked, saying which file and why — never a hang', async () => {
    const dir = app('sdk');
    const fifoAt = (fifo: string): PackageFiles => ({
      env: {},
      readFile: async (path, options) => {
        if (path === fifo) throw new FileRefusedError('not-regular', path, options?.maxBytes ?? 0, 'a FIFO (named pipe)');
        return defaultContext().readFile(path, options);
      },
    });
    const provider = join(dir, 'node_modules', '@aws-sdk', 'credential-providers', 'package.json');
    expect(await inspectDriverPackage(dir, fifoAt(provider))).toEqual({
      appDir: dir,
      kind: 'unreadable',
      summary: `not checked: cannot read ${provider}: it is a FIFO (named pipe), not a regular file.`,
      fix: `Replace ${provider} with the regular package.json file a package manager writes (npm install)`,
    });
    expect(await inspectDriverPackage(dir, fifoAt(join(dir, 'package.json')))).toMatchObject({ kind: 'unreadable', summary: `not checked: cannot read ${dir}/package.json: it is a FIFO (named pipe), not a regular file.` });
    write(dir, 'node_modules/mongodb/package.json', '{"name": "mongodb", ');
    expect(await inspectDriverPackage(dir, ENV)).toMatchObject({ kind: 'unreadable', summary: `not checked: cannot read ${dir}/node_modules/mongodb/package.json: it is not a JSON object.` });
    write(dir, 'node_modules/mongodb/package.json', 'x'.repeat(1024 * 1024 + 1));
    expect((await inspectDriverPackage(dir, ENV))!.summary).toBe(`not checked: cannot read ${dir}/node_modules/mongodb/package.json: it is larger than 1 MiB.`);
  });

  it('credchain under the SDK\'s name (its dist/cjs package.json has no name): nothing to fix', async () => {
    const report = await inspectDriverPackage(app('credchain'), ENV);
    expect(report).toMatchObject({ kind: 'credchain', provider: { name: 'credchain', version: '0.1.0' } });
    expect(report!.summary).toBe('mongodb 7.9.0 loads @aws-sdk/credential-providers on its first MONGODB-AWS login: credchain 0.1.0 is installed under that name, no AWS SDK code is loaded.');
    expect(report!.fix).toBeUndefined();
  });

  it('none: mongodb 7.x refuses MONGODB-AWS without it', async () => {
    const report = await inspectDriverPackage(app('none'), ENV);
    expect(report).toMatchObject({ kind: 'missing' });
    expect(report!.summary).toMatch(/finds none from \.\/node_modules\/mongodb: mongodb 7\.x refuses MONGODB-AWS without it, even with AWS_CREDENTIAL_PROVIDER set\.$/);
    expect(report!.fix).toMatch(/^Install credchain under that name/);
  });

  it('from a subfolder of the app; mongodb listed but not installed; not an app (mongodb only among devDependencies)', async () => {
    const dir = app('credchain');
    mkdirSync(join(dir, 'src', 'handlers'), { recursive: true });
    expect(await findMongoDbApp(join(dir, 'src', 'handlers'), ENV)).toBe(dir);
    expect(await inspectDriverPackage(app('none', { installed: false }), ENV)).toMatchObject({ kind: 'no-driver', summary: expect.stringMatching(/lists mongodb, but it is not installed: run npm install\.$/) });
    expect(await inspectDriverPackage(app('sdk', { devOnly: true }), ENV)).toBeUndefined();
  });
});

describe('as the CLI prints it', () => {
  it('credchain explain and atlas-check in the app\'s directory: a MongoDB driver paragraph with the fix; --json has it as mongodbDriver; the app\'s code never runs', async () => {
    const dir = trapApp();
    const env = { HOME: dir, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const text = await runCli(['explain'], env, { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\nMongoDB driver: mongodb 7\.9\.0 loads @aws-sdk\/credential-providers on its first MONGODB-AWS login: the AWS SDK, .*; its require\(\) loads the SDK's credential code on every cold start/);
    expect(text.stdout).toMatch(/\n {2}Fix: Install credchain under that name/);
    const json = await runCli(['explain', '--json'], env, { cwd: dir });
    expect(JSON.parse(json.stdout).mongodbDriver).toMatchObject({ kind: 'sdk', provider: { version: '3.1169.0' } });
    expect(text.stdout + json.stdout).not.toContain('wJalrXUtnFEMI');
    const check = await runCli(['atlas-check', 'mongodb://127.0.0.1:1/?authMechanism=MONGODB-AWS', '--timeout', '500'], env, { cwd: dir });
    expect(check.stdout).toMatch(/ {2}Driver +mongodb 7\.9\.0 loads @aws-sdk\/credential-providers on its first MONGODB-AWS login: the AWS SDK/);
    expect(existsSync(join(dir, 'ran-sdk'))).toBe(false);
    expect(existsSync(join(dir, 'ran-mongodb'))).toBe(false);
  });

  it('credchain explain outside a MongoDB app says nothing about the driver', async () => {
    const dir = app('sdk', { devOnly: true });
    const run = await runCli(['explain', '--json'], { HOME: dir }, { cwd: dir });
    expect(JSON.parse(run.stdout)).not.toHaveProperty('mongodbDriver');
  });

  it('atlas-check outside an app: the Driver row says where to run it', async () => {
    const dir = app('sdk', { devOnly: true });
    const run = await runCli(['atlas-check', 'mongodb://127.0.0.1:1/?authMechanism=MONGODB-AWS', '--timeout', '500'], { HOME: dir, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, { cwd: dir });
    expect(run.stdout).toMatch(/ {2}Driver +not checked: no package\.json listing mongodb in its dependencies here or above; run atlas-check in your app's directory/);
  });
});
