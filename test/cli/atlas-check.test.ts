// `credchain atlas-check` as users run it: the CLI (main, in process), against the Atlas stand-in
// (TLS, found through a loopback DNS server) and the AWS emulator. Output is parsed, not
// snapshotted, and searched for every secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAtlasEmulator, type AtlasEmulator } from '../../src/emulator/atlas/index.js';
import { startFakeDns, type FakeDns } from '../support/mongo-dns.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runCli } from '../support/run-cli.js';
import { withRunValuesFixed } from '../support/sample-text.js';

const CERT = fileURLToPath(new URL('../fixtures/mongodb/localhost-cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../fixtures/mongodb/localhost-key.pem', import.meta.url));

let emulator: Emulator;
let mongo: AtlasEmulator;
let dns: FakeDns;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator();
  mongo = await startAtlasEmulator({ lookup: (id) => emulator.issued(id), tls: { key: readFileSync(KEY), cert: readFileSync(CERT) } });
  dns = await startFakeDns({
    srv: { '_mongodb._tcp.cluster0.test.invalid': [{ target: 'shard-00.cluster0.test.invalid', port: mongo.port }] },
    txt: { 'cluster0.test.invalid': ['authSource=$external'] },
    a: { 'shard-00.cluster0.test.invalid': '127.0.0.1' },
  });
  home = mkdtempSync(join(tmpdir(), 'credchain-atlas-cli-'));
});
afterAll(async () => {
  await Promise.all([mongo.close(), emulator.close(), dns.close()]);
  rmSync(home, { recursive: true, force: true });
});

const SRV_URI = `mongodb+srv://cluster0.test.invalid/?authMechanism=MONGODB-AWS&tlsCAFile=${encodeURIComponent(CERT)}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI (in process) with only `env` (plus PATH and a sandbox HOME): never the developer's AWS settings. */
async function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const run = await runCli(['atlas-check', ...args], { HOME: home, ...env });
  return { ...run, code: run.code ?? 1 };
}

const keys = () => ({ ...emulator.env({ keys: true, container: false, imds: false }), AWS_EC2_METADATA_DISABLED: 'true' });
const user = () => Object.values(emulator.scenario.users)[0]!;
const secrets = () => [user().secretAccessKey];

function expectNoSecrets(run: Run, extra: string[] = []): void {
  for (const secret of [...secrets(), ...extra]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
  expect(run.stdout + run.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack trace
}

describe('credchain atlas-check (the CLI)', () => {
  it('authenticates over mongodb+srv + TLS: exit 0, --json report', async () => {
    mongo.users = undefined;
    const run = await cli([SRV_URI, '--json', '--dns-server', dns.server], keys());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      ok: true,
      step: 'done',
      tls: true,
      hosts: [`shard-00.cluster0.test.invalid:${mongo.port}`],
      credentials: { source: 'env', accessKeyId: `${user().accessKeyId.slice(0, 4)}…${user().accessKeyId.slice(-4)}` },
      identity: { arn: user().arn },
      databaseUser: user().arn,
    });
    expect(dns.questions).toEqual(expect.arrayContaining(['SRV _mongodb._tcp.cluster0.test.invalid', 'TXT cluster0.test.invalid', 'A shard-00.cluster0.test.invalid']));
    expectNoSecrets(run);
  });

  it('prints a readable success report', async () => {
    const run = await cli([SRV_URI, '--dns-server', dns.server], keys());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`OK: authenticated with MONGODB-AWS as ${user().arn}`);
    expect(run.stdout).toMatch(/Credentials\s+AKIA…\w{4} from env/);
    expectNoSecrets(run);
  });

  it("docs/cli.md's two samples are this command's output (web identity credentials; then a missing database user)", async () => {
    const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const [success, missing] = [...doc.slice(doc.indexOf('\n## `credchain atlas-check <mongodb-uri>`\n')).matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const [line, ...output] = success!.split('\n');
    const uri = /^\$ npx credchain atlas-check "([^"]+)"/.exec(line!)![1]!;
    const token = join(home, 'web-identity-token');
    writeFileSync(token, emulator.scenario.webIdentity.tokens[0]!);
    const env = {
      AWS_WEB_IDENTITY_TOKEN_FILE: token,
      AWS_ROLE_ARN: emulator.scenario.roles['web-identity-role']!.arn,
      AWS_ENDPOINT_URL_STS: emulator.url,
      AWS_REGION: 'us-east-1',
    };
    // The stand-in's port changes from run to run, as the emulator's do.
    const fixed = (text: string) => withRunValuesFixed(text.replace(/(\.test\.invalid):\d+/g, '$1:PORT'));
    // The sample's tlsCAFile is relative to the repository, where the sample was run.
    const run = await runCli(['atlas-check', uri, '--dns-server', dns.server], { HOME: home, ...env }, { cwd: fileURLToPath(new URL('../../', import.meta.url)) });
    expect(run.code, run.stderr).toBe(0);
    expect(fixed(run.stdout)).toBe(fixed(output.join('\n')));
    mongo.users = ['arn:aws:iam::123456789012:user/somebody-else'];
    try {
      const refused = await runCli(['atlas-check', uri, '--dns-server', dns.server], { HOME: home, ...env }, { cwd: fileURLToPath(new URL('../../', import.meta.url)) });
      expect(refused.code).toBe(6);
      expect(fixed(refused.stdout)).toContain(fixed(missing!).trimEnd());
    } finally {
      mongo.users = undefined;
    }
  });

  it('a missing database user: exit 6, the server error, the identity and the ARN to add', async () => {
    mongo.users = ['arn:aws:iam::123456789012:user/somebody-else'];
    try {
      const run = await cli([SRV_URI, '--dns-server', dns.server], keys());
      expect(run.code).toBe(6);
      expect(run.stdout).toContain('FAILED (MONGODB-AWS authentication): the server said: Authentication failed. (AuthenticationFailed)');
      expect(run.stdout).toContain('Likely fix:');
      expect(run.stdout).toContain(`"AWS IAM" and ARN ${user().arn}`);
      expectNoSecrets(run);
      const json = await cli([SRV_URI, '--dns-server', dns.server, '--json'], keys());
      expect(json.code).toBe(6);
      expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, step: 'auth', error: { code: 18, codeName: 'AuthenticationFailed' }, databaseUser: user().arn });
    } finally {
      mongo.users = undefined;
    }
  });

  it('a wrong secret: exit 6, says AWS rejects the credentials, never prints the secret', async () => {
    const wrong = 'ThisIsNotTheSecretKeyThisIsNotTheSecret1';
    const run = await cli([SRV_URI, '--dns-server', dns.server], { ...keys(), AWS_SECRET_ACCESS_KEY: wrong });
    expect(run.code).toBe(6);
    expect(run.stdout).toMatch(/AWS itself rejects these credentials \(.*SignatureDoesNotMatch/);
    expectNoSecrets(run, [wrong]);
  });

  it('no credentials: exit 1 with the listing of every source', async () => {
    const run = await cli([SRV_URI, '--dns-server', dns.server], {});
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAILED \(AWS credentials\): Could not load credentials from any providers/);
    expect(run.stdout).toContain('credchain explain');
  });

  it('a broken source: exit 3 with the source\'s message', async () => {
    const run = await cli([SRV_URI, '--dns-server', dns.server], { AWS_WEB_IDENTITY_TOKEN_FILE: join(home, 'missing-token'), AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/r' });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(join(home, 'missing-token'));
  });

  it('an unreachable cluster: exit 7 with the network fix (a local server: is it running? — no Atlas IP Access List before 127.0.0.1)', async () => {
    const run = await cli(['mongodb://127.0.0.1:1/?authMechanism=MONGODB-AWS', '--timeout', '2000'], keys());
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/FAILED \(connect\): 127\.0\.0\.1:1 refused the connection/);
    expect(run.stdout).toContain('Check that the MongoDB server is running and listening on that host and port.');
    expect(run.stdout).not.toContain('IP Access List');
    expectNoSecrets(run);
  });

  it('a cluster name with no SRV record: its own verdict line, FAILED (DNS), exit 7', async () => {
    const run = await cli(['mongodb+srv://nope.test.invalid/?authMechanism=MONGODB-AWS', '--dns-server', dns.server, '--json'], keys());
    expect(run.code).toBe(7);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, step: 'dns', verdict: 'dns-failed', error: { message: expect.stringMatching(/^DNS has no SRV record _mongodb\._tcp\.nope\.test\.invalid \(ENOTFOUND\)/) } });
    const text = await cli(['mongodb://nohost.test.invalid:27017/?authMechanism=MONGODB-AWS', '--dns-server', dns.server], keys());
    expect(text.code).toBe(7);
    expect(text.stdout).toMatch(/^FAILED \(DNS\): /m);
  });

  it('a DNS server that does not answer is no "no SRV record": the lookup failed, and says so', async () => {
    const run = await cli(['mongodb+srv://cluster0.test.invalid/?authMechanism=MONGODB-AWS', '--dns-server', '127.0.0.1:1', '--timeout', '3000'], keys());
    expect([7, 8]).toContain(run.code);
    expect(run.stdout).not.toMatch(/has no SRV record/);
    expect(run.stdout).toMatch(/^(FAILED \(DNS\): the DNS lookup of the SRV record _mongodb\._tcp\.cluster0\.test\.invalid failed|TIMED OUT \(DNS\): no DNS answer)/m);
  });

  it('a server that never answers: TIMED OUT (hello), exit 8, by the --timeout deadline', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const run = await cli([`mongodb://127.0.0.1:${(silent.address() as AddressInfo).port}/?authMechanism=MONGODB-AWS`, '--timeout', '400'], keys());
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(run.code).toBe(8);
      expect(run.stdout).toMatch(/^TIMED OUT \(hello\): 127\.0\.0\.1:\d+ did not answer hello within \d+ ms; gave up at the --timeout deadline \(400 ms\)$/m);
    } finally {
      silent.close();
    }
  });

  it('STS throttling the role the chain assumes: THROTTLED (AWS credentials), exit 9, by the --timeout deadline (not 2 minutes of waits)', async () => {
    const config = join(home, 'throttled-role-config');
    writeFileSync(config, `[profile app]\nrole_arn = ${emulator.scenario.roles['app-role']!.arn}\ncredential_source = Environment\n`);
    emulator.fault('sts:AssumeRole', { status: 400, body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>' });
    try {
      const started = Date.now();
      const run = await cli([SRV_URI, '--dns-server', dns.server, '--profile', 'app', '--timeout', '3000'], { ...keys(), AWS_CONFIG_FILE: config });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(run.code).toBe(9);
      expect(run.stdout).toMatch(/^THROTTLED \(AWS credentials\): .*AssumeRole.*throttled by STS \d+ times? over [\d.]+ s; gave up: the next try, in [\d.]+ s, would come after the --timeout deadline \(3000 ms\)/m);
      expect(run.stdout).toContain('try again in a minute');
      expectNoSecrets(run);
    } finally {
      emulator.fault('sts:AssumeRole', undefined);
    }
  });

  it.each([
    ['garbage', 'not an IP address'],
    ['dns.example.com', 'a host name, not an IP address'],
    ['1.2.3.4:99999', 'the port must be 1–65535'],
    ['::zz', 'not an IP address'],
    ['[1.2.3.4]:53', 'brackets are for IPv6 addresses'],
    ['', 'empty'],
  ])('--dns-server %j: a usage error (exit 2) naming the flag and the expected form', async (server, why) => {
    const run = await cli([SRV_URI, '--dns-server', server], keys());
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`credchain: --dns-server must be an IP address with an optional port, e.g. 127.0.0.1, 127.0.0.1:5353 or [::1]:53 (got "${server}": ${why})`);
  });

  it('TLS without the CA: exit 7 with a TLS fix', async () => {
    const uri = SRV_URI.replace(/&tlsCAFile=[^&]*/, '');
    const run = await cli([uri, '--dns-server', dns.server], keys());
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/TLS handshake .* failed/);
    // Atlas host names (from SRV): the IP Access List may be what stands in the way.
    expect(run.stdout).toContain('IP Access List');
  });

  it('a string that is no connection string: exit 2, the problem after one blank line, not two', async () => {
    const run = await cli(['not-a-uri'], keys());
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^credchain atlas-check not-a-uri\n\nFAILED \(connection string\): /);
  });

  it('--help: exit 0 and documents options and exit codes', async () => {
    const run = await cli(['--help'], {});
    expect(run.code).toBe(0);
    for (const text of ['--json', '--profile', '--dns-server', '--timeout', 'Exit codes:', '6   the server refused']) expect(run.stdout).toContain(text);
  });

  it.each([
    [[], /connection string is required/],
    [['mongodb://a', 'mongodb://b'], /unexpected argument/],
    [['mongodb://a', '--timeout', 'soon'], /--timeout must be a positive number/],
    [['mongodb://a', '--bogus'], /Unknown option/i],
  ])('usage errors exit 2: %j', async (args, message) => {
    const run = await cli(args as string[], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an invalid connection string: exit 2, the password hidden', async () => {
    const run = await cli(['mongodb://AKIAX:hunter2hunter2@h.invalid/?authMechanism=PLAIN', '--json'], keys());
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: false, step: 'uri' });
    expect(run.stdout).not.toContain('hunter2');
  });
});
