// What a cold start loads around web identity (the built package in a subprocess, with the load tracer):
// passing by an unconfigured web identity loads no STS code; a web identity hit loads the STS client
// but never the SigV4 signer (AssumeRoleWithWebIdentity is unsigned).
// @module-tag process
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { loadedModules } from '../support/loaded-modules.js';

const root = new URL('../..', import.meta.url);
const hook = new URL('test/support/trace-loads.mjs', root).pathname;
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.loadsTestToken.sig';

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: { webIdentity: { tokens: [TOKEN] } } });
  dir = mkdtempSync(join(tmpdir(), 'credchain-wi-loads-'));
  writeFileSync(join(dir, 'token'), TOKEN);
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

async function loadsOf(env: Record<string, string>): Promise<{ files: string[]; stdout: string }> {
  const script = "import { credentialChain } from 'credchain'; const e = await credentialChain({ sources: ['web-identity'] }).explain(); console.log(e.ok ? e.source : e.error);";
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: dir, AWS_EC2_METADATA_DISABLED: 'true', ...env },
    encoding: 'utf8',
  });
  // Source modules (dist/ is bundled: one file holds several of them).
  return { files: loadedModules(stderr).modules, stdout: stdout.trim() };
}

describe('web identity loads only what it uses', () => {
  it('unconfigured: not even the web identity source — the chain tells "not configured" from the environment — and no STS, endpoint or signing code', async () => {
    const { files, stdout } = await loadsOf({});
    expect(stdout).toMatch(/Could not load credentials from any providers/);
    // The bundler's module markers are read: the chain's own modules are there, the source's are not.
    expect(files).toContain('providers/order.ts');
    expect(files).not.toContain('providers/web-identity.ts');
    expect(files.filter((f) => /^(sts\/(client|endpoint|reply|xml)|endpoint|sigv4\/)/.test(f))).toEqual([]);
  });

  it('configured: the STS client, but no SigV4 signer', async () => {
    const { files, stdout } = await loadsOf({
      AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'),
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/eks/web-identity-role',
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_REGION: 'us-east-1',
    });
    expect(stdout).toBe('web-identity');
    expect(files).toContain('sts/client.ts');
    expect(files.filter((f) => f.startsWith('sigv4/'))).toEqual([]);
  });
});
