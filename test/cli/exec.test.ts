// `credchain exec -- COMMAND`: the command runs with the two served variables and without the AWS
// variables that would beat the container source; its exit code (or 128 + signal) is credchain's;
// signals reach it; the token file is gone and nothing listens afterwards; a long-running command
// keeps getting fresh credentials through its own SDK.
// @module-tag process
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { isListening } from '../support/loopback-port.js';
import { CLI, expectNoSecrets, sandboxHome } from '../support/run-cli.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const KEY_ID = 'AKIAEXECTESTEXAMPLE2';
const SECRET = 'execTestSecretKey/0123456789abcdefghijklmn';

let emulator: Emulator;
let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  emulator = await startEmulator({ scenario: { users: { dev: { accessKeyId: KEY_ID, secretAccessKey: SECRET } } } });
  sandbox = await sandboxHome({ '.aws/credentials': `[base]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n` });
});
afterAll(async () => {
  await emulator?.close();
  await sandbox?.cleanup();
});

const keysEnv = () => ({ HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url, AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: 'base' });

interface ExecRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `credchain exec ARGS` in the repository (so a node child can import the SDK); `onOutput` sees stdout as it comes. */
function exec(args: string[], env: Record<string, string>, onOutput?: (stdout: string, child: ReturnType<typeof spawn>) => void): Promise<ExecRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'exec', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const node = (script: string) => ['--', process.execPath, '--input-type=module', '-e', script];
const PRINT_ENV = `const names = ${JSON.stringify([
  'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_REGION',
])};
console.log(JSON.stringify(Object.fromEntries(names.map((n) => [n, process.env[n] ?? null]))));`;

describe('credchain exec', () => {
  it('sets the two variables, removes the ones that would win in the SDK chain, keeps the rest; afterwards no token file, nothing listening', async () => {
    const run = await exec(node(PRINT_ENV), {
      ...keysEnv(),
      AWS_ACCESS_KEY_ID: 'AKIAIGNOREDBYPROFILE1',
      AWS_SECRET_ACCESS_KEY: 'ignored-secret-because-a-profile-is-selected',
      AWS_SESSION_TOKEN: 'ignored-session-token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token',
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/x',
      AWS_ROLE_SESSION_NAME: 'x',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'stale-token',
    });
    expect(run.code).toBe(0);
    // The only thing credchain says: the same ambiguity warning the SDK gives.
    expect(run.stderr).toMatch(/^credchain: warning: AWS_ACCESS_KEY_ID\/AWS_SECRET_ACCESS_KEY are set but AWS_PROFILE selects profile "base", which wins \(as in the AWS SDK\)\. [^\n]*\n$/);
    const seen = JSON.parse(run.stdout);
    expect(seen).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/),
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: expect.stringMatching(/credchain-serve-[^/]+\/token$/),
      AWS_ACCESS_KEY_ID: null,
      AWS_SECRET_ACCESS_KEY: null,
      AWS_SESSION_TOKEN: null,
      AWS_CREDENTIAL_EXPIRATION: null,
      AWS_PROFILE: null,
      AWS_WEB_IDENTITY_TOKEN_FILE: null,
      AWS_ROLE_ARN: null,
      AWS_ROLE_SESSION_NAME: null,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: null,
      AWS_REGION: 'us-east-1',
    });
    await expect(stat(seen.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)).rejects.toThrow(/ENOENT/);
    await expect(isListening(Number(new URL(seen.AWS_CONTAINER_CREDENTIALS_FULL_URI).port))).resolves.toBe(false);
  });

  it("the command's AWS SDK gets a GetSessionToken session, never the profile's long-term keys", async () => {
    emulator.reset();
    const run = await exec(['--', process.execPath, 'bench/child.mjs', 'sdk', ''], keysEnv());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.ok).toBe(true);
    expect(emulator.issued(result.accessKeyId)).toMatchObject({ issuedBy: 'sts:GetSessionToken', arn: 'arn:aws:iam::123456789012:user/dev' });
    expect(emulator.requests.map((entry) => entry.route)).toEqual(['sts:GetSessionToken']);
    expectNoSecrets([run.stdout.replaceAll(result.accessKeyId, ''), run.stderr], [SECRET, ...emulator.secrets()]);
  });

  it("exits with the command's code, 128 + N when it dies of signal N, 127 when it cannot run, 2 without a command", async () => {
    expect((await exec(node('process.exit(0)'), keysEnv())).code).toBe(0);
    expect((await exec(node('process.exit(7)'), keysEnv())).code).toBe(7);
    expect((await exec(node("process.kill(process.pid, 'SIGKILL')"), keysEnv())).code).toBe(128 + 9);
    const missing = await exec(['--', '/nonexistent/credchain-no-such-command'], keysEnv());
    expect(missing).toMatchObject({ code: 127, stderr: 'credchain: cannot run "/nonexistent/credchain-no-such-command": command not found\n' });
    const usage = await exec([], keysEnv());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/exec needs a command: credchain exec \[--profile NAME\] \[--region REGION\] \[--mfa-code CODE\] -- COMMAND \[ARGS\.\.\.\]\n/);
  });

  it('every line credchain prints itself starts "credchain: ": the warning, and under --debug each request to the served endpoint (as exec --help says)', async () => {
    const fetchOnce = `import { readFileSync } from 'node:fs';
const reply = await fetch(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI, { headers: { authorization: readFileSync(process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, 'utf8') } });
console.log(reply.status);`;
    const run = await exec(['--debug', ...node(fetchOnce)], { ...keysEnv(), AWS_ACCESS_KEY_ID: 'AKIAIGNOREDBYPROFILE1', AWS_SECRET_ACCESS_KEY: 'ignored-secret-because-a-profile-is-selected' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('200\n');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toEqual([expect.stringMatching(/^credchain: warning: AWS_ACCESS_KEY_ID/), expect.stringMatching(/^credchain: GET \/credentials → 200 \(/)]);
    const help = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'exec', '--help']);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('close', () => resolve(text));
    });
    expect(help).toContain('each line starting\n"credchain: "');
    expect(help).toContain('"credchain: GET /credentials → 200 (...)"');
  });

  it('no usable credentials (a selected profile that does not exist stops the chain): the command never runs and credchain exits with its own code (3)', async () => {
    const run = await exec(node("console.log('ran')"), { ...keysEnv(), AWS_PROFILE: 'missing' });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^credchain: [^]*profile "missing" \(selected by AWS_PROFILE\) is not in /);
  });

  // SIGINT and SIGQUIT are not passed on (the terminal sends them to the command itself): signals.test.ts.
  for (const [signal, code] of [['SIGTERM', 42], ['SIGHUP', 44]] as const) {
    it(`forwards ${signal} to the command and exits with its code; the token file is removed`, async () => {
      const script = `${PRINT_ENV}
process.on('${signal}', () => { console.log('got ${signal}'); process.exit(${code}); });
console.log('ready');
setInterval(() => {}, 1000);`;
      let sent = false;
      const run = await exec(node(script), keysEnv(), (stdout, child) => {
        if (!sent && stdout.includes('ready')) {
          sent = true;
          child.kill(signal);
        }
      });
      expect(run.code).toBe(code);
      expect(run.stdout).toMatch(new RegExp(`ready\\ngot ${signal}\\n$`));
      const seen = JSON.parse(run.stdout.split('\n')[0]!);
      await expect(stat(seen.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)).rejects.toThrow(/ENOENT/);
      await expect(isListening(Number(new URL(seen.AWS_CONTAINER_CREDENTIALS_FULL_URI).port))).resolves.toBe(false);
    });
  }

  it('a long-running command keeps getting fresh credentials as they rotate (its SDK asks again, gets a new session)', async () => {
    emulator.reset();
    // Sessions of 11 s (10-11 s left once STS rounds the expiry to the second): within 1.1 s they are
    // inside serve's 10 s margin and the next request gets a new session.
    emulator.scenario.credentialLifetimeSeconds = 11;
    try {
      const script = `import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
const provider = fromNodeProviderChain();
const first = await provider();
await new Promise((resolve) => setTimeout(resolve, 1100));
await provider(); // the SDK returns what it has and refreshes in the background
await new Promise((resolve) => setTimeout(resolve, 300));
const second = await provider();
console.log(JSON.stringify([first.accessKeyId, second.accessKeyId, second.expiration > first.expiration]));`;
      const run = await exec(node(script), keysEnv());
      expect(run.code).toBe(0);
      const [first, second, later] = JSON.parse(run.stdout);
      expect(first).not.toBe(second);
      expect(later).toBe(true);
      expect(emulator.issued(second)).toMatchObject({ issuedBy: 'sts:GetSessionToken' });
      expect(emulator.count('sts:GetSessionToken')).toBeGreaterThanOrEqual(2);
    } finally {
      emulator.scenario.credentialLifetimeSeconds = 3600;
    }
  }, 30_000);
});
