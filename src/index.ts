// Public API: re-exports only, at most 20 values (test/public-api.test.ts holds the list). Everything
// heavy (STS, SigV4, SSO, bson, the CLI) loads on first use.

export { credentialChain } from './chain.js';
export type { CredentialProvider, Explanation, ProviderCall } from './chain.js';
export type { Outcome, TraceEntry } from './trace.js';
// The AWS SDK's named providers (@aws-sdk/credential-providers), same names and options.
export { fromNodeProviderChain } from './named-providers/from-node-provider-chain.js';
export { createCredentialChain } from './named-providers/create-credential-chain.js';
export type { AnyCredentialProvider, CredentialChain } from './named-providers/create-credential-chain.js';
export { fromEnv } from './named-providers/from-env.js';
export type { FromEnvInit } from './named-providers/from-env.js';
export { fromIni } from './named-providers/from-ini.js';
export type { FromIniInit } from './named-providers/from-ini.js';
export { fromSSO } from './named-providers/from-sso.js';
export type { FromSSOInit } from './named-providers/from-sso.js';
export { fromProcess } from './named-providers/from-process.js';
export type { FromProcessInit } from './named-providers/from-process.js';
export { fromTokenFile } from './named-providers/from-token-file.js';
export type { FromTokenFileInit } from './named-providers/from-token-file.js';
export { fromWebToken } from './named-providers/from-web-token.js';
export type { FromWebTokenInit } from './named-providers/from-web-token.js';
export { fromContainerMetadata } from './named-providers/from-container-metadata.js';
export type { FromContainerMetadataInit } from './named-providers/from-container-metadata.js';
export { fromHttp } from './named-providers/from-http.js';
export type { FromHttpOptions } from './named-providers/from-http.js';
export { fromInstanceMetadata } from './named-providers/from-instance-metadata.js';
export type { FromInstanceMetadataInit } from './named-providers/from-instance-metadata.js';
export { fromTemporaryCredentials } from './named-providers/from-temporary-credentials.js';
export type { FromTemporaryCredentialsOptions, TemporaryCredentialsParams } from './named-providers/from-temporary-credentials.js';
export { fromLoginCredentials } from './named-providers/from-login-credentials.js';
export type { FromLoginCredentialsInit } from './named-providers/from-login-credentials.js';
export { fromCognitoIdentity, fromCognitoIdentityPool } from './named-providers/cognito.js';
export type { NamedProvider } from './named-providers/single-source.js';
// The one error type: `name` and `tryNextLink` as the SDK's, plus credchain's outcome, source, problem, fix, code.
export { CredentialsProviderError } from './errors.js';
export type { CredentialsProviderErrorOptions, ServiceErrorMetadata } from './errors.js';
export type { Credentials, CredentialFields } from './credentials.js';
export type { CallerClientConfig, CompleteLogger, ForwardedCall, RegionInput } from './caller-config.js';
export type { Context, PartialContext, Logger, HttpRequest, HttpResponse, CommandResult, ReadFileOptions, RunCommandOptions } from './context.js';
export type { AssumeRoleParams, AssumeRoleWithWebIdentityParams, AwsCredentialIdentity, ChainOptions, CustomSource, CustomSourceInput, SourceName } from './source.js';
export type { ProfileSelection } from './profile-selection.js';
