// `aws login` sessions (SPEC §13): the login base of a profile (also as a role chain's source_profile),
// resolved for the profile source, and fromLoginCredentials(), the SDK-shaped provider for one profile.
// This is the layer that names the source in errors; src/login/ below it is label-free.
//
//   const provider = fromLoginCredentials({ profile: 'dev' });   // after `aws login --profile dev`
//   const credentials = await provider();

import { loadConfigFor } from '../config/load.js';
import type { LoginBase } from '../config/plan.js';
import { profileString } from '../endpoint.js';
import { makeCredentials, type Credentials } from '../credentials.js';
import { BrokenSourceError, NotConfiguredError } from '../errors.js';
import type { ChainOptions, CredentialSource, SourceInput } from '../source.js';
import { credentialChain, type CredentialProvider } from '../chain.js';

/** Credentials of a login base; every problem becomes `sourceName`'s broken error (the base is configured). */
export async function resolveLoginBase(input: SourceInput, base: LoginBase, sourceName: string): Promise<Credentials> {
  const [{ loginSessionCredentials, loginFixFor }, { LoginProblem }] = await Promise.all([import('../login/session.js'), import('../login/problem.js')]);
  const config = await input.loadConfig().catch(() => undefined);
  const selected = profileString(config?.profiles[input.profileName], 'region');
  try {
    const { token } = await loginSessionCredentials(input, {
      profile: base.profile,
      loginSession: base.loginSession,
      loginFix: loginFixFor(base.profile),
      regions: [
        { region: input.options.clientConfig?.region, from: 'the clientConfig.region option' },
        { region: base.region, from: `region of profile "${base.profile}"` },
        { region: input.context.env.AWS_REGION, from: 'AWS_REGION' },
        { region: selected, from: `region of profile "${input.profileName}"` },
      ],
      // As for SSO, the SDK reads endpoint settings from the selected profile, not the one with login_session.
      endpoint: { env: input.context.env, config, profileName: input.profileName },
      sourceName,
    });
    return makeCredentials({
      accessKeyId: token.accessKeyId,
      secretAccessKey: token.secretAccessKey,
      sessionToken: token.sessionToken,
      accountId: token.accountId,
      expiration: token.expiresAt,
      source: sourceName,
    });
  } catch (error) {
    if (error instanceof LoginProblem) throw new BrokenSourceError(sourceName, error.problem, { fix: error.fix, code: error.code, cause: error.cause });
    throw error;
  }
}

const SOURCE = 'login';

/** The one-profile source behind fromLoginCredentials: the selected profile must have login_session. */
export const source: CredentialSource = {
  name: SOURCE,
  async resolve(input) {
    const config = await loadConfigFor(input, SOURCE);
    const loginSession = profileString(config.profiles[input.profileName], 'login_session');
    if (!loginSession) throw new NotConfiguredError(SOURCE, `profile "${input.profileName}" has no login_session`);
    const base: LoginBase = { kind: 'login', profile: input.profileName, loginSession };
    const region = profileString(config.profiles[input.profileName], 'region');
    if (region) base.region = region;
    return resolveLoginBase(input, base, SOURCE);
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
