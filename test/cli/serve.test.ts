// One resolution for the whole host: 20 cold processes running the AWS SDK's own fromNodeProviderChain()
// get their credentials from a serve session — all the same emulator-issued key, one upstream call —
// and one more after a forced expiry. Long-term keys are exchanged with GetSessionToken (MFA through
// the mfaCodeProvider) and never served. Then `credchain serve` itself: output, token file, stop.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { resolveContext } from '../../src/context.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startServeSession, type ServeSession } from '../../src/cli/serve-session.js';
import type { ChainOptions } from '../../src/source.js';
import { isListening } from '../support/loopback-port.js';
import { CLI, expectNoSecrets, sandboxHome } from '../support/run-cli.js';

const SDK_CHILD = new URL('../../bench/child.mjs', import.meta.url).pathname;
const KEY_ID = 'AKIASERVETESTEXAMPLE';
const SECRET = 'serveTestSecretKey/0123456789abcdefghijklm';
const MFA_KEY_ID = 'AKIASERVEMFAEXAMPLE2';
const MFA_SECRET = 'serveMfaSecretKey/0123456789abcdefghijklmn';
const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/mfa-user';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
/** Added to the emulator's and the server's clock: a forced expiry moves both, as real time would. */
let offset = 0;
const now = () => Date.now() + offset;

beforeAll(async () => {
  emulator = await startEmulator({
    now,
    scenario: {
      users: { dev: { accessKeyId: KEY_ID, secretAccessKey: SECRET }, 'mfa-user': { accessKeyId: MFA_KEY_ID, secretAccessKey: MFA_SECRET, mfaSerial: MFA_SERIAL } },
    },
  });
  const appRole = emulator.scenario.roles['app-role']!.arn;
  sandbox = await sandboxHome({
    '.aws/config': `[profile app]\nrole_arn = ${appRole}\nsource_profile = base\n[profile mfa]\nmfa_serial = ${MFA_SERIAL}\n`,
    '.aws/credentials': `[base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n[mfa]\naws_access_key_id = ${MFA_KEY_ID}\naws_secret_access_key = ${MFA_SECRET}\n`,
  });
});
afterAll(async () => {
  await emulator?.close();
  await sandbox?.cleanup();
});

const baseEnv = () => ({ HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_EC2_METADATA_DISABLED: 'true' });

async function session(profile: string, extra: Partial<ChainOptions> = {}): Promise<ServeSession> {
  const context = resolveContext({ env: baseEnv(), now, homedir: () => sandbox.home, logger: {} });
  const options: ChainOptions = { context, profile, ignoreCache: true, ...extra };
  return startServeSession({ chain: credentialChain(options), context, options, profileName: profile });
}

interface SdkRun {
  ok: boolean;
  accessKeyId?: string;
  error?: string;
}

/** One cold Node process resolving with the AWS SDK's fromNodeProviderChain(), given only the served variables. */
function sdkChild(env: Record<string, string>): Promise<SdkRun & { output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SDK_CHILD, 'sdk', ''], {
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true', ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve({ ...(JSON.parse(output.trim().split('\n').at(-1)!) as SdkRun), output });
      } catch {
        reject(new Error(`the SDK child printed no result: ${output}`));
      }
    });
  });
}

const twenty = (env: Record<string, string>) => Promise.all(Array.from({ length: 20 }, () => sdkChild(env)));

describe('serve: one upstream call for the whole host', () => {
  it('20 concurrent SDK processes get the same emulator-issued key with 1 AssumeRole; after a forced expiry, 1 more', { tags: ['process'], timeout: 120_000 }, async () => {
    emulator.reset();
    const served = await session('app');
    try {
      const first = await twenty(served.env);
      expect(first.filter((run) => !run.ok)).toEqual([]);
      const keys = new Set(first.map((run) => run.accessKeyId));
      expect(keys.size).toBe(1);
      const [key] = keys;
      expect(emulator.issued(key!)).toMatchObject({ issuedBy: 'sts:AssumeRole', roleArn: emulator.scenario.roles['app-role']!.arn });
      expect(emulator.requests.map((entry) => entry.route)).toEqual(['sts:AssumeRole']);

      offset += 2 * 3600_000; // past the session's expiry, on the emulator's and the server's clock
      const second = await twenty(served.env);
      expect(second.filter((run) => !run.ok)).toEqual([]);
      const keysAfter = new Set(second.map((run) => run.accessKeyId));
      expect(keysAfter.size).toBe(1);
      expect(keysAfter.has(key)).toBe(false);
      expect(emulator.requests.map((entry) => entry.route)).toEqual(['sts:AssumeRole', 'sts:AssumeRole']);
      // Each child prints its key id on purpose; nothing else of the credentials.
      expectNoSecrets([...first, ...second].map((run) => run.output.replaceAll(run.accessKeyId!, '')), [SECRET, ...emulator.secrets()]);
    } finally {
      offset = 0;
      await served.close();
    }
  });

  it('long-term keys are exchanged with GetSessionToken: children get the session, never the keys', { tags: ['process'], timeout: 60_000 }, async () => {
    emulator.reset();
    const served = await session('base');
    try {
      expect(served.first.source).toBe('profile + GetSessionToken');
      const runs = await Promise.all([1, 2, 3].map(() => sdkChild(served.env)));
      expect(runs.map((run) => run.accessKeyId)).toEqual(Array(3).fill(served.first.accessKeyId));
      expect(served.first.accessKeyId).toMatch(/^ASIA/);
      expect(emulator.issued(served.first.accessKeyId)).toMatchObject({ issuedBy: 'sts:GetSessionToken', arn: 'arn:aws:iam::123456789012:user/dev' });
      expect(emulator.requests.map((entry) => entry.route)).toEqual(['sts:GetSessionToken']);
      expect(runs.map((run) => run.output).join('\n')).not.toContain(KEY_ID);
    } finally {
      await served.close();
    }
  });

  it("a profile's mfa_serial is asked through the mfaCodeProvider; without one the session does not start", async () => {
    emulator.reset();
    const asked: string[] = [];
    const served = await session('mfa', { mfaCodeProvider: async (serial) => (asked.push(serial), '123456') });
    try {
      expect(asked).toEqual([MFA_SERIAL]);
      expect(emulator.issued(served.first.accessKeyId)).toMatchObject({ issuedBy: 'sts:GetSessionToken', arn: 'arn:aws:iam::123456789012:user/mfa-user' });
    } finally {
      await served.close();
    }
    const error = await session('mfa').then(
      () => new Error('the session started'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/profile "mfa" has mfa_serial = .*, so the STS GetSessionToken session for its keys needs an MFA code, but no mfaCodeProvider was given/);
  });
});

describe('credchain serve (the command)', { tags: ['process'] }, () => {
  function startServe(args: string[], env: Record<string, string>) {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => stdout.includes('AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE') && (stdout.trimEnd().endsWith('}') || stdout.endsWith('\n\n') || !args.includes('--json')) && resolve());
      void exit.then((code) => reject(new Error(`serve exited (${code}) early: ${stderr}`)));
    });
    ready.catch(() => undefined); // a test that expects an early exit awaits `exit` instead
    return { child, ready, exit, stdout: () => stdout, stderr: () => stderr };
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`--json: the variables, a 0600 token file (token never printed), requests logged; ${signal} stops it, removes the file, closes the port`, async () => {
      emulator.reset();
      const serve = startServe(['--json'], { ...baseEnv(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET });
      await serve.ready;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const info = JSON.parse(serve.stdout());
      expect(info).toMatchObject({ url: `http://127.0.0.1:${info.port}/credentials`, profile: 'default', source: 'env + GetSessionToken', accessKeyId: expect.stringMatching(/^ASIA…[A-Z2-7]{4}$/) });
      expect(info.env).toEqual({ AWS_CONTAINER_CREDENTIALS_FULL_URI: info.url, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: info.tokenFile });
      const file = await stat(info.tokenFile);
      expect(file.mode & 0o777).toBe(0o600);
      expect((await stat(join(info.tokenFile, '..'))).mode & 0o777).toBe(0o700);
      const run = await sdkChild(info.env);
      expect(run.accessKeyId).toMatch(/^ASIA/);
      const token = await readFile(info.tokenFile, 'utf8');
      serve.child.kill(signal);
      expect(await serve.exit).toBe(0);
      await expect(stat(info.tokenFile)).rejects.toThrow(/ENOENT/);
      await expect(stat(join(info.tokenFile, '..'))).rejects.toThrow(/ENOENT/);
      await expect(isListening(info.port)).resolves.toBe(false);
      expect(serve.stderr()).toMatch(/GET \/credentials → 200 \(key ASIA…[A-Z2-7]{4}, from env \+ GetSessionToken/);
      expect(serve.stderr()).toMatch(/stopping: closing the server and removing the token file\n$/);
      expectNoSecrets([serve.stdout(), serve.stderr(), run.output.replaceAll(run.accessKeyId!, '')], [token, SECRET, ...emulator.secrets()]);
    }, 60_000);
  }

  it("mfa_serial on a profile with keys: the code given with --mfa-code goes with GetSessionToken", async () => {
    emulator.reset();
    const serve = startServe(['--json', '--profile', 'mfa', '--mfa-code', '123456'], baseEnv());
    await serve.ready;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const info = JSON.parse(serve.stdout());
    expect(info.source).toBe('profile + GetSessionToken');
    expect(serve.stderr()).toBe('');
    expect(emulator.requests.map((entry) => [entry.route, entry.status])).toEqual([['sts:GetSessionToken', 200]]);
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
  }, 30_000);

  it('mfa_serial with the code on a pipe (no terminal): nothing is read from it; exit 3 naming --mfa-code, no library advice', async () => {
    emulator.reset();
    const serve = startServe(['--profile', 'mfa'], baseEnv());
    serve.child.stdin.end('123456\n');
    expect(await serve.exit).toBe(3);
    expect(serve.stdout()).toBe('');
    expect(serve.stderr()).toBe(
      `credchain: serve (GetSessionToken): no MFA code for ${MFA_SERIAL} (profile "mfa"): there is no terminal to ask for it on: pass the current code of the device with --mfa-code CODE\n`,
    );
    expect(emulator.count('sts')).toBe(0);
  });

  it('keys STS refuses: exit 3 with the STS error and its fix, before anything listens; no secret printed', async () => {
    const serve = startServe([], { ...baseEnv(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: 'wrongSecretKeySENTINEL/0123456789abcdefghi' });
    expect(await serve.exit).toBe(3);
    expect(serve.stdout()).toBe('');
    expect(serve.stderr()).toMatch(/^credchain: serve \(GetSessionToken\): STS GetSessionToken at http:\/\/127\.0\.0\.1:\d+\/ failed: SignatureDoesNotMatch: .*The source credentials do not match/);
    expectNoSecrets([serve.stderr()], ['wrongSecretKeySENTINEL/0123456789abcdefghi', SECRET]);
  });

  it('--port taken: exit 2 naming the port, and the token file it had made is removed', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const tmp = await mkdtemp(join(tmpdir(), 'credchain-serve-test-tmp-'));
      const serve = startServe(['--port', String(port)], { ...baseEnv(), TMPDIR: tmp, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET });
      expect(await serve.exit).toBe(2);
      expect(await readdir(tmp)).toEqual([]);
      await rm(tmp, { recursive: true });
      expect(serve.stderr()).toBe(`credchain: port ${port} is already in use on 127.0.0.1: choose another with --port, or leave it out to get a free one\n`);
      const bad = startServe(['--port', 'http'], baseEnv());
      expect(await bad.exit).toBe(2);
      expect(bad.stderr()).toMatch(/^credchain: --port must be a port number \(0-65535\), got "http"/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("no credentials: exit 1 with the chain's explanation, before anything is printed on stdout", async () => {
    const serve = startServe([], { HOME: '/nonexistent/credchain-test-home', AWS_EC2_METADATA_DISABLED: 'true' });
    expect(await serve.exit).toBe(1);
    expect(serve.stdout()).toBe('');
    expect(serve.stderr()).toMatch(/^credchain: Could not load credentials from any providers/);
  });
});
