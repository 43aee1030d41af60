// What a cold start loads for an `aws login` profile (the built package in a subprocess, with the load
// tracer): cached keys load the login session code but no refresh, DPoP, endpoint, STS, SSO or SigV4
// code; keys near expiry add the refresh code (and the shared endpoint rules), still no STS or SigV4.
// @module-tag process
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { loadedModules } from '../support/loaded-modules.js';

const root = new URL('../..', import.meta.url);
const hook = new URL('test/support/trace-loads.mjs', root).pathname;

let emulator: Emulator;
const dirs: string[] = [];
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function loadsOf(expiresAt: number): Promise<{ modules: string[]; stdout: string }> {
  const home = mkdtempSync(join(tmpdir(), 'credchain-login-loads-'));
  dirs.push(home);
  const session = emulator.scenario.login.sessionArn;
  mkdirSync(join(home, '.aws', 'login', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), `[profile me]\nlogin_session = ${session}\n`);
  writeFileSync(join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(session).digest('hex')}.json`), JSON.stringify(emulator.loginCache({ expiresAt })));
  const script = "import { credentialChain } from 'credchain'; const e = await credentialChain().explain(); console.log(e.ok ? e.source : e.error);";
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', hook, '--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: home, AWS_PROFILE: 'me', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_SIGNIN: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
  });
  return { modules: loadedModules(stderr).modules, stdout: stdout.trim() };
}

describe('an aws login profile loads only what it uses', () => {
  it('cached keys: the session code, no refresh, DPoP, endpoint, STS, SSO or SigV4 code', async () => {
    const { modules, stdout } = await loadsOf(Date.now() + 3600_000);
    expect(stdout).toBe('profile');
    expect(modules).toEqual(expect.arrayContaining(['providers/login.ts', 'login/session.ts', 'login/cache.ts']));
    expect(modules.filter((f) => /^(login\/(refresh|oauth|dpop|endpoint)|endpoint|sts\/|sso\/|sigv4\/)/.test(f))).toEqual([]);
  });

  it('keys near expiry: the refresh code and the shared endpoint rules, still no STS or SigV4', async () => {
    const { modules, stdout } = await loadsOf(Date.now() + 60_000);
    expect(stdout).toBe('profile');
    expect(modules).toEqual(expect.arrayContaining(['login/refresh.ts', 'login/oauth.ts', 'login/dpop.ts', 'login/endpoint.ts', 'endpoint.ts']));
    expect(modules.filter((f) => /^(sts\/|sigv4\/)/.test(f))).toEqual([]);
  });
});
