// Compile test (run by `npm run typecheck`, which checks test/tsconfig.json; nothing here runs): the AWS
// SDK's providers, loggers, handlers and client configs mix with credchain's in both directions, as a
// drop-in for @aws-sdk/credential-providers must let them. Each @ts-expect-error is a real mismatch that
// must stay one: if credchain's types stopped refusing it, tsc would fail on the unused directive.
import { STSClient, STSServiceException } from '@aws-sdk/client-sts';
import * as sdk from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import * as credchain from '../../src/index.js';

/** The SDK's types as its own functions declare them (no import of its internal type packages). */
type SdkLogger = NonNullable<NonNullable<Parameters<typeof sdk.fromIni>[0]>['logger']>;
type SdkProvider = ReturnType<typeof sdk.fromIni>;
type SdkCallerConfig = NonNullable<NonNullable<Parameters<SdkProvider>[0]>['callerClientConfig']>;

declare const logger: SdkLogger;
declare const sdkProvider: SdkProvider;
declare const resolvedConfig: SdkCallerConfig;
const sts = new STSClient({ region: 'eu-west-1', logger });
const handler = new NodeHttpHandler();

// createCredentialChain: credchain's and the SDK's providers in either chain, any order.
credchain.createCredentialChain(credchain.fromEnv(), sdk.fromIni(), sdkProvider, credchain.fromNodeProviderChain()).expireAfter(15 * 60_000);
credchain.createCredentialChain(sdk.fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' } }), credchain.fromTokenFile());
sdk.createCredentialChain(credchain.fromEnv(), sdk.fromIni(), credchain.fromIni({ profile: 'app' }));
// A provider written against the SDK's call type, and one that ignores its argument.
credchain.createCredentialChain(
  async ({ callerClientConfig } = {}) => ({ accessKeyId: 'AKIA', secretAccessKey: 's', accountId: await callerClientConfig?.region() }),
  async () => ({ accessKeyId: 'AKIA', secretAccessKey: 's' }),
);

// The SDK's Logger wherever credchain takes a logger.
credchain.fromNodeProviderChain({ logger, clientConfig: { logger, requestHandler: handler, region: async () => 'eu-west-1' }, parentClientConfig: { logger, region: 'eu-west-1' } });
credchain.fromIni({ logger, clientConfig: { logger } });
credchain.fromEnv({ logger });
credchain.fromSSO({ logger });
credchain.fromProcess({ logger });
credchain.fromTokenFile({ logger });
credchain.fromWebToken({ roleArn: 'arn:aws:iam::123456789012:role/app', webIdentityToken: 'token', logger });
credchain.fromContainerMetadata({ logger });
credchain.fromHttp({ logger });
credchain.fromInstanceMetadata({ logger });
credchain.fromLoginCredentials({ logger });
credchain.fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' }, logger, clientConfig: { logger, requestHandler: handler } });
credchain.credentialChain({ logger });

// Every named provider takes the SDK's own init type as it is (what code written for the SDK holds), and
// fromTemporaryCredentials a RoleArn typed string | undefined, as the SDK's params type has it.
declare const init: {
  env: NonNullable<Parameters<typeof sdk.fromEnv>[0]>;
  ini: NonNullable<Parameters<typeof sdk.fromIni>[0]>;
  sso: NonNullable<Parameters<typeof sdk.fromSSO>[0]>;
  process: NonNullable<Parameters<typeof sdk.fromProcess>[0]>;
  tokenFile: NonNullable<Parameters<typeof sdk.fromTokenFile>[0]>;
  webToken: Parameters<typeof sdk.fromWebToken>[0];
  container: NonNullable<Parameters<typeof sdk.fromContainerMetadata>[0]>;
  http: NonNullable<Parameters<typeof sdk.fromHttp>[0]>;
  imds: NonNullable<Parameters<typeof sdk.fromInstanceMetadata>[0]>;
  temporary: Parameters<typeof sdk.fromTemporaryCredentials>[0];
  login: NonNullable<Parameters<typeof sdk.fromLoginCredentials>[0]>;
  chain: NonNullable<Parameters<typeof sdk.fromNodeProviderChain>[0]>;
};
credchain.fromEnv(init.env);
credchain.fromIni(init.ini);
credchain.fromSSO(init.sso);
credchain.fromProcess(init.process);
credchain.fromTokenFile(init.tokenFile);
credchain.fromWebToken(init.webToken);
credchain.fromContainerMetadata(init.container);
credchain.fromHttp(init.http);
credchain.fromInstanceMetadata(init.imds);
credchain.fromTemporaryCredentials(init.temporary);
credchain.fromLoginCredentials(init.login);
credchain.fromNodeProviderChain(init.chain);
credchain.fromTemporaryCredentials({ params: { RoleArn: process.env.ROLE_ARN, Tags: [{ Key: 'team', Value: 'data' }], SourceIdentity: 'alice' } });

// Master credentials either way round.
credchain.fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' }, masterCredentials: sdk.fromIni() });
sdk.fromTemporaryCredentials({ params: { RoleArn: 'arn:aws:iam::123456789012:role/app' }, masterCredentials: credchain.fromIni() });

// credchain's providers as an SDK client's credentials, and called as an SDK client calls them.
new STSClient({ credentials: credchain.fromIni() });
new STSClient({ credentials: credchain.fromNodeProviderChain() });
new STSClient({ credentials: credchain.createCredentialChain(credchain.fromEnv(), sdk.fromIni()) });
new STSClient({ credentials: credchain.credentialChain() });
void credchain.fromIni()({ callerClientConfig: resolvedConfig });
void credchain.fromIni()({ callerClientConfig: sts.config });
void credchain.fromNodeProviderChain()({ callerClientConfig: sts.config });

// Errors: what code written for the SDK's errors reads.
const error = new credchain.CredentialsProviderError('message', { tryNextLink: false, logger });
const sdkShaped: { name: string; message: string; tryNextLink: boolean; $metadata?: STSServiceException['$metadata'] } = error;
const status: number | undefined = error.$metadata?.httpStatusCode;
void sdkShaped;
void status;

// Real mismatches stay errors.
// @ts-expect-error a provider must resolve to both keys
credchain.createCredentialChain(async () => ({ accessKeyId: 'AKIA' }));
// @ts-expect-error a logger's levels are functions
credchain.fromIni({ logger: { debug: 'verbose' } });
