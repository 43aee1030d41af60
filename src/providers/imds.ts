// EC2 instance metadata credentials (docs/behaviour.md, "Instance metadata (IMDS)"): the instance
// profile's role, through IMDSv2 (IMDSv1 fallback unless disabled), with static stability — a failed
// refresh serves the last credentials.
//
//   credentialChain()   // on EC2 with an instance profile: the last source of the chain answers
//   AWS_EC2_METADATA_DISABLED=true   // off EC2: skip it

import type { Section } from '../config/types.js';
import type { CheckedFields } from '../credentials.js';
import { CredentialsProviderError, maskKeyId, notConfigured } from '../errors.js';
import type { ImdsSettings } from '../metadata/imds-client.js';
import type { CredentialSource, SourceInput } from '../source.js';

/** Static stability: served-again credentials get 5 minutes plus up to 5 minutes of jitter (as in the SDK). */
const EXTENSION_MIN_MS = 5 * 60_000;
const EXTENSION_JITTER_MS = 5 * 60_000;

/**
 * The chain's last step (its skip rule is in order.ts) and `credential_source = Ec2InstanceMetadata`. A bad setting (endpoint mode,
 * URL) is broken; an IMDS that does not answer or has no role is not configured, as in the SDK, so the chain
 * moves on and its final error lists IMDS's reason — and a profile that requires IMDS stops on it
 * (providers/profile.ts).
 */
export const source: CredentialSource = {
  name: 'imds',
  async resolve(input) {
    const settings = await imdsSettings(input);
    try {
      return await withStaticStability(input, settings);
    } catch (error) {
      throw noAnswerIsNotConfigured(error);
    }
  },
};

/**
 * The one rule of this source that converts an outcome: whatever kept IMDS from answering with
 * credentials (no IMDS, no role, an error reply) means "not on EC2 here", as in the SDK, so the chain
 * moves on. Its settings are checked before (a bad endpoint setting stays broken).
 */
function noAnswerIsNotConfigured(error: unknown): unknown {
  if (!(error instanceof CredentialsProviderError) || error.tryNextLink) return error;
  return notConfigured(error.problem, { fix: error.fix, code: error.code, cause: error.cause });
}

async function imdsSettings(input: SourceInput): Promise<ImdsSettings> {
  // Loaded after the source's checks: a chain passing by a disabled IMDS loads no metadata or endpoint code.
  const [{ endpointFromEnvironment, imdsV1Disabled, resolveImdsEndpoint, V1_DISABLED_VARIABLE }, { METADATA_MAX_RETRIES, METADATA_TIMEOUT_MS }] = await Promise.all([
    import('../metadata/imds-endpoint.js'),
    import('../metadata/retry.js'),
  ]);
  const env = input.context.env;
  const profileName = input.profile.name;
  const given = input.settings.imds;
  const needsProfile = !endpointFromEnvironment(env) || (env[V1_DISABLED_VARIABLE] === undefined && !given.v1Disabled);
  let profile: Section | undefined;
  if (needsProfile) profile = (await input.loadConfig()).profiles[profileName];
  const endpoint = resolveImdsEndpoint(env, profile, profileName);
  return {
    ...endpoint,
    timeoutMs: given.timeoutMs ?? METADATA_TIMEOUT_MS,
    maxRetries: given.maxRetries ?? METADATA_MAX_RETRIES,
    // As in the SDK, the option can only add the refusal: `false` leaves the variable or profile in charge.
    v1Disabled: given.v1Disabled ? { disabled: true, by: 'the ec2MetadataV1Disabled option' } : imdsV1Disabled(env, profile, profileName),
  };
}

/**
 * Static stability (docs/behaviour.md, "Instance metadata (IMDS)"): when a refresh fails but credentials
 * were served before, or IMDS hands out credentials that already expired (it keeps serving them during
 * an outage of its own), they are served again with the expiration pushed 5–10 minutes out, and a
 * warning says so.
 */
async function withStaticStability(input: SourceInput, settings: ImdsSettings): Promise<CheckedFields> {
  const { context, state } = input;
  const { fetchImdsCredentials, newImdsSessionState } = await import('../metadata/imds-client.js');
  let credentials: CheckedFields;
  try {
    const { role, ...fetched } = await fetchImdsCredentials({ context, state: (state.imds ??= newImdsSessionState(context.now)), note: input.note, settings });
    credentials = fetched;
    input.note(`instance profile role "${role}" from ${settings.origin} (${settings.from})`);
    if (fetched.expiration.getTime() <= context.now()) {
      credentials = extend(input, credentials, `IMDS answered credentials that expired at ${fetched.expiration.toISOString()}`);
    }
  } catch (error) {
    const last = state.imdsLastCredentials;
    if (!last || !(error instanceof CredentialsProviderError)) throw error;
    credentials = extend(input, last, `refreshing from IMDS failed (${error.problem})`);
  }
  state.imdsLastCredentials = credentials;
  return credentials;
}

function extend(input: SourceInput, credentials: CheckedFields, why: string): CheckedFields {
  const expiration = new Date(input.context.now() + EXTENSION_MIN_MS + Math.floor(Math.random() * EXTENSION_JITTER_MS));
  const message = `${why}; serving the credentials with key ${maskKeyId(credentials.accessKeyId)} until ${expiration.toISOString()}, then trying again (static stability)`;
  input.note(message);
  input.context.logger.warn?.(`credchain: ${message}`);
  return { ...credentials, expiration };
}
