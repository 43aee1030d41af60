// Which @aws-sdk/credential-providers an app's mongodb driver will load, seen from the app's directory
// (src/mongodb/driver-package.ts) and as `credchain explain` / `atlas-check` print it (main() in
// process, run in the app's directory: CliIO.cwd). The apps are small folders with stand-in packages:
// nothing is loaded but what the check itself require()s to time — in child processes, so the tests
// that reach an AWS SDK to time are tagged `process`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMongoDbApp, inspectDriverPackage } from '../../src/mongodb/driver-package.js';
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

const ENV = { PATH: process.env.PATH };

describe('inspectDriverPackage', () => {
  it('the AWS SDK: named with its version and folder, its require() timed, and the fix', { tags: ['process'] }, async () => {
    const dir = app('sdk');
    const report = await inspectDriverPackage(join(dir), ENV);
    expect(report).toMatchObject({ appDir: dir, kind: 'sdk', driver: { name: 'mongodb', version: '7.9.0' }, provider: { name: '@aws-sdk/credential-providers', version: '3.1169.0' } });
    expect(report!.requireMs).toBeGreaterThan(0);
    expect(report!.summary).toMatch(
      /^mongodb 7\.9\.0 loads @aws-sdk\/credential-providers on its first MONGODB-AWS login: the AWS SDK, @aws-sdk\/credential-providers 3\.1169\.0 \(\.\/node_modules\/@aws-sdk\/credential-providers\); its require\(\) alone takes \d+ ms here, in every cold start, whatever AWS_CREDENTIAL_PROVIDER you pass\.$/,
    );
    expect(report!.fix).toMatch(/^Install credchain under that name/);
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
    expect(await findMongoDbApp(join(dir, 'src', 'handlers'))).toBe(dir);
    expect(await inspectDriverPackage(app('none', { installed: false }), ENV)).toMatchObject({ kind: 'no-driver', summary: expect.stringMatching(/lists mongodb, but it is not installed: run npm install\.$/) });
    expect(await inspectDriverPackage(app('sdk', { devOnly: true }), ENV)).toBeUndefined();
  });
});

describe('as the CLI prints it', () => {
  it('credchain explain in the app\'s directory: a MongoDB driver paragraph with the fix; --json has it as mongodbDriver', { tags: ['process'] }, async () => {
    const dir = app('sdk');
    const env = { HOME: dir, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const text = await runCli(['explain'], env, { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\nMongoDB driver: mongodb 7\.9\.0 loads @aws-sdk\/credential-providers on its first MONGODB-AWS login: the AWS SDK, .*; its require\(\) alone takes \d+ ms here/);
    expect(text.stdout).toMatch(/\n {2}Fix: Install credchain under that name/);
    const json = await runCli(['explain', '--json'], env, { cwd: dir });
    expect(JSON.parse(json.stdout).mongodbDriver).toMatchObject({ kind: 'sdk', provider: { version: '3.1169.0' } });
    expect(text.stdout + json.stdout).not.toContain('wJalrXUtnFEMI');
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
