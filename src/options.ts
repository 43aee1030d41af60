// The chain's options: which names credentialChain() / fromNodeProviderChain() accept, and their one
// translation into each source's settings (src/source-settings.ts). Which names: credchain's own, the AWS SDK's
// defaultProvider options it implements, the SDK options it deliberately refuses (with the reason), and
// the TypeError for a name nobody knows (with the closest valid one). JavaScript callers get no compile
// error for `{ profle: 'app' }`; an option that silently does nothing could select another identity.

import { CLIENT_CONFIG_NAMES, checkClientConfig, clientSettings } from './client-config.js';
import { didYouMean } from './did-you-mean.js';
import type { ChainOptions } from './source.js';
import type { ChainSettings, Setting, SourceSettings } from './source-settings.js';

/** Options of the chain and of the SDK's fromNodeProviderChain() that credchain implements: every key of ChainOptions (checked below). */
export const CHAIN_OPTION_NAMES = [
  // credchain's own
  'context', 'sources', 'processTimeoutMs',
  // the SDK's (DefaultProviderInit)
  'profile', 'filepath', 'configFilepath', 'ignoreCache', 'clientConfig', 'parentClientConfig', 'logger',
  'timeout', 'maxRetries', 'ec2MetadataV1Disabled', 'mfaCodeProvider', 'roleAssumer', 'roleAssumerWithWebIdentity',
  'webIdentityTokenFile', 'roleArn', 'roleSessionName', 'providerId', 'policy', 'policyArns', 'durationSeconds',
  'ssoStartUrl', 'ssoAccountId', 'ssoRegion', 'ssoRoleName', 'ssoSession',
  'awsContainerCredentialsRelativeUri', 'awsContainerCredentialsFullUri', 'awsContainerAuthorizationToken', 'awsContainerAuthorizationTokenFile',
] as const;

export type ChainOptionName = (typeof CHAIN_OPTION_NAMES)[number];
// Compile-time: the list and the ChainOptions interface name the same options, no more, no fewer.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsEveryOption: Same<ChainOptionName, keyof ChainOptions> = true;
void listsEveryOption;

/** SDK options credchain refuses rather than ignore: what each would need and what to do instead. */
export const UNSUPPORTED_OPTIONS: Readonly<Record<string, string>> = {
  clientPlugins:
    "credchain's STS, SSO and sign-in calls have no SDK middleware stack to plug into; to change how requests go out pass clientConfig.requestHandler (a handler sees every request), to replace the STS call pass roleAssumer / roleAssumerWithWebIdentity",
  ssoClient: 'credchain calls the SSO portal itself, it takes no SDK SSOClient; remove the option (ssoRegion picks the region; clientConfig.requestHandler / endpoint change how the calls go)',
  callerClientConfig:
    'the calling client\'s config comes with each call ({ callerClientConfig }), as SDK clients pass it; to give one in advance pass parentClientConfig, which credchain reads the same way',
  // In the SDK's type (fromHttp's options, which the chain passes on) but never read by the SDK.
  credentialsFullUri: 'the AWS SDK ignores it too; use awsContainerCredentialsFullUri',
  authorizationToken: 'the AWS SDK ignores it too; use awsContainerAuthorizationToken',
};

/**
 * Throws a TypeError for an option `known` does not list: the name, the closest valid name and, for an
 * SDK option credchain refuses, why. `what` names the function (`fromNodeProviderChain`, `fromIni`…).
 * Options whose value is `undefined` are ignored, as the SDK ignores them.
 */
export function checkOptionNames(
  options: object | undefined,
  known: readonly string[],
  what: string,
  unsupported: Readonly<Record<string, string>> = UNSUPPORTED_OPTIONS,
  clientConfigNames: readonly string[] = CLIENT_CONFIG_NAMES,
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object') throw new TypeError(`credchain: ${what} expects an options object, got ${typeof options}`);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || known.includes(name)) continue;
    const reason = unsupported[name];
    if (reason) throw new TypeError(`credchain: ${what} does not support the AWS SDK option "${name}": ${reason}`);
    throw new TypeError(`credchain: ${what} has no option "${name}"${didYouMean(name, known)}`);
  }
  const clientConfig = (options as { clientConfig?: unknown }).clientConfig;
  if (clientConfig !== undefined && known.includes('clientConfig')) checkClientConfig(clientConfig, what, clientConfigNames);
}

/** Every SDK provider takes these (CredentialProviderOptions), and credchain's `context`. */
export const COMMON_OPTION_NAMES = ['logger', 'parentClientConfig', 'context'] as const satisfies readonly ChainOptionName[];
/** The shared-file options (the SDK's SourceProfileInit). */
export const FILE_OPTION_NAMES = ['profile', 'filepath', 'configFilepath', 'ignoreCache'] as const satisfies readonly ChainOptionName[];
/** AssumeRoleWithWebIdentity's optional parameters, lower-cased as the SDK's web identity providers take them. */
export const WEB_IDENTITY_OPTION_NAMES = [
  'roleArn', 'roleSessionName', 'roleAssumerWithWebIdentity', 'clientConfig', 'providerId', 'policy', 'policyArns', 'durationSeconds',
] as const satisfies readonly ChainOptionName[];
/** The explicit SSO options (the chain's step 2, fromSSO). */
export const SSO_OPTION_NAMES = ['ssoStartUrl', 'ssoAccountId', 'ssoRegion', 'ssoRoleName', 'ssoSession'] as const satisfies readonly ChainOptionName[];
/** The container endpoint, each beating its AWS_CONTAINER_* variable (fromHttp's options, which the SDK's chain and fromIni pass on to it). */
export const CONTAINER_OPTION_NAMES = [
  'awsContainerCredentialsRelativeUri', 'awsContainerCredentialsFullUri', 'awsContainerAuthorizationToken', 'awsContainerAuthorizationTokenFile',
] as const satisfies readonly ChainOptionName[];
/** The container and IMDS endpoints' request options. */
export const ENDPOINT_OPTION_NAMES = ['timeout', 'maxRetries'] as const satisfies readonly ChainOptionName[];

/** The chain's options named in `names`: a named provider's init type, derived from its list of names. */
export type OptionsNamed<Names extends readonly ChainOptionName[]> = Pick<ChainOptions, Names[number]>;

/** `value` with its origin when given. */
function given<T>(value: T | undefined, from: string): Setting<T> | undefined {
  return value === undefined ? undefined : { value, from };
}

/** The one translation of options to settings (credentialChain, fromNodeProviderChain and each named provider). */
export function sourceSettings(options: ChainOptions): SourceSettings {
  return {
    files: { profile: options.profile, filepath: options.filepath, configFilepath: options.configFilepath, ignoreCache: options.ignoreCache === true },
    sts: {
      region: options.clientConfig?.region,
      roleSessionName: options.roleSessionName,
      mfaCodeProvider: options.mfaCodeProvider,
      roleAssumer: options.roleAssumer,
      roleAssumerWithWebIdentity: options.roleAssumerWithWebIdentity,
    },
    webIdentity: {
      tokenFile: given(options.webIdentityTokenFile, 'the webIdentityTokenFile option'),
      roleArn: given(options.roleArn, 'the roleArn option'),
      providerId: options.providerId,
      policy: options.policy,
      policyArns: options.policyArns,
      durationSeconds: options.durationSeconds,
    },
    sso: { startUrl: options.ssoStartUrl, accountId: options.ssoAccountId, region: options.ssoRegion, roleName: options.ssoRoleName, session: options.ssoSession },
    container: {
      relativeUri: given(options.awsContainerCredentialsRelativeUri, 'the awsContainerCredentialsRelativeUri option'),
      fullUri: given(options.awsContainerCredentialsFullUri, 'the awsContainerCredentialsFullUri option'),
      authorizationToken: given(options.awsContainerAuthorizationToken, 'the awsContainerAuthorizationToken option'),
      authorizationTokenFile: given(options.awsContainerAuthorizationTokenFile, 'the awsContainerAuthorizationTokenFile option'),
      timeoutMs: options.timeout,
      maxRetries: options.maxRetries,
    },
    imds: { timeoutMs: options.timeout, maxRetries: options.maxRetries, v1Disabled: options.ec2MetadataV1Disabled === true },
    process: { timeoutMs: options.processTimeoutMs },
    client: clientSettings(options.clientConfig),
  };
}

/** The chain's own part of the options. */
export function chainSettings(options: ChainOptions): ChainSettings {
  return { parentClientConfig: options.parentClientConfig, loggerGiven: Boolean(options.logger || options.context?.logger) };
}
