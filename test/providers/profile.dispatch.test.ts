// The profile executor hands each base and hop to the module that owns it (STS, SSO, web identity,
// container, IMDS), in plan order; the chain names what comes back 'profile'. Those modules are
// replaced by recorders here; their own behaviour is tested in their own files.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialChain } from '../../src/chain.js';
import type { RoleHop, SsoBase } from '../../src/config/plan.js';
import type { CredentialFields } from '../../src/credentials.js';
import type { RoleHopCall } from '../../src/sts/assume-role.js';
import type { SourceInput } from '../../src/source.js';
import { fakeMachine } from '../support/fake-context.js';
import { expectBroken } from '../support/outcomes.js';

const calls: string[] = [];
const creds = (accessKeyId: string): CredentialFields => ({ accessKeyId, secretAccessKey: 'secret' });

vi.mock('../../src/sts/assume-role.js', () => ({
  assumeRoleHop: vi.fn(async (_call: RoleHopCall, from: CredentialFields, hop: RoleHop) => {
    calls.push(`assume ${hop.roleArn} with ${from.accessKeyId}`);
    return creds(`AKIDROLE-${hop.profile}`);
  }),
}));
vi.mock('../../src/providers/web-identity.js', () => ({
  assumeRoleWithWebIdentity: vi.fn(async (_input: SourceInput, params: Record<string, string>) => {
    calls.push(`web-identity ${JSON.stringify(params)}`);
    return creds('AKIDWEBIDENTITY');
  }),
}));
vi.mock('../../src/providers/sso.js', () => ({
  resolveSsoBase: vi.fn(async (_input: SourceInput, base: SsoBase) => {
    calls.push(`sso ${base.ssoSession ?? '-'} ${base.ssoAccountId}/${base.ssoRoleName}`);
    return creds('AKIDSSO');
  }),
}));
vi.mock('../../src/providers/container.js', () => ({
  source: {
    name: 'container',
    resolve: vi.fn(async (input: SourceInput) => {
      calls.push('container');
      // The SDK's convention for "not configured", as a custom credential source may throw it.
      if (input.context.env.MOCK_NOT_CONFIGURED) throw Object.assign(new Error('AWS_CONTAINER_CREDENTIALS_FULL_URI is not set'), { tryNextLink: true });
      return creds('AKIDCONTAINER');
    }),
  },
}));
vi.mock('../../src/providers/imds.js', () => ({
  source: {
    name: 'imds',
    resolve: vi.fn(async () => {
      calls.push('imds');
      return creds('AKIDIMDS');
    }),
  },
}));

const CONFIG = '/home/test/.aws/config';

async function run(config: string, profile: string, options: { env?: Record<string, string>; mfa?: boolean } = {}) {
  const machine = fakeMachine({ files: { [CONFIG]: config }, env: options.env ?? {} });
  const provider = credentialChain({
    context: machine.context,
    profile,
    sources: ['profile'],
    ...(options.mfa ? { mfaCodeProvider: async () => '123456' } : {}),
  });
  const credentials = await provider();
  return { credentials, explanation: await provider.explain() };
}

beforeEach(() => {
  calls.length = 0;
});

describe('profile executor dispatch', () => {
  it('assumes each hop in order with the credentials of the step before', async () => {
    const config = `[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n[profile c]\naws_access_key_id = AKIDBASE000000000001\naws_secret_access_key = s`;
    const { credentials, explanation } = await run(config, 'a', { env: { AWS_REGION: 'eu-west-1' } });
    expect(calls).toEqual(['assume arn:b with AKIDBASE000000000001', 'assume arn:a with AKIDROLE-b']);
    expect(credentials.accessKeyId).toBe('AKIDROLE-a');
    expect(credentials.source).toBe('profile');
    expect(explanation.trace[0]!.notes).toEqual([
      'profile "c": static keys AKID…0001',
      'profile "b": assume arn:b with the credentials of profile "c"',
      'profile "a": assume arn:a with the credentials of profile "b"',
    ]);
  });

  it('web identity base', async () => {
    await run('[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /var/token\nrole_session_name = pod', 'w');
    expect(calls).toEqual([`web-identity ${JSON.stringify({ roleArn: 'arn:w', tokenFile: '/var/token', profile: 'w', roleSessionName: 'pod' })}`]);
  });

  it('SSO base', async () => {
    await run('[profile s]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://x/start\nsso_region = us-east-1', 's');
    expect(calls).toEqual(['sso corp 111122223333/Dev']);
  });

  it('credential_source = EcsContainer and Ec2InstanceMetadata, then the hop', async () => {
    await run('[profile r]\nrole_arn = arn:r\ncredential_source = EcsContainer', 'r');
    await run('[profile r]\nrole_arn = arn:r\ncredential_source = Ec2InstanceMetadata', 'r');
    expect(calls).toEqual(['container', 'assume arn:r with AKIDCONTAINER', 'imds', 'assume arn:r with AKIDIMDS']);
  });

  it('credential_source = Environment reads the AWS_* variables, then the hop', async () => {
    await run('[profile r]\nrole_arn = arn:r\ncredential_source = Environment', 'r', { env: { AWS_ACCESS_KEY_ID: 'AKIDFROMENV00000001', AWS_SECRET_ACCESS_KEY: 'envsecret' } });
    expect(calls).toEqual(['assume arn:r with AKIDFROMENV00000001']);
  });

  it('turns a "not configured" from a base into a broken profile (never a fall-through)', async () => {
    const error = await run('[profile r]\nrole_arn = arn:r\ncredential_source = EcsContainer', 'r', { env: { MOCK_NOT_CONFIGURED: '1' } }).catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toBe(
      'profile: profile "r" has credential_source = EcsContainer, but AWS_CONTAINER_CREDENTIALS_FULL_URI is not set. Run inside an ECS task or an EKS pod with Pod Identity, or change credential_source',
    );
  });

  it('refuses an mfa_serial hop without an mfaCodeProvider before running anything', async () => {
    const config = '[profile r]\nrole_arn = arn:r\ncredential_source = EcsContainer\nmfa_serial = arn:aws:iam::1:mfa/me';
    const error = await run(config, 'r').catch((e: unknown) => e);
    expectBroken(error);
    expect((error as Error).message).toMatch(/profile "r" has mfa_serial = arn:aws:iam::1:mfa\/me, so assuming arn:r needs an MFA code, but no mfaCodeProvider was given/);
    expect(calls).toEqual([]);
    await run(config, 'r', { mfa: true });
    expect(calls).toEqual(['container', 'assume arn:r with AKIDCONTAINER']);
  });
});
