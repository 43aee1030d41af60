// Public API: re-exports only. Everything heavy (STS, SigV4, SSO, bson, the CLI) loads on first use.

export { credentialChain, NoCredentialsError, REFRESH_WINDOW_MS } from './chain.js';
export type { CredentialProvider, Explanation, TraceEntry, Outcome, ProviderCall } from './chain.js';
export { fromNodeProviderChain } from './named-providers/from-node-provider-chain.js';
export type { CallerClientConfig } from './caller-config.js';
export type { Credentials } from './credentials.js';
export { defaultContext } from './context.js';
export type { Context, PartialContext, Logger, HttpRequest, HttpResponse, CommandResult, RunCommandOptions } from './context.js';
export { BrokenSourceError, NotConfiguredError, NetworkError, maskKeyId, redact, Sensitive } from './errors.js';
export type { AssumeRoleParams, AssumeRoleWithWebIdentityParams, AwsCredentialIdentity, ChainOptions, CredentialSource, SourceInput, SourceName } from './source.js';
export type { SharedConfig, Section, PropertyValue } from './config/types.js';
