// Public API: re-exports only. Everything heavy (STS, SigV4, SSO, bson, the CLI) loads on first use.

export { credentialChain, NoCredentialsError, REFRESH_WINDOW_MS } from './chain.js';
export type { CredentialProvider, Explanation, TraceEntry, Outcome } from './chain.js';
export type { Credentials, CredentialFields } from './credentials.js';
export { defaultContext } from './context.js';
export type { Context, PartialContext, Logger, HttpRequest, HttpResponse, CommandResult, RunCommandOptions } from './context.js';
export { BrokenSourceError, NotConfiguredError, NetworkError, SourceError, maskKeyId, redact, Sensitive } from './errors.js';
export type { ChainOptions, CredentialSource, SourceInput, SourceName, SourceState } from './source.js';
export type { ProfileSelection } from './profile-selection.js';
export type { SharedConfig, Section, PropertyValue } from './config/types.js';
