// The chain's option names (src/options.ts): the SDK's options work or are refused with a reason, and a
// name nobody knows is a TypeError naming it and the closest valid one — never silently ignored.
import { describe, expect, it } from 'vitest';
import { credentialChain } from '../src/chain.js';
import { fromNodeProviderChain } from '../src/named-providers/from-node-provider-chain.js';
import { fromEnv } from '../src/named-providers/from-env.js';
import { fromHttp } from '../src/named-providers/from-http.js';
import { fromIni } from '../src/named-providers/from-ini.js';
import { fromTemporaryCredentials } from '../src/named-providers/from-temporary-credentials.js';
import { fromTokenFile } from '../src/named-providers/from-token-file.js';
import { editDistance } from '../src/did-you-mean.js';
import type { ChainOptions } from '../src/source.js';
import { fakeMachine } from './support/fake-context.js';

const loose = (options: Record<string, unknown>) => options as ChainOptions;

describe('unknown option names', () => {
  it.each([
    ['profle', 'profile'],
    ['filePath', 'filepath'],
    ['configFilePath', 'configFilepath'],
    ['mfaCodeprovider', 'mfaCodeProvider'],
    ['roleAsumer', 'roleAssumer'],
    ['webIdentityTokenFiles', 'webIdentityTokenFile'],
    ['ssoStartURL', 'ssoStartUrl'],
    ['maxRetry', 'maxRetries'],
  ])('%s → TypeError naming it and "%s"', (name, closest) => {
    for (const create of [fromNodeProviderChain, credentialChain]) {
      const error = (() => {
        try {
          create(loose({ [name]: 'x' }));
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(error).toBeInstanceOf(TypeError);
      expect(error?.message).toContain(`"${name}"`);
      expect(error?.message).toContain(`did you mean "${closest}"?`);
    }
  });

  it('names the function that was called', () => {
    expect(() => fromNodeProviderChain(loose({ profle: 'app' }))).toThrow(/^credchain: fromNodeProviderChain has no option "profle"; did you mean "profile"\?$/);
    expect(() => credentialChain(loose({ profle: 'app' }))).toThrow(/^credchain: credentialChain has no option/);
  });

  it('an option set to undefined is ignored, as in the SDK', () => {
    expect(() => fromNodeProviderChain(loose({ profle: undefined, clientConfig: { endpoint: undefined } }))).not.toThrow();
  });

  it('accepts every option the SDK documents for fromNodeProviderChain that credchain implements', () => {
    const all: Required<Omit<ChainOptions, 'sources' | 'context'>> = {
      profile: 'p', filepath: '/c', configFilepath: '/f', ignoreCache: true, clientConfig: { region: 'eu-west-1' }, parentClientConfig: { region: 'eu-west-1' },
      logger: {}, timeout: 1, maxRetries: 0, ec2MetadataV1Disabled: true, mfaCodeProvider: async () => '123456', roleAssumer: async (c) => c,
      roleAssumerWithWebIdentity: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }), webIdentityTokenFile: '/t', roleArn: 'arn:aws:iam::1:role/r',
      roleSessionName: 's', providerId: 'p', policy: '{}', policyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }], durationSeconds: 900,
      processTimeoutMs: 1, ssoStartUrl: 'https://x', ssoAccountId: '1', ssoRegion: 'us-east-1', ssoRoleName: 'r', ssoSession: 's',
      awsContainerCredentialsRelativeUri: '/v2/credentials/x', awsContainerCredentialsFullUri: 'http://127.0.0.1/creds', awsContainerAuthorizationToken: 't',
      awsContainerAuthorizationTokenFile: '/token',
    };
    expect(() => fromNodeProviderChain(all)).not.toThrow();
  });
});

describe('SDK options credchain refuses, with the reason', () => {
  it.each([
    ['clientPlugins', [], /middleware/],
    ['ssoClient', {}, /SSOClient/],
    ['credentialsFullUri', 'http://127.0.0.1/creds', /the AWS SDK ignores it too; use awsContainerCredentialsFullUri/],
    ['authorizationToken', 'token', /the AWS SDK ignores it too; use awsContainerAuthorizationToken/],
  ])('%s', (name, value, reason) => {
    expect(() => fromNodeProviderChain(loose({ [name]: value }))).toThrow(TypeError);
    expect(() => fromNodeProviderChain(loose({ [name]: value }))).toThrow(new RegExp(`does not support the AWS SDK option "${name}": `));
    expect(() => fromNodeProviderChain(loose({ [name]: value }))).toThrow(reason);
  });

  it('clientConfig: a misspelt key, SDK machinery and a value of the wrong type are TypeErrors (the keys credchain honours: test/client-config.test.ts)', () => {
    expect(() => fromNodeProviderChain(loose({ clientConfig: { regoin: 'eu-west-1' } }))).toThrow(/clientConfig\.regoin is not supported: the AWS SDK's clients have no such key; did you mean "region"\?/);
    expect(() => fromNodeProviderChain(loose({ clientConfig: { requestHandler: {} } }))).not.toThrow();
    expect(() => fromNodeProviderChain(loose({ clientConfig: { requestHandler: { proxy: 'http://proxy:3128' } } }))).toThrow(/requestHandler has no handle\(request, options\) method.*not proxy.*pass a NodeHttpHandler instead/);
    expect(() => fromNodeProviderChain(loose({ clientConfig: { urlParser: () => ({}) } }))).toThrow(/clientConfig\.urlParser is not supported: it is the SDK client's own machinery/);
    expect(() => fromNodeProviderChain(loose({ clientConfig: { region: 42 } }))).toThrow(/clientConfig.region must be a region name/);
    expect(() => fromNodeProviderChain(loose({ clientConfig: 'eu-west-1' }))).toThrow(/clientConfig must be an object/);
  });
});

describe('fromNodeProviderChain', () => {
  it('is memoized: one resolution for many calls', async () => {
    const { context } = fakeMachine({ env: { AWS_ACCESS_KEY_ID: 'AKIAMEMOIZED00000001', AWS_SECRET_ACCESS_KEY: 'memoSecret' } });
    let reads = 0;
    const provider = fromNodeProviderChain({ context: { ...context, get env() { reads++; return context.env; } } });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toBe(b);
    const before = reads;
    expect(await provider()).toBe(a);
    expect(reads).toBe(before);
  });

  it('takes a copy of its options, as the SDK does', async () => {
    const files = { '/home/test/.aws/credentials': '[a]\naws_access_key_id = AKIAPROFILEA00000001\naws_secret_access_key = s\n[b]\naws_access_key_id = AKIAPROFILEB00000001\naws_secret_access_key = s\n' };
    const { context } = fakeMachine({ files });
    const options: ChainOptions = { context, profile: 'a' };
    const provider = fromNodeProviderChain(options);
    options.profile = 'b';
    expect((await provider()).accessKeyId).toBe('AKIAPROFILEA00000001');
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('profle', 'profile')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('the named providers check their own option names', () => {
  it('an option of another provider is refused with the closest of this one', () => {
    expect(() => fromIni(loose({ profle: 'app' }))).toThrow(/^credchain: fromIni has no option "profle"; did you mean "profile"\?$/);
    expect(() => fromEnv(loose({ profile: 'app' }) as never)).toThrow(/^credchain: fromEnv has no option "profile"/);
    expect(() => fromTokenFile(loose({ webIdentityToken: 't' }) as never)).toThrow(/did you mean "webIdentityTokenFile"\?/);
  });

  it('fromHttp refuses credentialsFullUri and authorizationToken, which the SDK ignores', () => {
    expect(() => fromHttp(loose({ credentialsFullUri: 'http://127.0.0.1/x' }) as never)).toThrow(/"credentialsFullUri": the AWS SDK ignores it too; use awsContainerCredentialsFullUri/);
    expect(() => fromHttp(loose({ authorizationToken: 't' }) as never)).toThrow(/use awsContainerAuthorizationToken/);
  });

  it('fromTemporaryCredentials needs params.RoleArn and refuses params it does not send', () => {
    expect(() => fromTemporaryCredentials({} as never)).toThrow(/needs params.RoleArn/);
    expect(() => fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::1:role/r', Tags: [] } as never })).toThrow(/does not send params.Tags/);
    expect(() => fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::1:role/r' }, clientConfig: { region: 'eu-west-1', profile: 'p' } })).not.toThrow();
  });
});
