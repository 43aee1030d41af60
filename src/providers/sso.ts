// SSO (docs/behaviour.md, "SSO"): the SSO base of a profile (legacy and sso-session), resolved for the
// profile source, and chain step 2, the explicit options. The token and portal code (src/sso/) loads
// only when used.
//
//   credentialChain({ ssoStartUrl: 'https://my.awsapps.com/start', ssoAccountId: '123456789012',
//                     ssoRegion: 'eu-west-1', ssoRoleName: 'ReadOnly' })

import { selectedProfileMissing, ssoBaseOf, type SsoBase } from '../config/plan.js';
import { selectedBy } from '../profile-selection.js';
import type { CheckedFields } from '../credentials.js';
import { broken, notConfigured } from '../errors.js';
import type { SsoTokenCall } from '../sso/token.js';
import type { CredentialSource, SourceInput } from '../source.js';
import { ssoOptionsGiven, type SsoSettings } from '../source-settings.js';

/** Cached token (refreshed for sso-session profiles) → GetRoleCredentials. Never "not configured": the base is configured. */
export async function resolveSsoBase(input: SourceInput, base: SsoBase, from: 'profile' | 'options' = 'profile'): Promise<CheckedFields> {
  const [{ ssoRoleCredentials }, { newSsoTokenState }, { serviceClientFor }] = await Promise.all([
    import('../sso/role-credentials.js'),
    import('../sso/token.js'),
    import('./service-client.js'),
  ]);
  const { context } = input;
  const call: SsoTokenCall = {
    context,
    // An unreadable config file is the profile source's to report; here it only means "no endpoint settings".
    config: await input.loadConfig().catch(() => undefined),
    client: await serviceClientFor(input, 'SSO'),
    profileName: input.profile.name,
    note: input.note,
    tokens: (input.state.sso ??= newSsoTokenState(context.now)),
  };
  return ssoRoleCredentials(call, base, from);
}

const REQUIRED = [
  ['startUrl', 'ssoStartUrl'],
  ['accountId', 'ssoAccountId'],
  ['region', 'ssoRegion'],
  ['roleName', 'ssoRoleName'],
] as const;

/**
 * The explicit sso* options classified once: an SSO base for the selected profile's name, or broken when
 * some are given but not all four — as the SDK's fromSSO, a mistake, not "not configured".
 */
export function ssoOptionsBase(settings: SsoSettings, profile: string): SsoBase {
  const missing = REQUIRED.filter(([key]) => !settings[key]).map(([, option]) => option);
  if (missing.length > 0) {
    throw broken(`incomplete SSO options: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`, {
      fix: 'Pass all of ssoStartUrl, ssoAccountId, ssoRegion and ssoRoleName (and optionally ssoSession), or none of them',
    });
  }
  const base: SsoBase = { kind: 'sso', profile, ssoStartUrl: settings.startUrl!, ssoAccountId: settings.accountId!, ssoRegion: settings.region!, ssoRoleName: settings.roleName! };
  if (settings.session) base.ssoSession = settings.session;
  return base;
}

/** Chain step 2 (skipped without sso* options: order.ts). */
export const source: CredentialSource = {
  name: 'sso',
  async resolve(input) {
    const base = ssoOptionsBase(input.settings.sso, input.profile.name);
    input.note(`explicit SSO options: account ${base.ssoAccountId}, role ${base.ssoRoleName}, start URL ${base.ssoStartUrl}`);
    return resolveSsoBase(input, base, 'options');
  },
};

/** fromSSO(): the explicit options when any is given (as the chain step), else the selected profile's own SSO settings. */
export const ssoOptionsOrProfile: CredentialSource = {
  name: 'sso',
  async resolve(input) {
    if (ssoOptionsGiven(input.settings.sso)) return source.resolve(input);
    const config = await input.loadConfig();
    const name = input.profile.name;
    const how = selectedBy(input.profile);
    if (how && !config.profiles[name]) throw selectedProfileMissing(config, name, how);
    if (!config.profiles[name]) throw notConfigured(`profile "${name}" is not in ${config.configFile} or ${config.credentialsFile}`);
    const base = ssoBaseOf(config, name);
    if (!base) throw notConfigured(`profile "${name}" is not configured with SSO credentials (no sso_session or sso_* settings)`);
    input.note(`profile "${name}": SSO role ${base.ssoRoleName} in account ${base.ssoAccountId}`);
    return resolveSsoBase(input, base);
  },
};
