// A real non-JavaScript client through `credchain exec`: Python's botocore (and the AWS CLI v1 on top of
// it, when installed) resolves through the served container endpoint and calls the emulator's STS
// GetCallerIdentity with an endpoint override, so the emulator checks botocore's own SigV4 signature.
// Skipped, with the reason printed, where no Python with a botocore that reads
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (botocore >= 1.33) is installed: CI never depends on it.
// @module-tag process
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { expectNoSecrets, runCliProcess, sandboxHome } from '../support/run-cli.js';

const KEY_ID = 'AKIABOTOCOREEXAMPLE2';
const SECRET = 'botocoreTestSecretKey/0123456789abcdefghij';

/** The first python3 (PATH, then Debian's) whose botocore supports the token file, with its awscli if any. */
function findPython(): { python?: string; awscli: boolean; reason: string } {
  const probe = 'import sys, botocore, botocore.credentials as c; assert hasattr(c.ContainerProvider, "ENV_VAR_AUTH_TOKEN_FILE"), botocore.__version__; print(sys.executable)\ntry:\n import awscli; print("awscli")\nexcept ImportError: pass';
  const reasons: string[] = [];
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const result = spawnSync(candidate, ['-c', probe], { encoding: 'utf8', timeout: 20_000 });
    if (result.status === 0) {
      const [python, awscli] = result.stdout.trim().split('\n');
      return { python: python!, awscli: awscli === 'awscli', reason: '' };
    }
    const last = (result.stderr ?? '').trim().split('\n').at(-1);
    reasons.push(`${candidate}: ${result.error ? (result.error as NodeJS.ErrnoException).code : last?.startsWith('AssertionError') ? `botocore ${last.slice(16)} cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` : last}`);
  }
  return { awscli: false, reason: reasons.join('; ') };
}

const found = findPython();
if (!found.python) console.warn(`SKIP botocore through credchain exec: no usable Python botocore (${found.reason}). Install python3-botocore (>= 1.33) or awscli to run it.`);
else if (!found.awscli) console.warn(`SKIP the AWS CLI through credchain exec: ${found.python} has botocore but no awscli module.`);

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

/** `credchain exec --profile base -- COMMAND` with the emulator as STS. */
const exec = (command: string[]) =>
  runCliProcess(['exec', '--profile', 'base', '--', ...command], { HOME: sandbox.home, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_STS: emulator.url }, { timeoutMs: 60_000 });

describe.skipIf(!found.python)('a non-JavaScript client through credchain exec', () => {
  it('botocore takes the container source and its signed GetCallerIdentity is accepted by the emulator', async () => {
    emulator.reset();
    const script = `import sys, botocore.session
session = botocore.session.get_session()
print(session.get_credentials().method)
client = session.create_client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
print(client.get_caller_identity()['Arn'])`;
    const run = await exec([found.python!, '-c', script, emulator.url]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('container-role\narn:aws:iam::123456789012:user/dev\n');
    expect(emulator.requests.map((entry) => [entry.route, entry.status])).toEqual([['sts:GetSessionToken', 200], ['sts:GetCallerIdentity', 200]]);
    expectNoSecrets([run.stdout, run.stderr], [SECRET, ...emulator.secrets()]);
  }, 60_000);

  it.skipIf(!found.awscli)('the AWS CLI: `aws sts get-caller-identity --endpoint-url` through credchain exec', async () => {
    emulator.reset();
    const run = await exec([found.python!, '-m', 'awscli', 'sts', 'get-caller-identity', '--endpoint-url', emulator.url, '--region', 'us-east-1', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/dev' });
    expect(emulator.requests.map((entry) => entry.route)).toEqual(['sts:GetSessionToken', 'sts:GetCallerIdentity']);
  }, 60_000);
});
