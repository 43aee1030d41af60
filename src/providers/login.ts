// `aws login` sessions (SPEC §13): the login base of a profile (also as a role chain's source_profile),
// resolved for the profile source, and fromLoginCredentials(), the SDK-shaped provider for one profile.
// This is the layer that names the source in errors; src/login/ below it is label-free.
//
//   const provider = fromLoginCredentials({ profile: 'dev' });   // after `aws login --profile dev`
//   const credentials = await provider();

import type { LoginBase } from '../config/plan.js';
import { profileString } from '../endpoint.js';
import type { CredentialFields } from '../credentials.js';
import { SourceError } from '../errors.js';
import type { ChainOptions, CredentialSource, SourceInput } from '../source.js';
import { credentialChain, type CredentialProvider } from '../chain.js';

/** Credentials of a login base; every problem is broken (the base is configured). */
export async function resolveLoginBase(input: SourceInput, base: LoginBase): Promise<CredentialFields> {
  const [{ loginSessionCredentials, loginFixFor }, { LoginProblem }] = await Promise.all([import('../login/session.js'), import('../login/problem.js')]);
  const config = await input.loadConfig().catch(() => undefined);
  const selected = profileString(config?.profiles[input.profile.name], 'region');
  try {
    const { token } = await loginSessionCredentials(input, {
      profile: base.profile,
      loginSession: base.loginSession,
      loginFix: loginFixFor(base.profile),
      regions: [
        { region: input.options.clientConfig?.region, from: 'the clientConfig.region option' },
        { region: base.region, from: `region of profile "${base.profile}"` },
        { region: input.context.env.AWS_REGION, from: 'AWS_REGION' },
        { region: selected, from: `region of profile "${input.profile.name}"` },
      ],
      // As for SSO, the SDK reads endpoint settings from the selected profile, not the one with login_session.
      endpoint: { env: input.context.env, config, profileName: input.profile.name },
      sourceName: SOURCE,
    });
    const credentials: CredentialFields = { accessKeyId: token.accessKeyId, secretAccessKey: token.secretAccessKey, sessionToken: token.sessionToken, expiration: token.expiresAt };
    if (token.accountId) credentials.accountId = token.accountId;
    return credentials;
  } catch (error) {
    if (error instanceof LoginProblem) {
      throw SourceError.broken(error.problem, { ...(error.fix ? { fix: error.fix } : {}), ...(error.code ? { code: error.code } : {}), cause: error.cause });
    }
    throw error;
  }
}

const SOURCE = 'login';

/** The one-profile source behind fromLoginCredentials: the selected profile must have login_session. */
export const source: CredentialSource = {
  name: SOURCE,
  async resolve(input) {
    const config = await input.loadConfig();
    const loginSession = profileString(config.profiles[input.profile.name], 'login_session');
    if (!loginSession) throw SourceError.absent(`profile "${input.profile.name}" has no login_session`);
    const base: LoginBase = { kind: 'login', profile: input.profile.name, loginSession };
    const region = profileString(config.profiles[input.profile.name], 'region');
    if (region) base.region = region;
    return resolveLoginBase(input, base);
  },
};

export type LoginCredentialsOptions = Pick<ChainOptions, 'profile' | 'clientConfig' | 'logger' | 'context' | 'ignoreCache'>;

/**
 * The credentials of the `aws login` session of one profile (options.profile, AWS_PROFILE, `default`),
 * memoized and refreshed like the chain's, with explain(). As the SDK's fromLoginCredentials.
 */
export function fromLoginCredentials(options: LoginCredentialsOptions = {}): CredentialProvider {
  return credentialChain({ ...options, sources: [source] });
}
