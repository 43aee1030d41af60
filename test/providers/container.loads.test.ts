// What a cold start loads on a container or an EC2 instance with no ~/.aws files (the built package in
// a subprocess, with the load tracer): the profile, process and web identity steps say "not
// configured" from a stat and the environment, so the ECS path loads the entry, the core and the
// container file; the IMDS path adds the IMDS client — never the shared config, profile or STS code.
// @module-tag process
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { loadedModules, type LoadedModules } from '../support/loaded-modules.js';

const root = new URL('../..', import.meta.url);
const hook = new URL('test/support/trace-loads.mjs', root).pathname;

let emulator: Emulator;
let home: string;
beforeAll(async () => {
  emulator = await startEmulator({});
  home = mkdtempSync(join(tmpdir(), 'credchain-container-loads-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(home, { recursive: true, force: true });
});

async function coldStart(env: Record<string, string>): Promise<LoadedModules & { answer: string }> {
  const script = "import { credentialChain } from 'credchain'; const c = await credentialChain()(); console.log(c.source);";
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
    encoding: 'utf8',
  });
  return { ...loadedModules(stderr), answer: stdout.trim() };
}

/** Code no cold start without shared files needs: the config parser and planner, the profile-reading sources, STS, SSO, signing, the named providers' call-time code. */
const NOT_NEEDED = /^(config|sts|sso|login|sigv4|named-providers\/calls)\/|^endpoint\.ts$|^providers\/(profile|process|sso|web-identity|login)\.ts$/;

describe('a container or an instance with no ~/.aws files', () => {
  it('ECS / EKS Pod Identity: the entry, the core and the container file', async () => {
    const { files, modules, answer } = await coldStart(emulator.env({ imds: false }));
    expect(answer).toBe('container');
    expect(files).toEqual(['index.js', expect.stringMatching(/^chunks\/core-[\w-]+\.js$/), expect.stringMatching(/^chunks\/container-[\w-]+\.js$/)]);
    expect(modules).toEqual(expect.arrayContaining(['providers/order.ts', 'providers/container.ts']));
    expect(modules.filter((file) => NOT_NEEDED.test(file) || file.startsWith('metadata/imds-'))).toEqual([]);
  });

  it('EC2: the container file (the reply parser IMDS shares) and the IMDS client, nothing else', async () => {
    const { files, modules, answer } = await coldStart(emulator.env({ container: false }));
    expect(answer).toBe('imds');
    expect(files).toEqual([
      'index.js',
      expect.stringMatching(/^chunks\/core-[\w-]+\.js$/),
      expect.stringMatching(/^chunks\/imds-[\w-]+\.js$/),
      expect.stringMatching(/^chunks\/container-[\w-]+\.js$/),
    ]);
    expect(modules).toEqual(expect.arrayContaining(['providers/imds.ts', 'metadata/imds-client.ts']));
    expect(modules.filter((file) => NOT_NEEDED.test(file))).toEqual([]);
  });
});
