// `credchain emulate` as a long-running subprocess: prints the variables (plain and --json), answers
// credchain pointed at it, logs requests on stderr, stops cleanly on SIGINT; bad input → exit 5.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot, runNode } from '../support/consumer-project.js';
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

/** docs/cli.md, where the samples of this command's output live (compared below with real output). */
const CLI_DOC = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
const EMULATE_SAMPLE = CLI_DOC.slice(CLI_DOC.indexOf('\n## `credchain emulate`\n'));

/**
 * The banner with what changes from run to run put in a fixed form: the ports, and each made-up key,
 * token and id. Each pattern matches a value only in its full, real shape, so a sample that shortened
 * or masked a value the banner prints in full does not match.
 */
function steady(text: string): string {
  return text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\/v2\/credentials\/[0-9a-f]{32}'/g, "/v2/credentials/ID'")
    .replace(/^(export AWS_CONTAINER_AUTHORIZATION_TOKEN=)'[\w-]{32,}'$/m, "$1'TOKEN'")
    .replace(/^( *export AWS_ACCESS_KEY_ID=)'A[KS]IA[A-Z0-9]{16}'$/gm, "$1'KEY'")
    .replace(/^( *export AWS_SECRET_ACCESS_KEY=)'[A-Za-z0-9/+]{40}'$/gm, "$1'SECRET'")
    .replace(/^(export AWS_SESSION_TOKEN=)'[A-Za-z0-9/+=]{40,}'$/m, "$1'TOKEN'")
    .replace(/^ {2}eyJ[\w-]+\.[\w-]{20,}\.[\w-]{20,}$/m, '  JWT')
    .replace(/^( {2}access token for ~\/\.aws\/sso\/cache: )[\w-]{32,}$/m, '$1TOKEN')
    .replace(/^ {2}clientId [\w-]{20,} {2}clientSecret [\w-]{20,} {2}refreshToken [\w-]{20,}$/m, '  clientId ID  clientSecret SECRET  refreshToken TOKEN');
}

/**
 * docs/cli.md's sample after `$ COMMAND` is this output: ports and made-up values aside, line for line,
 * where a line `…` in the sample stands for lines left out (each run of lines around it is in the
 * output, in order).
 */
function expectDocSample(command: string, stdout: string): void {
  const start = EMULATE_SAMPLE.indexOf(`${command}\n`);
  expect(start, `docs/cli.md has a sample of ${command}`).toBeGreaterThan(0);
  const sample = EMULATE_SAMPLE.slice(start + command.length + 1, EMULATE_SAMPLE.indexOf('\n```', start));
  const actual = steady(stdout);
  let from = 0;
  for (const chunk of steady(sample).split(/^…\n/m)) {
    const at = actual.indexOf(chunk, from);
    expect(at, `docs/cli.md's sample of ${command}: not in the output in this order:\n${chunk}`).toBeGreaterThanOrEqual(0);
    from = at + chunk.length;
  }
}

/** A request log line's shape: time, method, path, status, route and milliseconds. */
const REQUEST_LOG_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}(?:GET|PUT|POST) \/\S* → \d{3} {2}\([\w:-]+, \d+ ms\)$/;

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
    // docs/cli.md's request log lines have the shape of the real ones.
    expect(run.stderr().split('\n').filter((line) => line.includes('→'))[0]).toMatch(REQUEST_LOG_LINE);
    const sampleLog = /stderr gets one line per request[\s\S]*?```text\n([\s\S]*?)```/.exec(EMULATE_SAMPLE)![1]!.trim().split('\n');
    expect(sampleLog.length).toBeGreaterThan(0);
    for (const line of sampleLog) expect(line).toMatch(REQUEST_LOG_LINE);

    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toMatch(/stopping the emulator/);
  });

  it('plain: banner, export lines, roles and what each endpoint accepts', { tags: ['process'] }, async () => {
    const run = start(['--port', '0']);
    const out = await run.until((text) => text.includes('Ctrl-C stops it.'));
    expectDocSample('$ credchain emulate --port 4566', out);
    expect(out).toMatch(/^credchain emulator listening on http:\/\/127\.0\.0\.1:\d+ — scenario "default", account 123456789012, region us-east-1$/m);
    for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_ENDPOINT_URL_SIGNIN', 'AWS_EC2_METADATA_SERVICE_ENDPOINT', 'AWS_CONTAINER_CREDENTIALS_FULL_URI']) {
      expect(out).toMatch(new RegExp(`^export ${name}='http://127\\.0\\.0\\.1:\\d+`, 'm'));
    }
    expect(out).toMatch(/^ {2}app-role +arn:aws:iam::123456789012:role\/service\/app-role$/m);
    expect(out).toMatch(/IMDS: role instance-role, IMDSv1 refused/);
    expect(out).not.toContain('\u001b[');
    // Every made-up value is printed in full, and so is the sample's (steady() fixes only full-shape values).
    for (const fixed of ["export AWS_CONTAINER_AUTHORIZATION_TOKEN='TOKEN'", "  export AWS_ACCESS_KEY_ID='KEY'", "  export AWS_SECRET_ACCESS_KEY='SECRET'", '  JWT', 'cache: TOKEN', 'clientId ID  clientSecret SECRET  refreshToken TOKEN']) {
      expect(steady(out)).toContain(fixed);
    }
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('--mongodb: the Atlas stand-in and a Lambda-style session; the function\'s code authenticates and finds; each login is logged without a secret', { tags: ['process'] }, async () => {
    const files = await sandboxHome({ 'atlas.json': JSON.stringify({ mongodb: { users: ['arn:aws:iam::123456789012:role/app-role'], databases: { shop: { orders: [{ _id: 'o-1', item: 'lamp' }] } } } }) });
    try {
      const run = start(['--mongodb', '--json', '--scenario', `${files.home}/atlas.json`]);
      const info = JSON.parse(await run.until((out) => out.trimEnd().endsWith('}') && isJson(out)));
      expect(info.mongodb).toMatchObject({ uri: `mongodb://127.0.0.1:${info.mongodb.port}/?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true`, stsHost: 'sts.amazonaws.com', users: ['arn:aws:iam::123456789012:role/app-role'] });
      expect(info.lambda).toMatchObject({ role: 'arn:aws:iam::123456789012:role/service/app-role', env: { AWS_ACCESS_KEY_ID: expect.stringMatching(/^ASIA/) } });
      // The function's code, as the docs write it, in a process of its own with Lambda's variables.
      const code = `const { MongoClient } = require('mongodb');
const { credentialChain } = require(${JSON.stringify(new URL('../../dist/cjs/index.js', import.meta.url).pathname)});
const client = new MongoClient(process.env.MONGODB_URI, { authMechanismProperties: { AWS_CREDENTIAL_PROVIDER: credentialChain() } });
client.db('shop').collection('orders').findOne({ _id: 'o-1' }).then((doc) => { console.log(JSON.stringify(doc)); return client.close(); });`;
      const handler = await runNode(['-e', code], repoRoot, { ...info.lambda.env, AWS_REGION: 'us-east-1', MONGODB_URI: info.mongodb.uri });
      expect(handler.stdout.trim()).toBe('{"_id":"o-1","item":"lamp"}');
      await run.until(() => run.stderr().includes('MONGODB-AWS'));
      expect(run.stderr()).toMatch(/MONGODB-AWS ASIA…\w{4} as arn:aws:iam::123456789012:role\/app-role → authenticated/);
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).not.toContain(info.lambda.env.AWS_SECRET_ACCESS_KEY);
      expect(run.stderr()).not.toContain(info.lambda.env.AWS_SESSION_TOKEN);
    } finally {
      await files.cleanup();
    }
  });

  it('--mongodb plain: the connection string, database users, data, the Lambda variables; a refused login says why', { tags: ['process'] }, async () => {
    const run = start(['--mongodb']);
    const out = await run.until((text) => text.includes('Ctrl-C stops it.'));
    const uri = /^export MONGODB_URI='(mongodb:\/\/127\.0\.0\.1:\d+\/\?authMechanism=MONGODB-AWS&authSource=%24external&directConnection=true)'$/m.exec(out)?.[1];
    expect(uri).toBeDefined();
    // Where each server listens comes first, what shows on stderr and how to stop last.
    expect(out.indexOf('Atlas stand-in (MongoDB, MONGODB-AWS) listening on')).toBeLessThan(out.indexOf('export '));
    expect(out.trimEnd().split('\n').at(-1)).toBe('Requests are logged on stderr as they arrive, and MONGODB-AWS logins with the reason for each refusal. Ctrl-C stops it.');
    expectDocSample('$ credchain emulate --port 4566 --mongodb-port 27017', out);
    expect(out).toMatch(/^ {2}arn:aws:iam::123456789012:role\/app-role$/m);
    expect(out).toMatch(/^Data: shop\.orders \(3 documents\)$/m);
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) expect(out).toMatch(new RegExp(`^export ${name}='`, 'm'));
    const wrong = await runNode(['-e', `const { MongoClient } = require('mongodb');
const c = new MongoClient(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
c.db('shop').command({ ping: 1 }).then(() => console.log('no'), (e) => console.log(e.message)).finally(() => c.close());`], repoRoot, {
      MONGODB_URI: uri!,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(wrong.stdout.trim()).toBe('Authentication failed.');
    await run.until(() => run.stderr().includes('refused'));
    expect(run.stderr()).toMatch(/MONGODB-AWS AKIA…MPLE → refused: STS: InvalidClientTokenId: The security token included in the request is invalid\./);
    // docs/cli.md's login lines have the shape of the real ones, the refusal's reason word for word.
    const LOGIN_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z {2}MONGODB-AWS A[KS]IA…\w{4} (?:as arn:\S+ )?→ (?:authenticated|refused: .+)$/;
    const loginSample = /On stderr, each login:\n\n```text\n([\s\S]*?)```/.exec(EMULATE_SAMPLE)![1]!.trim().split('\n');
    for (const line of [...loginSample, run.stderr().split('\n').find((line) => line.includes('→ refused'))!]) expect(line).toMatch(LOGIN_LINE);
    expect(loginSample.find((line) => line.includes('→ refused'))!.replace(/^.*→ /, '')).toBe(run.stderr().split('\n').find((line) => line.includes('→ refused'))!.replace(/^.*→ /, ''));
    expect(run.stderr()).not.toContain('wJalrXUtnFEMI');
    run.child.kill('SIGINT');
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
    const badMongoPort = await runCli(['emulate', '--mongodb-port', '70000']);
    expect([badMongoPort.code, badMongoPort.stderr]).toEqual([2, expect.stringContaining('--mongodb-port must be a port number (0-65535), got "70000"')]);
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
