// Credentials for an SSO base: the access token (cache, refresh) then GetRoleCredentials (SPEC §6).
// Loaded only when an SSO profile or the explicit sso* options are used.

import type { SsoBase } from '../config/plan.js';
import type { Credentials } from '../credentials.js';
import type { SourceInput } from '../source.js';
import { explicitSsoLoginFix, getSsoAccessToken, ssoLoginFix } from './token.js';
import { getRoleCredentials } from './portal.js';

/** `from` decides the login hint: a profile to name, or the explicit sso* options (no profile). */
export async function ssoRoleCredentials(input: SourceInput, base: SsoBase, sourceName: string, from: 'profile' | 'options' = 'profile'): Promise<Credentials> {
  const loginFix = from === 'profile' ? ssoLoginFix(base) : explicitSsoLoginFix(base);
  const accessToken = await getSsoAccessToken(input, base, sourceName, loginFix);
  return getRoleCredentials(
    input,
    { region: base.ssoRegion, accountId: base.ssoAccountId, roleName: base.ssoRoleName, accessToken, loginFix },
    sourceName,
  );
}
