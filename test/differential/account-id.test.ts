// Differential: an account id that is not 12 digits, from each source where both read one — env
// AWS_ACCOUNT_ID, a profile's aws_account_id, credential_process's AccountId, IMDS's AccountId. The
// AWS SDK's fromNodeProviderChain() passes it through as it came (it reaches exports and prints);
// credchain drops it and serves the same credentials without it (deliberate difference: docs/behaviour.md,
// "Outside values"). A 12-digit one is carried on by both alike.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runSdkChain, withProcessEnv } from '../support/sdk-oracle.js';
import { quiet } from '../support/quiet-logger.js';

const KEY_ID = 'AKIADIFFACCOUNTID234';
const SECRET = 'diffAccountIdSecretSENTINEL/0123456789ab';
const HOSTILE = '123456789012 touch PWNED';
const GOOD = '123456789012';

let emulator: Emulator;
let home: string;
beforeAll(async () => {
  emulator = await startEmulator();
  home = mkdtempSync(join(tmpdir(), 'credchain-account-id-diff-'));
});
afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

function files(name: string, config: string): Record<string, string> {
  const path = join(home, name);
  writeFileSync(path, config);
  return { HOME: home, AWS_CONFIG_FILE: path, AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_DISABLED: 'true' };
}

const processConfig = (accountId: string) => `[default]\ncredential_process = ${JSON.stringify(process.execPath)} -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'${KEY_ID}',SecretAccessKey:'${SECRET}',AccountId:'${accountId}'}))"\n`;

const sources: Array<[string, (accountId: string) => Record<string, string>]> = [
  ['env AWS_ACCOUNT_ID', (accountId) => ({ HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_ACCOUNT_ID: accountId })],
  ['profile aws_account_id', (accountId) => files('config-static', `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\naws_account_id = ${accountId}\n`)],
  ['credential_process AccountId', (accountId) => files('config-process', processConfig(accountId))],
];

async function ours(env: Record<string, string>) {
  const notes: string[] = [];
  const provider = credentialChain({ ignoreCache: true, context: { env, logger: quiet } });
  const credentials = await provider();
  for (const entry of (await provider.explain()).trace) notes.push(...entry.notes);
  return { credentials, notes };
}

describe('account ids: the SDK passes any value through, credchain only 12 digits', () => {
  for (const [name, env] of sources) {
    // credential_process runs a command: a child process.
    const tags = name.startsWith('credential_process') ? ['process'] : [];
    it(`${name}: "${HOSTILE}" — the SDK keeps it, credchain drops it with a note; same keys`, { tags }, async () => {
      const sdk = await runSdkChain(env(HOSTILE));
      expect(sdk.error).toBeUndefined();
      expect(sdk.credentials!.accountId).toBe(HOSTILE);
      const mine = await ours(env(HOSTILE));
      expect(mine.credentials.accessKeyId).toBe(sdk.credentials!.accessKeyId);
      expect(mine.credentials.accountId).toBeUndefined();
      expect(mine.notes.join('\n')).toMatch(/dropped .*"123456789012 touch PWNED": an account id is 12 digits/);
    });

    it(`${name}: a 12-digit one is carried on by both`, { tags }, async () => {
      const sdk = await runSdkChain(env(GOOD));
      const mine = await ours(env(GOOD));
      expect(sdk.credentials!.accountId).toBe(GOOD);
      expect(mine.credentials.accountId).toBe(GOOD);
      expect(mine.notes.join('\n')).not.toMatch(/dropped/);
    });
  }

  it(`IMDS AccountId: "${HOSTILE}" — the SDK keeps it, credchain drops it; same instance role`, async () => {
    emulator.reset();
    const body = JSON.stringify({ Code: 'Success', AccessKeyId: KEY_ID, SecretAccessKey: SECRET, Token: 'diffAccountIdToken0123456789', Expiration: '2099-01-01T00:00:00Z', AccountId: HOSTILE });
    emulator.fault('imds:credentials', { status: 200, body });
    const env = { HOME: home, AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'), AWS_EC2_METADATA_SERVICE_ENDPOINT: emulator.url, AWS_EC2_METADATA_DISABLED: 'false' };
    const sdk = await withProcessEnv(env, () => fromNodeProviderChain({ logger: quiet })());
    const mine = await ours(env);
    emulator.reset();
    expect(sdk.accountId).toBe(HOSTILE);
    expect(mine.credentials.accessKeyId).toBe(sdk.accessKeyId);
    expect(mine.credentials.accountId).toBeUndefined();
    expect(mine.notes.join('\n')).toMatch(/dropped the AccountId IMDS at .* answered "123456789012 touch PWNED"/);
  });
});
