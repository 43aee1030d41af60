// `aws login` sessions (docs/behaviour.md, "aws login sessions"): the login base of a profile (also as a role chain's
// source_profile), resolved for the profile source, and the one-profile source behind the public
// fromLoginCredentials() (src/named-providers/). The session code (src/login/) loads only when a
// login profile is used.

import { selectedProfileMissing, type LoginBase } from '../config/plan.js';
import { selectedBy } from '../profile-selection.js';
import { profileString } from '../config/section.js';
import { credentialFields, type CheckedFields } from '../credentials.js';
import { notConfigured } from '../errors.js';
import type { CredentialSource, SourceInput } from '../source.js';

/** Credentials of a login base. Never "not configured": the base is configured. */
export async function resolveLoginBase(input: SourceInput, base: LoginBase): Promise<CheckedFields> {
  const [{ loginSessionCredentials, newLoginTokenState }, { clientConfigRegion, serviceClientFor }] = await Promise.all([import('../login/session.js'), import('./service-client.js')]);
  const { context } = input;
  // An unreadable config file is the profile source's to report; here it only means "no endpoint settings".
  const [config, client, explicitRegion] = await Promise.all([input.loadConfig().catch(() => undefined), serviceClientFor(input, 'sign-in'), clientConfigRegion(input)]);
  const token = await loginSessionCredentials({
    context,
    // As for SSO, the SDK reads endpoint settings from the selected profile, not the one with login_session.
    config,
    profileName: input.profile.name,
    note: input.note,
    tokens: (input.state.login ??= newLoginTokenState(context.now)),
    profile: base.profile,
    loginSession: base.loginSession,
    client,
    regions: [
      { region: explicitRegion, from: 'the clientConfig.region option' },
      { region: base.region, from: `region of profile "${base.profile}"` },
      { region: context.env.AWS_REGION, from: 'AWS_REGION' },
      { region: profileString(config?.profiles[input.profile.name], 'region'), from: `region of profile "${input.profile.name}"` },
    ],
  });
  return credentialFields({
    accessKeyId: token.accessKeyId,
    secretAccessKey: token.secretAccessKey,
    sessionToken: token.sessionToken,
    accountId: token.accountId,
    expiration: token.expiresAt,
  });
}

/** The one-profile source behind fromLoginCredentials: the selected profile must have login_session. */
export const source: CredentialSource = {
  name: 'login',
  async resolve(input) {
    const config = await input.loadConfig();
    const name = input.profile.name;
    const section = config.profiles[name];
    const how = selectedBy(input.profile);
    if (how && !section) throw selectedProfileMissing(config, name, how);
    if (!section) throw notConfigured(`profile "${name}" is not in ${config.configFile} or ${config.credentialsFile}`);
    const loginSession = profileString(section, 'login_session');
    if (!loginSession) throw notConfigured(`profile "${name}" has no login_session`);
    const base: LoginBase = { kind: 'login', profile: input.profile.name, loginSession };
    const region = profileString(section, 'region');
    if (region) base.region = region;
    return resolveLoginBase(input, base);
  },
};
