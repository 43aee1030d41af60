// Credentials for an SSO base: the access token (cache, refresh) then GetRoleCredentials (docs/behaviour.md,
// "SSO"). Loaded only when an SSO profile or the explicit sso* options are used.

import type { SsoBase } from '../config/plan.js';
import type { CheckedFields } from '../credentials.js';
import { explicitSsoLoginFix, getSsoAccessToken, ssoLoginFix, type SsoTokenCall } from './token.js';
import { getRoleCredentials } from './portal.js';

/** `from` decides the login hint: a profile to name, or the explicit sso* options (no profile). */
export async function ssoRoleCredentials(call: SsoTokenCall, base: SsoBase, from: 'profile' | 'options' = 'profile'): Promise<CheckedFields> {
  const loginFix = from === 'profile' ? ssoLoginFix(base) : explicitSsoLoginFix(base);
  const accessToken = await getSsoAccessToken(call, base, loginFix);
  return getRoleCredentials(call, { region: base.ssoRegion, accountId: base.ssoAccountId, roleName: base.ssoRoleName, accessToken, loginFix });
}
