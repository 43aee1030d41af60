// Differential: the STS host each kind of STS call reaches, credchain against the AWS SDK, over the whole
// matrix kind × AWS_REGION × profile region × caller's region × clientConfig.region × FIPS × dual-stack.
// No endpoint override (FIPS refuses one): both run on the real host names, which nock intercepts before
// DNS and answers from the emulator's routes in process (test/support/sts-host-recorder.ts); the hosts must match
// exactly. The one allowed difference (docs/sdk-differences.md): for a profile's web_identity_token_file
// the SDK ignores clientConfig.region; credchain puts it first, as for every other STS call.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromNodeProviderChain as sdkChain } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { fromNodeProviderChain } from '../../src/named-providers/from-node-provider-chain.js';
import type { ChainOptions } from '../../src/source.js';
import { withProcessEnv } from '../support/sdk-oracle.js';
import { recordAwsHosts, type HostRecorder } from '../support/sts-host-recorder.js';
import { quiet } from '../support/quiet-logger.js';

const WEB_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.stsRegionMatrix.sig';
const USER_KEY = 'AKIASTSREGIONMATRIX1';
const USER_SECRET = 'stsRegionMatrixSecret/0123456789abcdefgh';
const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-role`;

const KINDS = ['role hop', 'web identity (env)', 'web identity (profile)'] as const;
type Kind = (typeof KINDS)[number];
const AWS_REGION = 'ap-southeast-2';
const PROFILE_REGION = 'eu-west-1';
const CALLER_REGION = 'eu-central-1';
const CLIENT_CONFIG_REGION = 'us-west-2';

interface Case {
  kind: Kind;
  awsRegion: boolean;
  profileRegion: boolean;
  callerRegion: boolean;
  clientConfigRegion: boolean;
  fips: boolean;
  dualStack: boolean;
}

const flags = [false, true];
const cases: Case[] = KINDS.flatMap((kind) =>
  flags.flatMap((awsRegion) =>
    flags.flatMap((profileRegion) =>
      flags.flatMap((callerRegion) =>
        flags.flatMap((clientConfigRegion) => flags.flatMap((fips) => flags.map((dualStack) => ({ kind, awsRegion, profileRegion, callerRegion, clientConfigRegion, fips, dualStack })))),
      ),
    ),
  ),
);

let emulator: Emulator;
let recorder: HostRecorder;
let dir: string;
let n = 0;

beforeAll(async () => {
  emulator = await startEmulator({
    scenario: { accountId: ACCOUNT, region: 'eu-west-1', roles: { 'app-role': ROLE }, users: { developer: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET } }, webIdentity: { tokens: [WEB_TOKEN] } },
  });
  recorder = recordAwsHosts(emulator);
  dir = mkdtempSync(join(tmpdir(), 'credchain-sts-region-'));
  writeFileSync(join(dir, 'token'), WEB_TOKEN);
});

afterAll(async () => {
  recorder?.stop();
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The environment and the options of one case (fresh file names: the SDK caches files by path). */
function setup(c: Case): { env: Record<string, string>; options: ChainOptions; call?: { callerClientConfig: { region: () => Promise<string> } } } {
  const region = c.profileRegion ? `region = ${PROFILE_REGION}\n` : '';
  const profile =
    c.kind === 'role hop'
      ? `[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\nrole_session_name = matrix\n${region}[profile base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`
      : c.kind === 'web identity (profile)'
        ? `[profile app]\nrole_arn = ${ROLE}\nweb_identity_token_file = ${join(dir, 'token')}\nrole_session_name = matrix\n${region}`
        : `[profile app]\n${region}`;
  const configFile = join(dir, `config-${++n}`);
  writeFileSync(configFile, profile);
  const env: Record<string, string> = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, `credentials-${n}`), AWS_PROFILE: 'app', AWS_EC2_METADATA_DISABLED: 'true' };
  if (c.kind === 'web identity (env)') Object.assign(env, { AWS_WEB_IDENTITY_TOKEN_FILE: join(dir, 'token'), AWS_ROLE_ARN: ROLE, AWS_ROLE_SESSION_NAME: 'matrix' });
  if (c.awsRegion) env.AWS_REGION = AWS_REGION;
  if (c.fips) env.AWS_USE_FIPS_ENDPOINT = 'true';
  if (c.dualStack) env.AWS_USE_DUALSTACK_ENDPOINT = 'true';
  const options: ChainOptions = c.clientConfigRegion ? { clientConfig: { region: CLIENT_CONFIG_REGION } } : {};
  // An SDK client hands its region over as a function, as here.
  return c.callerRegion ? { env, options, call: { callerClientConfig: { region: async () => CALLER_REGION } } } : { env, options };
}

/** The STS host one implementation called, and whether it got credentials. */
async function hostOf(run: () => Promise<{ accessKeyId: string }>): Promise<{ host?: string; ok: boolean; error?: string }> {
  const before = recorder.hosts.length;
  let ok = true;
  let error: string | undefined;
  try {
    await run();
  } catch (caught) {
    ok = false;
    error = (caught as Error).message;
  }
  const hosts = recorder.hosts.slice(before);
  expect(new Set(hosts).size, `one STS host per resolution, got ${hosts.join(', ')}`).toBeLessThanOrEqual(1);
  return { host: hosts[0], ok, ...(error ? { error } : {}) };
}

async function both(c: Case) {
  const { env, options, call } = setup(c);
  const warn = console.warn;
  console.warn = () => {}; // the SDK's "default STS region of us-east-1 used" notice
  try {
    const sdk = await withProcessEnv(env, () => hostOf(() => sdkChain({ ...options, logger: quiet } as never)(call as never)));
    const ours = await hostOf(() => fromNodeProviderChain({ ...options, logger: quiet, context: { env, logger: quiet } })(call));
    return { sdk, ours };
  } finally {
    console.warn = warn;
  }
}

const name = (c: Case) =>
  [c.kind, c.awsRegion && 'AWS_REGION', c.profileRegion && 'profile region', c.callerRegion && 'caller region', c.clientConfigRegion && 'clientConfig.region', c.fips && 'FIPS', c.dualStack && 'dual-stack']
    .filter(Boolean)
    .join(' + ');

describe('STS host: credchain and the SDK agree on every case of the matrix', () => {
  it.each(cases.map((c) => [name(c), c] as const))('%s', async (_name, c) => {
    const { sdk, ours } = await both(c);
    expect(sdk.ok, sdk.error).toBe(true);
    expect(ours.ok, ours.error).toBe(true);
    expect(sdk.host).toMatch(/^sts(-fips)?\.[a-z0-9-]+\.(amazonaws\.com|api\.aws)$/);
    if (c.kind === 'web identity (profile)' && c.clientConfigRegion) {
      // The allowed difference: credchain honours clientConfig.region; the SDK reaches what it would without it.
      const withoutClientConfig = await both({ ...c, clientConfigRegion: false });
      expect(sdk.host).toBe(withoutClientConfig.sdk.host);
      expect(ours.host).toMatch(new RegExp(`^sts(-fips)?\\.${CLIENT_CONFIG_REGION}\\.`));
      return;
    }
    expect(ours.host).toBe(sdk.host);
  });

  it('the cases the issue names, spelled out', async () => {
    const base: Case = { kind: 'role hop', awsRegion: true, profileRegion: true, callerRegion: false, clientConfigRegion: false, fips: false, dualStack: false };
    expect((await both(base)).ours.host).toBe('sts.eu-west-1.amazonaws.com');
    expect((await both({ ...base, fips: true })).ours.host).toBe('sts-fips.eu-west-1.amazonaws.com');
    const caller = await both({ ...base, awsRegion: false, profileRegion: false, callerRegion: true });
    expect(caller.sdk.host).toBe('sts.eu-central-1.amazonaws.com');
    expect(caller.ours.host).toBe('sts.eu-central-1.amazonaws.com');
  });
});

describe('deliberate difference: the profile option selects the profile STS settings come from', () => {
  // The SDK's nested STS client reads its region fallback (and FIPS, dual-stack, endpoint settings) from
  // AWS_PROFILE or `default`, even when the `profile` option selected another profile; credchain reads the
  // selected profile, as the AWS CLI does with --profile (docs/sdk-drop-in.md).
  it('role hop, profile option "app" without a region, [default] with one, no AWS_REGION', async () => {
    const configFile = join(dir, `config-${++n}`);
    writeFileSync(configFile, `[default]\nregion = ap-northeast-1\n[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\nrole_session_name = matrix\n[profile base]\naws_access_key_id = ${USER_KEY}\naws_secret_access_key = ${USER_SECRET}\n`);
    const env = { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: join(dir, `credentials-${n}`), AWS_EC2_METADATA_DISABLED: 'true' };
    const warn = console.warn;
    console.warn = () => {};
    try {
      const sdk = await withProcessEnv(env, () => hostOf(() => sdkChain({ profile: 'app', logger: quiet })()));
      const ours = await hostOf(() => fromNodeProviderChain({ profile: 'app', logger: quiet, context: { env, logger: quiet } })());
      expect(sdk.host).toBe('sts.ap-northeast-1.amazonaws.com');
      expect(ours.host).toBe('sts.us-east-1.amazonaws.com');
    } finally {
      console.warn = warn;
    }
  });
});
