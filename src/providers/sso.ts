// SSO (SPEC §6): the SSO base of a profile (legacy and sso-session), resolved for the profile source,
// and chain step 2, the explicit options. The token and portal code (src/sso/) loads only when used.
//
//   credentialChain({ ssoStartUrl: 'https://my.awsapps.com/start', ssoAccountId: '123456789012',
//                     ssoRegion: 'eu-west-1', ssoRoleName: 'ReadOnly' })

import type { SsoBase } from '../config/plan.js';
import type { Credentials } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import type { CredentialSource, SourceInput } from '../source.js';

/** Cached token (refreshed for sso-session profiles) → GetRoleCredentials. Never NotConfigured: the base is configured. */
export async function resolveSsoBase(input: SourceInput, base: SsoBase, sourceName: string): Promise<Credentials> {
  const { ssoRoleCredentials } = await import('../sso/role-credentials.js');
  return ssoRoleCredentials(input, base, sourceName);
}

const REQUIRED = ['ssoStartUrl', 'ssoAccountId', 'ssoRegion', 'ssoRoleName'] as const;

export const source: CredentialSource = {
  name: 'sso',
  async resolve(input) {
    const { options } = input;
    if (!REQUIRED.some((key) => options[key]) && !options.ssoSession) {
      throw new NotConfiguredError('sso', 'SSO settings in a profile are resolved by the profile source; this step answers only for SSO options passed in code', {
        skipped: true,
      });
    }
    // As the SDK's fromSSO: some sso* options but not all four is a mistake, not "not configured".
    const missing = REQUIRED.filter((key) => !options[key]);
    if (missing.length > 0) {
      throw new BrokenSourceError('sso', `incomplete SSO options: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`, {
        fix: 'Pass all of ssoStartUrl, ssoAccountId, ssoRegion and ssoRoleName (and optionally ssoSession), or none of them',
      });
    }
    const base: SsoBase = {
      kind: 'sso',
      profile: input.profileName,
      ssoStartUrl: options.ssoStartUrl!,
      ssoAccountId: options.ssoAccountId!,
      ssoRegion: options.ssoRegion!,
      ssoRoleName: options.ssoRoleName!,
    };
    if (options.ssoSession) base.ssoSession = options.ssoSession;
    input.note(`explicit SSO options: account ${base.ssoAccountId}, role ${base.ssoRoleName}, start URL ${base.ssoStartUrl}`);
    const { ssoRoleCredentials } = await import('../sso/role-credentials.js');
    return ssoRoleCredentials(input, base, 'sso', 'options');
  },
};
