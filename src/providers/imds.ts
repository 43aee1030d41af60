// EC2 instance metadata credentials (SPEC §10): the instance profile's role, through IMDSv2 (IMDSv1
// fallback unless disabled), with static stability — a failed refresh serves the last credentials.
//
//   credentialChain()   // on EC2 with an instance profile: the last source of the chain answers
//   AWS_EC2_METADATA_DISABLED=true   // off EC2: skip it

import { loadConfigFor } from '../config/load.js';
import type { Section } from '../config/types.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError, maskKeyId, NotConfiguredError } from '../errors.js';
import { FULL_URI_VARIABLE, RELATIVE_URI_VARIABLE } from '../metadata/container-url.js';
import type { ImdsSettings } from '../metadata/imds-client.js';
import { outsideText } from '../outside-text.js';
import type { CredentialSource, SourceInput } from '../source.js';

const SOURCE = 'imds';
const DISABLED_VARIABLE = 'AWS_EC2_METADATA_DISABLED';
/** Static stability: served-again credentials get 5 minutes plus up to 5 minutes of jitter (as in the SDK). */
const EXTENSION_MIN_MS = 5 * 60_000;
const EXTENSION_JITTER_MS = 5 * 60_000;

export const source: CredentialSource = {
  name: SOURCE,
  async resolve(input) {
    const env = input.context.env;
    const container = [RELATIVE_URI_VARIABLE, FULL_URI_VARIABLE].find((name) => env[name]);
    if (container) throw new NotConfiguredError(SOURCE, `container credentials are configured (${container}), so IMDS is not used`, { skipped: true });
    const disabled = imdsDisabledBy(env);
    if (disabled) throw new NotConfiguredError(SOURCE, `${DISABLED_VARIABLE} is set (to "${disabled}")`, { skipped: true });
    // A bad setting (endpoint mode, URL) stops the chain; an IMDS that does not answer is a miss,
    // as in the SDK, so the final error lists every source with IMDS's reason.
    const settings = await imdsSettings(input, SOURCE);
    try {
      return await withStaticStability(input, settings, SOURCE);
    } catch (error) {
      if (!(error instanceof BrokenSourceError)) throw error;
      throw new NotConfiguredError(SOURCE, error.fix ? `${error.problem}. ${error.fix}` : error.problem);
    }
  },
};

/** For `credential_source = Ec2InstanceMetadata`: every failure stops the chain. */
export async function fromInstanceMetadata(input: SourceInput, sourceName: string): Promise<Credentials> {
  const disabled = imdsDisabledBy(input.context.env);
  if (disabled) {
    // Refused before any connection, as botocore does: the variable says this machine has no IMDS to ask.
    throw new BrokenSourceError(sourceName, `credential_source = Ec2InstanceMetadata, but ${DISABLED_VARIABLE} is set (to "${disabled}"), so instance metadata is not contacted`, {
      fix: `Unset ${DISABLED_VARIABLE} (or set it to false) on EC2, or change credential_source`,
      code: 'imds-disabled',
    });
  }
  return withStaticStability(input, await imdsSettings(input, sourceName), sourceName);
}

/** The value of AWS_EC2_METADATA_DISABLED (shown escaped and short) when it turns IMDS off, else undefined. */
function imdsDisabledBy(env: Record<string, string | undefined>): string | undefined {
  const value = env[DISABLED_VARIABLE];
  return value && value !== 'false' ? outsideText(value, 20) : undefined;
}

async function imdsSettings(input: SourceInput, sourceName: string): Promise<ImdsSettings> {
  // Loaded after the source's checks: a chain passing by a disabled IMDS loads no metadata or endpoint code.
  const [{ endpointFromEnvironment, imdsV1Disabled, resolveImdsEndpoint, V1_DISABLED_VARIABLE }, { METADATA_MAX_RETRIES, METADATA_TIMEOUT_MS }] = await Promise.all([
    import('../metadata/imds-endpoint.js'),
    import('../metadata/retry.js'),
  ]);
  const env = input.context.env;
  const needsProfile = !endpointFromEnvironment(env) || env[V1_DISABLED_VARIABLE] === undefined;
  let profile: Section | undefined;
  if (needsProfile) profile = (await loadConfigFor(input, sourceName)).profiles[input.profileName];
  const endpoint = resolveImdsEndpoint(env, profile, input.profileName, sourceName);
  return {
    ...endpoint,
    timeoutMs: input.options.timeout ?? METADATA_TIMEOUT_MS,
    maxRetries: input.options.maxRetries ?? METADATA_MAX_RETRIES,
    v1Disabled: imdsV1Disabled(env, profile, input.profileName),
  };
}

/**
 * Static stability (SPEC §10): when a refresh fails but credentials were served before, or IMDS hands
 * out credentials that already expired (it keeps serving them during an outage of its own), they are
 * served again with the expiration pushed 5–10 minutes out, and a warning says so.
 */
async function withStaticStability(input: SourceInput, settings: ImdsSettings, sourceName: string): Promise<Credentials> {
  const { context, state } = input;
  // Per caller: the imds source and a profile's credential_source label their credentials differently.
  const lastKey = `imds:last-credentials:${sourceName}`;
  const { fetchImdsCredentials } = await import('../metadata/imds-client.js');
  let credentials: Credentials;
  try {
    const fetched = await fetchImdsCredentials({ context, state, note: input.note, sourceName, settings });
    const { role, ...fields } = fetched;
    credentials = makeCredentials({ ...fields, source: sourceName });
    input.note(`instance profile role "${role}" from ${settings.origin} (${settings.from})`);
    if (fetched.expiration.getTime() <= context.now()) {
      credentials = extend(input, credentials, `IMDS answered credentials that expired at ${fetched.expiration.toISOString()}`);
    }
  } catch (error) {
    const last = state.get(lastKey) as Credentials | undefined;
    if (!last || !(error instanceof BrokenSourceError)) throw error;
    credentials = extend(input, last, `refreshing from IMDS failed (${error.problem})`);
  }
  state.set(lastKey, credentials);
  return credentials;
}

function extend(input: SourceInput, credentials: Credentials, why: string): Credentials {
  const expiration = new Date(input.context.now() + EXTENSION_MIN_MS + Math.floor(Math.random() * EXTENSION_JITTER_MS));
  const message = `${why}; serving the credentials with key ${maskKeyId(credentials.accessKeyId)} until ${expiration.toISOString()}, then trying again (static stability)`;
  input.note(message);
  input.context.logger.warn?.(`credchain: ${message}`);
  return makeCredentials({ ...credentials, expiration });
}
