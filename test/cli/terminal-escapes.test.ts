// Issue 23, finding 3: outside text reaches the terminal only escaped, by every route the probe
// found — explain's verdict line (an endpoint's AccountId), serve's request log (summarizeCredentials),
// whoami's and atlas-check's Arn / UserId / Atlas user from STS GetCallerIdentity (XML character
// references such as &#27; decode into real control characters). Those values are now checked where
// they enter (src/outside-values.ts): a hostile AccountId is dropped with a trace note (shown escaped),
// a hostile Arn or UserId makes the GetCallerIdentity reply refused without quoting it — so each route
// shows it escaped or not at all, never raw. In process where the command ends by itself; serve runs
// as a process (it runs until a signal).
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { captureIO } from '../support/capture-io.js';
import { runMain } from '../support/run-cli.js';
import { startCli } from '../support/cli-process.js';
import { expectNoSecrets } from '../support/run-cli.js';

/** What an endpoint under an attacker's control answers: retitle the terminal, clear the screen. */
const HOSTILE = '\u001b]0;PWNED\u0007\u001b[2J\u009b31m\u202e';
/** The same, as XML character references in an STS reply (decoded by any XML reader). */
const HOSTILE_XML = '&#27;]0;PWNED&#7;&#x1b;[2J&#155;31m&#x202e;';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator?.close());

const containerWithAccount = (accountId: string) => {
  const user = Object.values(emulator.scenario.users)[0]!;
  emulator.fault('container', {
    status: 200,
    body: JSON.stringify({ AccessKeyId: 'ASIATERMINALESCAPE12', SecretAccessKey: user.secretAccessKey, Token: 'IQoJb3JpZ2luX2VjTerminalEscapesToken', Expiration: new Date(Date.now() + 3600_000).toISOString(), AccountId: accountId }),
  });
};

const callerIdentityWith = (value: string) =>
  emulator.fault('sts:GetCallerIdentity', {
    status: 200,
    body:
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
      `<Arn>arn:aws:sts::123456789012:assumed-role/app${value}/s</Arn><UserId>AROAEXAMPLE${value}:s</UserId><Account>123456789012</Account>` +
      '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
  });

/** GET `url` with the token; the status. */
function getStatus(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { authorization: token } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function expectEscaped(text: string): void {
  expect(text).not.toMatch(RAW);
  expect(text).toContain('\\x1b]0;PWNED\\x07');
}

/** The hostile value was refused where it entered: nothing of it on the terminal, raw or escaped. */
function expectNotShown(text: string): void {
  expect(text).not.toMatch(RAW);
  expect(text).not.toContain('PWNED');
}

/** What whoami and atlas-check say of a GetCallerIdentity reply whose Arn and UserId were refused at entry. */
const REFUSED_IDENTITY = /the reply has an Arn that is not an ARN, a UserId that is not printable ASCII \(not shown\)/;

describe('outside text on the terminal is escaped by every route', () => {
  it("explain: the verdict line with a container endpoint's AccountId (dropped at entry: the trace note shows it escaped)", async () => {
    emulator.reset();
    containerWithAccount(`123456789012${HOSTILE}`);
    const { io, stdout, stderr } = captureIO(emulator.env({ imds: false }));
    expect(await runMain(['explain'], io)).toBe(0);
    expect(stdout()).toMatch(/✓ credentials from container: /);
    expect(stdout()).toMatch(/dropped the AccountId .* answered "123456789012\\x1b\]0;PWNED\\x07/);
    expectEscaped(stdout() + stderr());
  });

  it("whoami: Arn, UserId and the Atlas user from GetCallerIdentity's character references (refused at entry, not shown)", async () => {
    emulator.reset();
    callerIdentityWith(HOSTILE_XML);
    const { io, stdout, stderr } = captureIO(emulator.env({ keys: true, imds: false, container: false }));
    expect(await runMain(['whoami'], io)).toBe(4);
    expect(stderr()).toMatch(REFUSED_IDENTITY);
    expectNotShown(stdout() + stderr());
    // --json: valid JSON with the same refusal, nothing raw.
    const json = captureIO(emulator.env({ keys: true, imds: false, container: false }));
    expect(await runMain(['whoami', '--json'], json.io)).toBe(4);
    expectNotShown(json.stdout() + json.stderr());
    expect(JSON.parse(json.stdout())).toMatchObject({ ok: false, exitCode: 4, error: expect.stringMatching(REFUSED_IDENTITY) });
  });

  it('atlas-check: the identity and Atlas user lines (the reply refused at entry, not shown)', async () => {
    emulator.reset();
    callerIdentityWith(HOSTILE_XML);
    const { io, stdout, stderr } = captureIO(emulator.env({ keys: true, imds: false, container: false }));
    const code = await runMain(['atlas-check', 'mongodb://127.0.0.1:1/?authMechanism=MONGODB-AWS', '--timeout', '2000'], io);
    expect(code).toBe(7);
    expect(stdout()).toMatch(/Identity +unknown \(GetCallerIdentity failed: /);
    expect(stdout()).toMatch(REFUSED_IDENTITY);
    expectNotShown(stdout() + stderr());
  });

  it("serve: the request log line built by summarizeCredentials (the AccountId dropped at entry, not shown)", { tags: ['process'] }, async () => {
    emulator.reset();
    containerWithAccount(`123456789012${HOSTILE}`);
    const serve = startCli(['serve', '--json'], emulator.env({ imds: false }));
    await serve.printed('}\n');
    const facts = JSON.parse(serve.stdout()) as { url: string; tokenFile: string };
    const token = await readFile(facts.tokenFile, 'utf8');
    expect(await getStatus(facts.url, token)).toBe(200);
    await serve.logged('→ 200');
    serve.child.kill('SIGTERM');
    expect(await serve.exit).toBe(0);
    // The AccountId was dropped where it entered: the log line names no account.
    expect(serve.stderr()).toMatch(/GET \/credentials → 200 \(key ASIA…PE12, from container, with session token, expires [^,)]+\)/);
    expectNotShown(serve.stdout() + serve.stderr());
    expectNoSecrets([serve.stdout(), serve.stderr()], [token, ...emulator.secrets()]);
  });
});
