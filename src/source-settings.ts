// What each source takes from the caller's options, translated once per provider (options.ts
// sourceSettings): the chain's options bag stops there (docs/behaviour.md, "The chain"). Each source then classifies its settings
// with the environment (and the profile, where it reads one) into configured / not configured /
// invalid before it does any work. A setting that names where it came from (`from`) lets an option,
// a variable or a profile key supply it with messages that say which.

import type { CallerClientConfig } from './caller-config.js';
import type { Logger } from './context.js';
import type { SdkRequestHandler } from './io/sdk-request-handler.js';
import type { AssumeRoleParams, AssumeRoleWithWebIdentityParams, AwsCredentialIdentity } from './sts/role-assumer.js';

/** One value and what supplied it, named in messages ('AWS_CONTAINER_CREDENTIALS_FULL_URI', 'the awsContainerCredentialsFullUri option'). */
export interface Setting<T = string> {
  value: T;
  from: string;
}

/** Which shared files to read and which profile the caller named. */
export interface FileSettings {
  /** The profile option (the caller's profile, AWS_PROFILE and `default` come after it: src/profile-selection.ts). */
  profile?: string | undefined;
  filepath?: string | undefined;
  configFilepath?: string | undefined;
  ignoreCache: boolean;
}

/** How role credentials are obtained: the STS region option, session name, MFA and the SDK's role-assumer options. */
export interface StsSettings {
  /** clientConfig.region: beats every other region setting (a function is called once per resolution: providers/service-client.ts). */
  region?: string | (() => unknown) | undefined;
  roleSessionName?: string | undefined;
  mfaCodeProvider?: ((mfaSerial: string) => Promise<string>) | undefined;
  roleAssumer?: ((sourceCredentials: AwsCredentialIdentity, params: AssumeRoleParams) => Promise<AwsCredentialIdentity>) | undefined;
  roleAssumerWithWebIdentity?: ((params: AssumeRoleWithWebIdentityParams) => Promise<AwsCredentialIdentity>) | undefined;
}

/** The web identity step's options, each beating its variable (the SDK's fromTokenFile). */
export interface WebIdentitySettings {
  tokenFile?: Setting | undefined;
  roleArn?: Setting | undefined;
  providerId?: string | undefined;
  policy?: string | undefined;
  policyArns?: Array<{ arn?: string }> | undefined;
  durationSeconds?: number | undefined;
}

/** The explicit SSO options (chain step 2, fromSSO). */
export interface SsoSettings {
  startUrl?: string | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  roleName?: string | undefined;
  session?: string | undefined;
}

/** True when any sso* option was given: the explicit options are then used (chain step 2, fromSSO). */
export function ssoOptionsGiven(settings: SsoSettings): boolean {
  return Object.values(settings).some(Boolean);
}

/** The container endpoint: each value given here beats its AWS_CONTAINER_* variable (fromHttp's options). */
export interface ContainerSettings {
  relativeUri?: Setting | undefined;
  fullUri?: Setting | undefined;
  authorizationToken?: Setting | undefined;
  authorizationTokenFile?: Setting | undefined;
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
}

export interface ImdsSettingsGiven {
  timeoutMs?: number | undefined;
  maxRetries?: number | undefined;
  /** The ec2MetadataV1Disabled option: it can only add the refusal (false leaves the variable or profile in charge). */
  v1Disabled: boolean;
}

/** An endpoint as SDK client config gives it: a URL, the SDK's Endpoint `{ protocol, hostname, port, path }` or EndpointV2 `{ url }`. */
export type EndpointInput = string | URL | { url: string | URL } | { protocol?: string; hostname: string; port?: number; path?: string };

/** NodeHttpHandler options credchain can honour when given instead of a handler: its agents, and timeouts that shorten each attempt. */
export interface NodeHandlerOptions {
  /** An http.Agent (typed loosely so that the package's types need no @types/node). */
  httpAgent?: object;
  /** An https.Agent, e.g. a proxy agent. */
  httpsAgent?: object;
  connectionTimeout?: number;
  requestTimeout?: number;
  socketTimeout?: number;
}

type Provided<T> = T | (() => unknown);

/**
 * The provider's clientConfig for the clients credchain makes (STS, SSO portal, SSO-OIDC, sign-in), checked
 * (client-config.ts); values that may be functions are resolved per resolution (providers/service-client.ts).
 */
export interface ClientSettings {
  endpoint?: Provided<EndpointInput> | undefined;
  /** customUserAgent as given (providers/service-client.ts writes it as the SDK does). */
  customUserAgent?: string | Array<[string, string?]> | undefined;
  userAgentAppId?: Provided<string | undefined> | undefined;
  logger?: Logger | undefined;
  maxAttempts?: Provided<number> | undefined;
  retryMode?: Provided<string> | undefined;
  requestHandler?: SdkRequestHandler | NodeHandlerOptions | undefined;
  useFips?: Provided<boolean> | undefined;
  useDualStack?: Provided<boolean> | undefined;
  ignoreConfiguredEndpointUrls?: Provided<boolean> | undefined;
}

/** Everything the sources read of a provider's options, grouped by the source that reads it. */
export interface SourceSettings {
  files: FileSettings;
  sts: StsSettings;
  webIdentity: WebIdentitySettings;
  sso: SsoSettings;
  container: ContainerSettings;
  imds: ImdsSettingsGiven;
  process: { timeoutMs?: number | undefined };
  /** clientConfig beyond its region (which is `sts.region`). */
  client: ClientSettings;
}

/** What the chain itself keeps of its options: the machine, the caller's config, whether a logger was given. */
export interface ChainSettings {
  parentClientConfig?: CallerClientConfig | undefined;
  /** The logger option or the context's logger was given: the calling client's logger does not replace it. */
  loggerGiven: boolean;
}

/** A value given here, else the one from the environment: the SDK's `options.x ?? process.env.X`. */
export function settingOrEnv(setting: Setting | undefined, env: Record<string, string | undefined>, variable: string): Setting | undefined {
  if (setting !== undefined) return setting;
  const value = env[variable];
  return value === undefined ? undefined : { value, from: variable };
}

const RELATIVE_URI_VARIABLE = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';
const FULL_URI_VARIABLE = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';

// The two "not configured at all" rules below are decided here, before the source's code loads
// (providers/order.ts), and by the source itself (it is also reached by name): one rule, one message.

/** The container endpoint's two URIs, each the option over its variable (the relative one wins when both are set). */
export function containerUris(settings: ContainerSettings, env: Record<string, string | undefined>): { relative: Setting | undefined; full: Setting | undefined } {
  return { relative: settingOrEnv(settings.relativeUri, env, RELATIVE_URI_VARIABLE), full: settingOrEnv(settings.fullUri, env, FULL_URI_VARIABLE) };
}

/** Why the container source is not configured — no URI, by option or variable — or undefined when one is set. */
export function containerUnsetReason(settings: ContainerSettings, env: Record<string, string | undefined>): string | undefined {
  const { relative, full } = containerUris(settings, env);
  return relative?.value || full?.value ? undefined : `${relative?.from ?? RELATIVE_URI_VARIABLE} and ${full?.from ?? FULL_URI_VARIABLE} are not set`;
}

/** Why web identity (the env form) is not configured — neither the token file nor the role, by option or variable — or undefined. */
export function webIdentityUnsetReason(settings: WebIdentitySettings, env: Record<string, string | undefined>): string | undefined {
  const tokenFile = settingOrEnv(settings.tokenFile, env, 'AWS_WEB_IDENTITY_TOKEN_FILE');
  const roleArn = settingOrEnv(settings.roleArn, env, 'AWS_ROLE_ARN');
  return tokenFile?.value || roleArn?.value ? undefined : 'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set';
}
