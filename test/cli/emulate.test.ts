// `credchain emulate` as a long-running subprocess: prints the variables (plain and --json), answers
// credchain pointed at it, logs requests on stderr, stops cleanly on SIGINT; bad input → exit 5.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI, runCli, sandboxHome } from '../support/run-cli.js';

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout satisfies `ready`. */
  until(ready: (stdout: string) => boolean): Promise<string>;
  exit: Promise<number | null>;
}

const running: Running[] = [];

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [CLI, 'emulate', ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent/credchain-test-home', ...env } });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    waiters.forEach((wake) => wake());
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const run: Running = {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    until: (ready) =>
      new Promise((resolve, reject) => {
        const check = () => ready(out) && resolve(out);
        waiters.push(check);
        check();
        exit.then((code) => reject(new Error(`emulate exited (${code}) early: ${err}`)));
      }),
  };
  running.push(run);
  return run;
}

let sandbox: Awaited<ReturnType<typeof sandboxHome>>;
beforeAll(async () => {
  sandbox = await sandboxHome({ 'scenario.json': JSON.stringify({ name: 'test', accountId: '210987654321', imds: { v1Allowed: true } }) });
});
afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
});
afterAll(() => sandbox.cleanup());

describe('credchain emulate', () => {
  it('--json: the variables that point credchain at it work; requests are logged; SIGINT stops it (exit 0)', { tags: ['process'] }, async () => {
    const run = start(['--json', '--scenario', `${sandbox.home}/scenario.json`]);
    const info = JSON.parse(await run.until((out) => out.trimEnd().endsWith('}') && isJson(out)));
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    expect(info.scenario).toMatchObject({ name: 'test', accountId: '210987654321' });
    expect(info.env).toMatchObject({ AWS_ENDPOINT_URL_STS: info.url, AWS_CONTAINER_CREDENTIALS_FULL_URI: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v2\/credentials\//) });

    const explain = await runCli(['explain', '--json'], { HOME: sandbox.home, ...info.env });
    expect(JSON.parse(explain.stdout)).toMatchObject({ ok: true, source: 'container', accountId: '210987654321' });
    // The emulator's log line comes through its stderr pipe, possibly a moment after the answer.
    await vi.waitFor(() => expect(run.stderr()).toMatch(/GET \/v2\/credentials\/\w+ → 200 {2}\(container, \d+ ms\)/), { timeout: 5_000 });

    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/stopping the emulator/);
  });

  it('plain: banner, export lines, roles and what each endpoint accepts', { tags: ['process'] }, async () => {
    const run = start(['--port', '0']);
    const out = await run.until((text) => text.includes('Requests are logged'));
    expect(out).toMatch(/^credchain emulator listening on http:\/\/127\.0\.0\.1:\d+ — scenario "default", account 123456789012, region us-east-1$/m);
    for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SIGNIN', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
      expect(out).toMatch(new RegExp(`^export ${name}='http://127\\.0\\.0\\.1:\\d+`, 'm'));
    }
    expect(out).toMatch(/^ {2}app-role +arn:aws:iam::123456789012:role\/service\/app-role$/m);
    expect(out).toMatch(/IMDS: role instance-role, IMDSv1 refused/);
    expect(out).not.toContain('\u001b[');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('a port in use, a bad port, a missing or invalid scenario file: clear errors', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = await runCli(['emulate', '--port', String(port)]);
      expect(busy.code).toBe(5);
      expect(busy.stderr).toMatch(new RegExp(`port ${port} is already in use on 127.0.0.1`));
    } finally {
      blocker.close();
    }
    const badPort = await runCli(['emulate', '--port', 'abc']);
    expect(badPort.code).toBe(2);
    const missing = await runCli(['emulate', '--scenario', `${sandbox.home}/nope.json`]);
    expect([missing.code, missing.stderr]).toEqual([5, `credchain: scenario file ${sandbox.home}/nope.json does not exist\n`]);
    const invalid = await sandboxHome({ 'bad.json': '{"roles": {"x": "not-an-arn"}}', 'notjson.json': '{' });
    try {
      const bad = await runCli(['emulate', '--scenario', `${invalid.home}/bad.json`]);
      expect(bad.code).toBe(5);
      expect(bad.stderr).toMatch(/bad\.json: role "x" has an invalid ARN "not-an-arn"/);
      const notJson = await runCli(['emulate', '--scenario', `${invalid.home}/notjson.json`]);
      expect(notJson.stderr).toMatch(/notjson\.json is not valid JSON/);
    } finally {
      await invalid.cleanup();
    }
  });

  it('an unknown scenario key is an error naming it and the closest valid key (never silently the default)', async () => {
    const files = await sandboxHome({
      'top.json': JSON.stringify({ acountId: '210987654321' }),
      'nested.json': JSON.stringify({ imds: { v1allowed: true } }),
      'deep.json': JSON.stringify({ sso: { assignments: [{ accountId: '210987654321', role: 'x' }] } }),
      'far.json': JSON.stringify({ zzz: 1 }),
      'login.json': JSON.stringify({ login: { sesionArn: 'arn:aws:iam::210987654321:user/me' } }),
    });
    try {
      const top = await runCli(['emulate', '--scenario', `${files.home}/top.json`]);
      expect(top.code).toBe(5);
      expect(top.stderr).toMatch(/^credchain: scenario file \S+top\.json: unknown key "acountId"; did you mean "accountId"\? \(top-level keys: name, accountId, /);
      const nested = await runCli(['emulate', '--scenario', `${files.home}/nested.json`]);
      expect(nested.stderr).toMatch(/unknown key "imds\.v1allowed"; did you mean "v1Allowed"\? \(keys of imds: role, v1Allowed, instanceId\)/);
      const deep = await runCli(['demo', '--scenario', `${files.home}/deep.json`]);
      expect(deep.code).toBe(5);
      expect(deep.stderr).toMatch(/unknown key "sso\.assignments\[0\]\.role"; did you mean "roleName"\?/);
      const login = await runCli(['emulate', '--scenario', `${files.home}/login.json`]);
      expect(login.stderr).toMatch(/unknown key "login\.sesionArn"; did you mean "sessionArn"\?/);
      const far = await runCli(['emulate', '--scenario', `${files.home}/far.json`]);
      expect(far.stderr).toMatch(/unknown key "zzz" \(top-level keys: /);
    } finally {
      await files.cleanup();
    }
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
