// Long-term keys are never served: `credchain serve` exchanges them for a session with STS
// GetSessionToken, signed with the keys, at the selected profile's STS endpoint, with the profile's
// mfa_serial asked through the same MFA path (sts/mfa.ts, the mfaCodeProvider) as a role hop's.

import type { Context } from '../context.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { profileString } from '../profile-section.js';
import { asSourceError } from '../errors.js';
import { checkAccountId } from '../outside-values.js';
import type { ChainOptions } from '../source.js';
import { regionName } from '../client-config.js';

/** The name its errors carry: the serve layer, not a chain source, makes this call. */
const EXCHANGE_SOURCE = 'serve (GetSessionToken)';

export interface LongTermKeyExchange {
  context: Context;
  options: ChainOptions;
  /** The selected profile: its region, STS endpoint and (for profile keys) mfa_serial apply. */
  profileName: string;
}

export async function sessionForLongTermKeys(setup: LongTermKeyExchange, keys: Credentials): Promise<Credentials> {
  const [{ loadSharedConfig }, { resolveStsEndpoint }, { stsGetSessionToken }, { askForMfaCode }] = await Promise.all([
    import('../config/load.js'),
    import('../sts/endpoint.js'),
    import('../sts/client.js'),
    import('../sts/mfa.js'),
  ]);
  const { context, options, profileName } = setup;
  try {
    const config = await loadSharedConfig(context, { ignoreCache: options.ignoreCache === true });
    const endpoint = resolveStsEndpoint({ env: context.env, config, profileName, explicitRegion: regionName(options.clientConfig) });
    // Keys from the profile itself carry its mfa_serial; environment keys have none.
    const mfaSerial = keys.source === 'profile' ? profileString(config.profiles[profileName], 'mfa_serial') : undefined;
    const params: { serialNumber?: string; tokenCode?: string } = {};
    if (mfaSerial) {
      params.serialNumber = mfaSerial;
      params.tokenCode = await askForMfaCode(options.mfaCodeProvider, { profile: profileName, mfaSerial });
    }
    const session = await stsGetSessionToken({ context, endpoint }, keys, params);
    // The keys came from the chain (their accountId checked there), typed as the public Credentials.
    const accountId = checkAccountId(keys.accountId) ?? session.accountId;
    return makeCredentials({ ...session, ...(accountId ? { accountId } : {}), source: `${keys.source} + GetSessionToken` });
  } catch (error) {
    // Below the chain errors carry no source name; this one is named after serve.
    throw asSourceError(error, EXCHANGE_SOURCE);
  }
}
