// planProfile(): every rule of docs/behaviour.md, "Profiles", table-driven, no I/O. Profiles are written as config-file
// text so the tables read like the files users write.

import { describe, expect, it } from 'vitest';
import { parseProfileFiles } from '../../src/config/parse.js';
import { planProfile, type ProfilePlan } from '../../src/config/plan.js';
import type { SharedConfig } from '../../src/config/types.js';
import { source as profileSource } from '../../src/providers/profile.js';
import { fakeMachine } from '../support/fake-context.js';
import { labelled, sourceInput } from '../support/source-input.js';
import { CredentialsProviderError } from '../../src/errors.js';
import { expectBroken, expectNotConfigured } from '../support/outcomes.js';

/** What the chain reports for a profile the planner refuses: the profile source's labelled error. */
async function chainError(shared: SharedConfig, profile: string): Promise<unknown> {
  const input = sourceInput(fakeMachine({}).context, { profile }, { loadConfig: async () => shared });
  return labelled('profile', profileSource.resolve(input)).then(() => undefined, (error: unknown) => error);
}

const SECRET = 'planSecretSENTINEL/abcdefghijklmnop';

function config(configText: string, credentialsText = ''): SharedConfig {
  const configFile = '/home/test/.aws/config';
  const credentialsFile = '/home/test/.aws/credentials';
  const { profiles, ssoSessions, services } = parseProfileFiles([
    { kind: 'config', path: configFile, text: configText },
    { kind: 'credentials', path: credentialsFile, text: credentialsText },
  ]);
  return { profiles, ssoSessions, services, configFile, credentialsFile };
}

const KEYS = `aws_access_key_id = AKIDBASE000000000001\naws_secret_access_key = ${SECRET}`;

interface PlanCase {
  name: string;
  config: string;
  credentials?: string;
  profile?: string;
  plan: Omit<ProfilePlan, 'profile'>;
}

const plans: PlanCase[] = [
  {
    name: 'static keys',
    config: `[default]\n${KEYS}\naws_session_token = tok\naws_account_id = 123456789012\naws_credential_scope = us-east-1`,
    plan: {
      base: { kind: 'static', profile: 'default', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET, sessionToken: 'tok', accountId: '123456789012', credentialScope: 'us-east-1' },
      hops: [],
    },
  },
  {
    name: 'beyond: credential keys in another case when the lower-case key is absent',
    config: `[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER0000000001\nAws_Secret_Access_Key = ${SECRET}\nAWS_SESSION_TOKEN = tok`,
    plan: { base: { kind: 'static', profile: 'default', accessKeyId: 'AKIDUPPER0000000001', secretAccessKey: SECRET, sessionToken: 'tok' }, hops: [] },
  },
  {
    name: 'the lower-case key wins over another case',
    config: `[default]\nAWS_ACCESS_KEY_ID = AKIDUPPER0000000001\n${KEYS}`,
    plan: { base: { kind: 'static', profile: 'default', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET }, hops: [] },
  },
  {
    name: 'role_arn + source_profile: the source profile, then one hop with every option',
    config: `[profile dev]\nrole_arn = arn:aws:iam::123456789012:role/dev\nsource_profile = base\nrole_session_name = me\nexternal_id = ext\nduration_seconds = 900\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n[profile base]\n${KEYS}`,
    profile: 'dev',
    plan: {
      base: { kind: 'static', profile: 'base', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET },
      hops: [{ profile: 'dev', roleArn: 'arn:aws:iam::123456789012:role/dev', roleSessionName: 'me', externalId: 'ext', durationSeconds: 900, mfaSerial: 'arn:aws:iam::123456789012:mfa/me' }],
    },
  },
  {
    name: 'chained roles are hops in call order',
    config: `[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n[profile c]\n${KEYS}`,
    profile: 'a',
    plan: {
      base: { kind: 'static', profile: 'c', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET },
      hops: [
        { profile: 'b', roleArn: 'arn:b' },
        { profile: 'a', roleArn: 'arn:a' },
      ],
    },
  },
  {
    name: 'a profile reached as source_profile uses its static keys even when it has role_arn',
    config: `[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n${KEYS}`,
    profile: 'a',
    plan: { base: { kind: 'static', profile: 'b', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET }, hops: [{ profile: 'a', roleArn: 'arn:a' }] },
  },
  {
    name: 'a profile that names itself and has keys is valid (its keys assume its role)',
    config: `[profile self]\nrole_arn = arn:self\nsource_profile = self\n${KEYS}`,
    profile: 'self',
    plan: { base: { kind: 'static', profile: 'self', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET }, hops: [{ profile: 'self', roleArn: 'arn:self' }] },
  },
  {
    name: 'selected directly, role_arn wins over the same profile\'s static keys',
    config: `[profile r]\nrole_arn = arn:r\ncredential_source = Environment\n${KEYS}`,
    profile: 'r',
    plan: { base: { kind: 'credential-source', profile: 'r', credentialSource: 'Environment' }, hops: [{ profile: 'r', roleArn: 'arn:r' }] },
  },
  ...(['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const).map((credentialSource) => ({
    name: `credential_source = ${credentialSource}`,
    config: `[profile r]\nrole_arn = arn:r\ncredential_source = ${credentialSource}`,
    profile: 'r',
    plan: { base: { kind: 'credential-source' as const, profile: 'r', credentialSource }, hops: [{ profile: 'r', roleArn: 'arn:r' }] },
  })),
  {
    name: 'a source profile with only credential_source (no role_arn) gives the credential source itself (SDK rule)',
    config: `[profile r]\nrole_arn = arn:r\nsource_profile = ec2\n[profile ec2]\ncredential_source = Ec2InstanceMetadata`,
    profile: 'r',
    plan: { base: { kind: 'credential-source', profile: 'ec2', credentialSource: 'Ec2InstanceMetadata' }, hops: [{ profile: 'r', roleArn: 'arn:r' }] },
  },
  {
    name: 'web_identity_token_file + role_arn',
    config: `[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /var/run/token\nrole_session_name = pod`,
    profile: 'w',
    plan: { base: { kind: 'web-identity', profile: 'w', roleArn: 'arn:w', webIdentityTokenFile: '/var/run/token', roleSessionName: 'pod' }, hops: [] },
  },
  {
    name: 'a web identity source profile, then a hop',
    config: `[profile r]\nrole_arn = arn:r\nsource_profile = w\n[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /t`,
    profile: 'r',
    plan: { base: { kind: 'web-identity', profile: 'w', roleArn: 'arn:w', webIdentityTokenFile: '/t' }, hops: [{ profile: 'r', roleArn: 'arn:r' }] },
  },
  {
    name: 'credential_process, with aws_account_id as the AccountId fallback',
    config: `[profile p]\ncredential_process = /usr/bin/get-creds --user me\naws_account_id = 123456789012`,
    profile: 'p',
    plan: { base: { kind: 'process', profile: 'p', command: '/usr/bin/get-creds --user me', accountId: '123456789012' }, hops: [] },
  },
  {
    name: 'static keys win over credential_process (SDK order)',
    config: `[profile p]\ncredential_process = get-creds\n${KEYS}`,
    profile: 'p',
    plan: { base: { kind: 'static', profile: 'p', accessKeyId: 'AKIDBASE000000000001', secretAccessKey: SECRET }, hops: [] },
  },
  {
    name: 'web identity wins over credential_process (SDK order)',
    config: `[profile p]\ncredential_process = get-creds\nrole_arn = arn:w\nweb_identity_token_file = /t`,
    profile: 'p',
    plan: { base: { kind: 'web-identity', profile: 'p', roleArn: 'arn:w', webIdentityTokenFile: '/t' }, hops: [] },
  },
  {
    name: 'credential_process wins over SSO (SDK order)',
    config: `[profile p]\ncredential_process = get-creds\nsso_session = s`,
    profile: 'p',
    plan: { base: { kind: 'process', profile: 'p', command: 'get-creds' }, hops: [] },
  },
  {
    name: 'legacy SSO keys',
    config: `[profile s]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 123456789012\nsso_role_name = Dev`,
    profile: 's',
    plan: { base: { kind: 'sso', profile: 's', ssoStartUrl: 'https://d-1.awsapps.com/start', ssoRegion: 'eu-west-1', ssoAccountId: '123456789012', ssoRoleName: 'Dev' }, hops: [] },
  },
  {
    name: 'sso_session: [sso-session NAME] supplies start URL and region (and replaces the profile\'s, as in the SDK)',
    config: `[profile s]\nsso_session = corp\nsso_region = us-west-2\nsso_account_id = 123456789012\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1`,
    profile: 's',
    plan: {
      base: { kind: 'sso', profile: 's', ssoSession: 'corp', ssoStartUrl: 'https://corp.awsapps.com/start', ssoRegion: 'eu-central-1', ssoAccountId: '123456789012', ssoRoleName: 'Dev' },
      hops: [],
    },
  },
  {
    name: 'login_session (aws login), with the profile region as a sign-in region fallback',
    config: '[profile me]\nlogin_session = arn:aws:iam::123456789012:user/me\nregion = eu-west-1',
    profile: 'me',
    plan: { base: { kind: 'login', profile: 'me', loginSession: 'arn:aws:iam::123456789012:user/me', region: 'eu-west-1' }, hops: [] },
  },
  {
    name: 'sso settings come before login_session (the SDK\'s order)',
    config: `[profile s]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 123456789012\nsso_role_name = Dev\nlogin_session = arn:aws:iam::1:user/me`,
    profile: 's',
    plan: { base: { kind: 'sso', profile: 's', ssoStartUrl: 'https://d-1.awsapps.com/start', ssoRegion: 'eu-west-1', ssoAccountId: '123456789012', ssoRoleName: 'Dev' }, hops: [] },
  },
  {
    name: 'a login profile as the source_profile of a role chain',
    config: '[profile r]\nrole_arn = arn:r\nsource_profile = me\n[profile me]\nlogin_session = arn:aws:iam::123456789012:user/me',
    profile: 'r',
    plan: { base: { kind: 'login', profile: 'me', loginSession: 'arn:aws:iam::123456789012:user/me' }, hops: [{ profile: 'r', roleArn: 'arn:r' }] },
  },
  {
    name: 'credentials-file keys win over config-file keys, per profile',
    config: `[profile dev]\naws_access_key_id = AKIDCONFIG000000001\naws_secret_access_key = from-config\nregion = us-east-2`,
    credentials: `[dev]\naws_access_key_id = AKIDCREDS0000000001`,
    profile: 'dev',
    plan: { base: { kind: 'static', profile: 'dev', accessKeyId: 'AKIDCREDS0000000001', secretAccessKey: 'from-config' }, hops: [] },
  },
  {
    name: 'duration_seconds is read as parseInt, as in the SDK',
    config: `[profile r]\nrole_arn = arn:r\ncredential_source = Environment\nduration_seconds = 1800s`,
    profile: 'r',
    plan: { base: { kind: 'credential-source', profile: 'r', credentialSource: 'Environment' }, hops: [{ profile: 'r', roleArn: 'arn:r', durationSeconds: 1800 }] },
  },
];

describe('planProfile: plans (docs/behaviour.md, "Profiles")', () => {
  it.each(plans.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const profile = testCase.profile ?? 'default';
    expect(planProfile(config(testCase.config, testCase.credentials), profile)).toEqual({ profile, ...testCase.plan });
  });
});

interface ErrorCase {
  name: string;
  config: string;
  profile?: string;
  kind: 'broken' | 'not-configured';
  message: RegExp;
  /** When the chain reports it differently from the plan (a profile selected explicitly that is absent stops the chain). */
  chain?: { kind: 'broken' | 'not-configured'; message: RegExp };
}

const errors: ErrorCase[] = [
  {
    name: 'no such profile',
    config: '[profile other]\nregion = x',
    profile: 'dev',
    kind: 'not-configured',
    message: /profile "dev" is not in \/home\/test\/\.aws\/config or \/home\/test\/\.aws\/credentials/,
    // Selected explicitly (the profile option): the chain stops instead of moving on (issue 14, item 11).
    chain: { kind: 'broken', message: /profile "dev" \(selected by the profile option\) is not in \/home\/test\/\.aws\/config or \/home\/test\/\.aws\/credentials/ },
  },
  { name: 'a profile with nothing that gives credentials', config: '[default]\nregion = us-east-1', kind: 'not-configured', message: /profile "default" has no credentials/ },
  {
    name: 'a cycle, with the profiles visited',
    config: '[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = a',
    profile: 'a',
    kind: 'broken',
    message: /cycle: "a" → "b" → "a" → "b" \(profiles visited: a, b\)/,
  },
  {
    name: 'a profile that names itself without keys',
    config: '[profile self]\nrole_arn = arn:self\nsource_profile = self',
    profile: 'self',
    kind: 'broken',
    message: /cycle: "self" → "self" → "self"/,
  },
  {
    name: 'a chain longer than the hop limit, the path shortened in the message',
    config: Array.from({ length: 150 }, (_, i) => `[profile h${i}]\nrole_arn = arn:h${i}\nsource_profile = h${i + 1}\n`).join(''),
    profile: 'h0',
    kind: 'broken',
    message: /profile "h0" takes more than 100 source_profile steps: "h0" → "h1" → "h2" → … 95 more … → "h98" → "h99" → "h100" → …\. Check source_profile/,
  },
  {
    name: 'a long cycle: the visited profiles shortened too',
    config: Array.from({ length: 9 }, (_, i) => `[profile k${i}]\nrole_arn = arn:k${i}\nsource_profile = k${(i + 1) % 9}\n`).join(''),
    profile: 'k0',
    kind: 'broken',
    message: /cycle: "k0" → "k1" → "k2" → … 5 more … → "k8" → "k0" → "k1" \(profiles visited: k0, k1, k2, … 3 more …, k6, k7, k8\)/,
  },
  {
    name: 'role_arn with both source_profile and credential_source',
    config: `[profile r]\nrole_arn = arn:r\nsource_profile = b\ncredential_source = Environment\n[profile b]\n${KEYS}`,
    profile: 'r',
    kind: 'broken',
    message: /profile "r" has role_arn with both source_profile and credential_source; exactly one is allowed/,
  },
  {
    name: 'a missing source profile',
    config: '[profile r]\nrole_arn = arn:r\nsource_profile = nowhere',
    profile: 'r',
    kind: 'broken',
    message: /profile "r" has source_profile = nowhere, but there is no profile "nowhere"/,
  },
  {
    name: 'a source profile with no credentials',
    config: '[profile r]\nrole_arn = arn:r\nsource_profile = empty\n[profile empty]\nregion = x',
    profile: 'r',
    kind: 'broken',
    message: /profile "empty" has no credentials/,
  },
  { name: 'half of the static keys (id)', config: '[default]\naws_access_key_id = AKIDBASE000000000001', kind: 'broken', message: /has aws_access_key_id but no aws_secret_access_key/ },
  { name: 'half of the static keys (secret)', config: `[default]\naws_secret_access_key = ${SECRET}`, kind: 'broken', message: /has aws_secret_access_key but no aws_access_key_id/ },
  {
    name: 'half of the static keys in a source profile',
    config: '[profile r]\nrole_arn = arn:r\nsource_profile = half\n[profile half]\naws_access_key_id = AKIDBASE000000000001',
    profile: 'r',
    kind: 'broken',
    message: /profile "half" has aws_access_key_id but no aws_secret_access_key/,
  },
  {
    name: 'an unknown credential_source (case-sensitive)',
    config: '[profile r]\nrole_arn = arn:r\ncredential_source = environment',
    profile: 'r',
    kind: 'broken',
    message: /credential_source = environment, which is not one of Environment, Ec2InstanceMetadata, EcsContainer \(case-sensitive\)/,
  },
  { name: 'role_arn with no way to assume it', config: '[profile r]\nrole_arn = arn:r', profile: 'r', kind: 'broken', message: /has role_arn but no source_profile, credential_source or web_identity_token_file/ },
  {
    name: 'incomplete legacy SSO names the missing keys',
    config: '[profile s]\nsso_start_url = https://x/start\nsso_region = us-east-1',
    profile: 's',
    kind: 'broken',
    message: /incomplete SSO settings: missing sso_account_id, sso_role_name/,
  },
  {
    name: 'sso_session naming a missing [sso-session] section',
    config: '[profile s]\nsso_session = gone\nsso_account_id = 1\nsso_role_name = r',
    profile: 's',
    kind: 'broken',
    message: /sso_session = gone, but \/home\/test\/\.aws\/config has no \[sso-session gone\] section/,
  },
  {
    name: 'an [sso-session] without sso_region',
    config: '[profile s]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n[sso-session corp]\nsso_start_url = https://x/start',
    profile: 's',
    kind: 'broken',
    message: /missing sso_region \(sso_start_url and sso_region are read from \[sso-session corp\]\)/,
  },
  {
    name: 'duration_seconds that is not a number',
    config: '[profile r]\nrole_arn = arn:r\ncredential_source = Environment\nduration_seconds = one hour',
    profile: 'r',
    kind: 'broken',
    message: /duration_seconds = one hour, which is not a number of seconds/,
  },
];

describe('planProfile: errors (docs/behaviour.md, "Profiles")', () => {
  it.each(errors.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    let planned: unknown;
    try {
      planProfile(config(testCase.config), testCase.profile ?? 'default');
    } catch (error) {
      planned = error;
    }
    if (testCase.kind === 'broken') expectBroken(planned);
    else expectNotConfigured(planned);
    expect((planned as Error).message).toMatch(testCase.message);
    expect((planned as Error).message).not.toContain(SECRET);
    // As the chain reports it: the profile source's error, stopping or moving on as the kind says.
    const thrown = await chainError(config(testCase.config), testCase.profile ?? 'default');
    const chain = testCase.chain ?? testCase;
    if (chain.kind === 'broken') expectBroken(thrown);
    else expectNotConfigured(thrown);
    expect((thrown as Error).message).toMatch(chain.message);
    expect((thrown as Error).message).not.toContain(SECRET);
    expect((thrown as Error).message).toMatch(/^profile: /);
  });

  it('the message stays short whatever the chain: 5000 profiles in a cycle', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `[profile c${i}]\nrole_arn = arn:c${i}\nsource_profile = c${(i + 1) % 5000}\n`).join('');
    const error = (() => {
      try {
        return planProfile(config(text), 'c0');
      } catch (e) {
        return e;
      }
    })() as CredentialsProviderError;
    expectBroken(error);
    expect(error.code).toBe('too-many-hops');
    expect(error.message.length).toBeLessThan(400);
  });

  it('is pure: planning twice gives the same plan and changes nothing', () => {
    const shared = config(`[profile r]\nrole_arn = arn:r\nsource_profile = b\n[profile b]\n${KEYS}`);
    const snapshot = JSON.stringify(shared);
    expect(planProfile(shared, 'r')).toEqual(planProfile(shared, 'r'));
    expect(JSON.stringify(shared)).toBe(snapshot);
  });

  it('ignores a key written as a sub-property list (the SDK has no key of that name then)', () => {
    expect(() => planProfile(config('[default]\nrole_arn =\n  x = y\nsource_profile = b'), 'default')).toThrow(CredentialsProviderError);
    expect(() => planProfile(config('[default]\nrole_arn =\n  x = y\nsource_profile = b'), 'default')).toThrow(expect.objectContaining({ tryNextLink: true }));
  });
});
